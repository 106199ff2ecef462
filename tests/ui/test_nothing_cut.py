"""Issue 18 (visual pass): no screen or dialog cuts its texts at 1366×768, checked by one walker.

`cut_texts` (clausedesk/ui/widgets/layout_audit.py) lists every label, check box or button whose text
is wider than its room, every wrapped label taller than its box, every table column eliding its
text, every list with a horizontal scroll bar, every widget out of its window, and a window whose
content forces it past the screen. The screenshots command runs it on every screen and dialog it
opens; here it runs as the person would launch it, in its own process, on the demonstration store.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from clausedesk.sync import keys
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.layout_audit import cut_texts
from tests.ui.helpers import open_first_offer, shown_window

SCREENS = {"home", "markets", "companies", "participants", "hours", "recruitment", "parcours", "reports",
           "journal", "sync", "settings"}  # fmt: skip
DIALOGS = {
    "dialogue_entreprise_vide", "dialogue_entreprise_erreur", "dialogue_personne_erreur", "dialogue_lot_vide",
    "dialogue_lot_erreur", "dialogue_validation_eligibilite_vide", "dialogue_validation_eligibilite_erreur",
    "dialogue_offre_emploi", "dialogue_proposer_candidats", "dialogue_annuler_offre",
    "dialogue_phrase_de_passe_refusee", "assistant_import_1_fichier", "assistant_import_2_colonnes",
    "assistant_import_3_apercu", "confirmation_suppression", "confirmation_abandon",
    "confirmation_coordinateur", "dialogue_fichier", "dialogue_guide", "dialogue_a_propos",
    "dialogue_recherche", "dialogue_corbeille", "dialogue_sauvegardes", "dialogue_purge",
}  # fmt: skip


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_screenshots_capture_every_screen_and_dialog_none_cut(
    demo_paths: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the command sets its own screen
    target = tmp_path / "captures"
    done = subprocess.run(
        [sys.executable, "-m", "clausedesk", "--data-dir", str(demo_paths.root), "screenshots", str(target),
         "--size", f"{size[0]}x{size[1]}"],
        capture_output=True, env=env, timeout=600,
    )  # fmt: skip
    err = done.stderr.decode("utf-8")
    assert done.returncode == 0, err
    cut = [line for line in err.splitlines() if "Texte coupé" in line]
    assert cut == [], "\n".join(cut)
    names = {p.stem for p in target.glob("*.png")}
    assert names >= SCREENS, SCREENS - names
    assert names >= DIALOGS, DIALOGS - names
    for key in SCREENS:  # the window kept the size asked: no screen forced it wider (recruitment: 1,395 px)
        assert _png_size(target / f"{key}.png") == size, key
    assert done.stdout.decode("utf-8").count("Capture écrite") == len(names)


def test_the_recruitment_screen_fits_a_1366_px_window(qtbot: Any, demo_store: Any) -> None:
    with shown_window(qtbot, demo_store) as window:
        open_first_offer(qtbot, window)
        assert window.minimumSizeHint().width() <= 1366
        assert window.width() == 1366
        problems = cut_texts(window, (1366, 768))
        assert problems == [], problems


def test_the_eligibility_checkboxes_flow_into_a_narrow_form(qtbot: Any, demo_store: Any) -> None:
    """« Bénéficiaire du RSA » was off the right edge: two fixed columns wider than the dialog."""
    from clausedesk.db.repositories import listing
    from clausedesk.ui.participants.forms import validation_form

    make_application()
    parent = QWidget()
    qtbot.addWidget(parent)
    with demo_store.session() as s:
        person = listing.participants(s)[0]["uuid"]
    dialog = validation_form(UiContext(store=demo_store, paths=demo_store.paths), parent, person)
    qtbot.addWidget(dialog)
    dialog.resize(640, 600)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.wait(50)
    group = dialog.widgets["category_codes"]
    assert group.columns == 1  # type: ignore[attr-defined]
    assert cut_texts(dialog) == []
    rsa = next(b for b in group.boxes.values() if b.text() == "Bénéficiaire du RSA")  # type: ignore[attr-defined]
    assert rsa.isVisible() and rsa.width() >= rsa.sizeHint().width()
    dialog.resize(1300, 700)  # room again: two columns
    qtbot.waitUntil(lambda: group.columns == 2)  # type: ignore[attr-defined]
    assert cut_texts(dialog) == []


def test_a_refused_passphrase_never_overlaps_the_dialog_text(qtbot: Any, tmp_path: Path) -> None:
    """The three-line refusal was drawn over the dialog's first line: the dialog now grows to hold it."""
    from clausedesk.ui.sync.passphrase import PassphraseDialog

    make_application()
    keys.generate_identity(tmp_path, b"la bonne phrase", scrypt_n=2**4)
    dialog = PassphraseDialog(
        None, "Signer le paquet",
        "Le paquet d'octobre 2026 va être signé avec votre clé. Saisissez sa phrase de passe.",
        lambda phrase: keys.load_identity(tmp_path, phrase), confirm=False,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.phrase, "une mauvaise phrase")
    dialog.accept()
    assert "Phrase de passe incorrecte" in dialog.error.text()
    qtbot.waitUntil(lambda: cut_texts(dialog) == [], timeout=2000)
    labels = [label for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]
    boxes = sorted((label.geometry() for label in labels), key=lambda r: r.top())
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert upper.bottom() < lower.top() or upper.intersected(lower).isEmpty()


def test_each_empty_list_says_what_to_do_next(qtbot: Any, store: Any) -> None:
    q, p = "«\u00a0", "\u00a0»"  # French quotes hold their words with no-break spaces
    expected = {
        "companies": f"Aucune entreprise pour l'instant. Ajoutez-en une avec {q}Nouvelle entreprise{p}",
        "participants": f"Aucun participant pour l'instant. Ajoutez-en un avec {q}Nouveau participant{p}",
        "markets": f"Aucun donneur d'ordre pour l'instant. Commencez par {q}Nouveau donneur d'ordre{p}",
        "recruitment": f"Aucune offre ouverte. Créez-en une avec {q}Nouvelle offre…{p}",
        "hours": "Aucun contrat actif en ",
        "journal": "Aucune réunion notée.",
    }
    with shown_window(qtbot, store) as window:
        for key, start in expected.items():
            screen = window.show_screen(key)

            def said(screen: QWidget = screen, start: str = start) -> bool:
                shown = [lab.text() for lab in screen.findChildren(QLabel, "empty_state") if lab.isVisible()]
                return any(text.startswith(start) for text in shown)

            try:
                qtbot.waitUntil(said, timeout=10000)
            except Exception as exc:
                labels = [(lab.isVisible(), lab.text()) for lab in screen.findChildren(QLabel, "empty_state")]
                raise AssertionError(f"{key}: {labels}") from exc
        companies = window.show_screen("companies")
        qtbot.keyClicks(companies.list.search, "zzz")  # a search finding nothing says how to widen it
        qtbot.waitUntil(lambda: any(label.isVisible() and label.text().startswith("Aucun résultat")
                                    for label in companies.findChildren(QLabel, "empty_state")))  # fmt: skip


def test_the_navigation_shows_a_drawn_icon_per_screen(qtbot: Any, store: Any) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    with shown_window(qtbot, store) as window:
        nav = window.nav
        images = []
        for row in range(nav.count()):
            icon = nav.item(row).icon()
            assert not icon.isNull(), nav.item(row).text()
            normal = icon.pixmap(QSize(20, 20), QIcon.Mode.Normal).toImage()
            selected = icon.pixmap(QSize(20, 20), QIcon.Mode.Selected).toImage()
            assert normal != selected  # white on the selected line
            images.append(normal)
        assert all(a != b for i, a in enumerate(images) for b in images[i + 1:])  # one glyph per screen
        assert nav.visualItemRect(nav.item(0)).height() >= 28  # lines with room, not a plain text list
        assert cut_texts(nav) == []


def test_the_file_dialog_shows_its_columns_whole(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog, QTreeView

    from clausedesk.ui.widgets.files import OPTIONS

    make_application()
    (tmp_path / "relevés de novembre").mkdir()
    dialog = QFileDialog(None, "Relevé à importer", str(tmp_path), "Classeurs (*.xlsx)")
    dialog.setOptions(OPTIONS)
    dialog.resize(900, 560)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) > 0)
    qtbot.waitUntil(lambda: cut_texts(dialog) == [], timeout=3000)
    assert view.header().sectionSize(3) >= view.header().sectionSizeHint(3)


@pytest.mark.parametrize("form", ["company", "lot", "validation", "person", "contract"])
def test_common_forms_cut_nothing_at_their_narrowest(qtbot: Any, demo_store: Any, form: str) -> None:
    """« aison sociale », « C… », « Bénéficiaire du RSA » off the edge: each form at its least width."""
    from clausedesk.db.repositories import listing
    from clausedesk.ui.companies.screen import company_form
    from clausedesk.ui.markets.forms import lot_form
    from clausedesk.ui.participants import forms

    make_application()
    ctx = UiContext(store=demo_store, paths=demo_store.paths)
    parent = QWidget()
    qtbot.addWidget(parent)
    with demo_store.session() as s:
        market, person = listing.markets(s)[0]["uuid"], listing.participants(s)[0]["uuid"]
    opened = {
        "company": lambda: company_form(ctx, parent),
        "lot": lambda: lot_form(ctx, parent, market),
        "validation": lambda: forms.validation_form(ctx, parent, person),
        "person": lambda: forms.person_form(ctx, parent),
        "contract": lambda: forms.contract_form(ctx, parent, person),
    }
    dialog = opened[form]()  # closed with its parent (it deletes itself on close)
    qtbot.waitUntil(dialog.isVisible)
    dialog.resize(dialog.minimumSizeHint().width(), 560)
    qtbot.wait(50)
    assert dialog.scroll.viewport().width() >= dialog.body.minimumSizeHint().width()  # no sideways scroll
    dialog.show_all_errors()
    qtbot.waitUntil(lambda: cut_texts(dialog) == [], timeout=3000)

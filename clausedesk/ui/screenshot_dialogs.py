"""The dialogs the screenshots command opens: forms empty and with an error, the import wizard's steps,
the file dialog, the confirmations, the key and store dialogs, the guide, À propos and search."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from clausedesk.core.services import desk
from clausedesk.ui.style import fit_dialog
from clausedesk.ui.widgets.files import OPTIONS

TRASH_KINDS = [("company", "Entreprise"), ("participant", "Personne")]

if TYPE_CHECKING:
    from clausedesk.ui.screenshots import Camera


def _form(camera: Camera, name: str, dialog: Any, field: str | None, bad: str) -> None:
    """A form empty (or as opened), then with its errors shown (`bad` typed into `field` first)."""
    camera.shot(dialog, f"dialogue_{name}_vide")
    if field is not None:
        widget = dialog.widgets[field]
        if isinstance(widget, QLineEdit):
            widget.setText(bad)
        dialog.show_all_errors()
        camera.shot(dialog, f"dialogue_{name}_erreur")
    camera.close(dialog)


def _opened(camera: Camera, owner: Any, opener: Callable[[], None]) -> Any:
    """What `opener` leaves in `owner.dialog` once its background read has landed."""
    owner.dialog = None
    opener()
    camera.wait(lambda: owner.dialog is None)
    return owner.dialog


def capture_dialogs(camera: Camera) -> None:
    window = camera.window
    ops = window.ctx.ops
    first = ops.run_now(lambda s: {kind: (desk.rows(s, kind) or [{}])[0].get("uuid")
                                   for kind in ("buyers", "markets", "lots", "participants")})  # fmt: skip
    _forms(camera, first)
    _recruitment(camera)
    _parcours(camera)
    _import_wizard(camera)
    _confirmations(camera)
    _keys_and_store(camera)
    kinds = "Classeurs (*.xlsx *.ods *.xls *.csv)"
    chooser = QFileDialog(window, "Relevé à importer", str(window.ctx.paths.root), kinds)
    fit_dialog(chooser)
    chooser.setOptions(OPTIONS)
    chooser.resize(900, 560)
    camera.shot(chooser, "dialogue_fichier")
    camera.close(chooser)
    for name, action in (("guide", "guide_action"), ("a_propos", "about_action")):
        window.actions_by_name[action].trigger()
        shown = window.guide if name == "guide" else window.about  # type: ignore[attr-defined]
        camera.shot(shown, f"dialogue_{name}")
        camera.close(shown)
    window.open_search()
    camera.shot(window.search_dialog, "dialogue_recherche")
    camera.close(window.search_dialog)


def _forms(camera: Camera, first: dict[str, str | None]) -> None:
    from clausedesk.ui.markets import forms as market_forms
    from clausedesk.ui.participants import forms as people_forms

    window = camera.window
    companies, people, markets = (window.screen(k) for k in ("companies", "participants", "markets"))
    ctx = window.ctx
    buyer, market, lot, person = first["buyers"], first["markets"], first["lots"], first["participants"]
    companies.new_company()  # type: ignore[attr-defined]
    _form(camera, "entreprise", companies.dialog, "siret", "12345678901234")  # type: ignore[attr-defined]
    people.new_person()  # type: ignore[attr-defined]
    _form(camera, "personne", people.dialog, "birth_date", "31/02/1990")  # type: ignore[attr-defined]
    markets.new_buyer()  # type: ignore[attr-defined]
    _form(camera, "donneur_ordre", markets.dialog, "name", "")  # type: ignore[attr-defined]
    if buyer is not None:
        _form(camera, "operation", market_forms.operation_form(ctx, markets, buyer), "name", "")
        _form(camera, "marche", market_forms.market_form(ctx, markets, buyer), "ref", "")
    if market is not None:
        _form(camera, "lot", market_forms.lot_form(ctx, markets, market), "cpv", "4521")
    if lot is not None:
        _form(camera, "attribution", market_forms.attribution_form(ctx, markets, lot), None, "")
        _form(camera, "avenant", market_forms.amendment_form(ctx, markets, lot), None, "")
    if person is not None:
        _form(camera, "validation_eligibilite", people_forms.validation_form(ctx, people, person),
              "validated_on", "31/02/2026")  # fmt: skip
        _form(camera, "contrat", people_forms.contract_form(ctx, people, person), "start_date", "2/13/26")
        _form(camera, "situation", people_forms.situation_form(ctx, people, person), None, "")


def _recruitment(camera: Camera) -> None:
    from clausedesk.core.services.recruitment_vocab import OfferStatus
    from clausedesk.ui.recruitment.candidates import CandidateProfileDialog
    from clausedesk.ui.recruitment.dialogs import OutcomeDialog

    screen: Any = camera.window.show_screen("recruitment")
    camera.wait(lambda: screen.loading)
    offer = _opened(camera, screen, screen.open_new_offer)
    camera.shot(offer, "dialogue_offre_emploi")
    camera.close(offer)
    page = screen.page
    if page.offer_uuid is None:
        return
    camera.wait(lambda: page.loading)
    propose = _opened(camera, page, page.open_propose)
    camera.shot(propose, "dialogue_proposer_candidats")
    camera.close(propose)
    status = _opened(camera, page, lambda: page.change_status(OfferStatus.ANNULEE.value))
    camera.shot(status, "dialogue_annuler_offre")
    camera.close(status)
    outcome = OutcomeDialog(page, "DUPONT Claire")
    camera.shot(outcome, "dialogue_non_retenue")
    camera.close(outcome)
    profile = CandidateProfileDialog(camera.window.ctx, page)
    camera.wait(lambda: getattr(profile, "loading", False))
    camera.shot(profile, "dialogue_profil_candidat")
    camera.close(profile)


def _parcours(camera: Camera) -> None:
    screen: Any = camera.window.show_screen("parcours")
    for panel, opener, name in ((screen.conventions, "new_convention", "convention"),
                                (screen.trainings, "new_session", "session_formation")):  # fmt: skip
        screen.tabs.setCurrentWidget(panel)
        dialog = _opened(camera, panel, getattr(panel, opener))
        if dialog is not None:
            camera.shot(dialog, f"dialogue_{name}")
            camera.close(dialog)


def _import_wizard(camera: Camera) -> None:
    """Its steps: the file to choose, the columns to name, the preview of each row before importing."""
    from clausedesk.core.services import hours as service
    from clausedesk.ui.hours.import_dialog import ImportDialog, PastImportsDialog

    window = camera.window
    hours: Any = window.show_screen("hours")
    camera.wait(lambda: getattr(hours, "loading", False))
    dialog = ImportDialog(window.ctx, window)
    dialog.resize(1100, 600)
    camera.shot(dialog, "assistant_import_1_fichier")
    with tempfile.TemporaryDirectory(prefix="clausedesk-releve-") as folder:
        month = hours.month
        written = window.ctx.ops.call_sessions(lambda sessions: service.write_month_templates(
            sessions, month, Path(folder)))  # fmt: skip
        if written:
            _fill_hours(written[0])
            dialog.path_edit.setText(str(written[0]))
            if dialog.show_columns():
                camera.shot(dialog, "assistant_import_2_colonnes")
                dialog.mapping.hide()
            dialog.preview()
            camera.wait(lambda: "Vérification en cours" in dialog.summary.text())
            camera.shot(dialog, "assistant_import_3_apercu")
    camera.close(dialog)
    past = PastImportsDialog(window.ctx, window)
    camera.shot(past, "dialogue_imports_passes")
    camera.close(past)


def _fill_hours(path: Path) -> None:
    """The company's answer: hours typed in the yellow cells of the template, as it sends it back."""
    from openpyxl import load_workbook

    from clausedesk.reports import releve_template as template

    book = load_workbook(path)
    sheet = book[template.SHEET_TITLE]
    for row in range(template.HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row, template.COL_UUID).value:
            sheet.cell(row, template.COL_WORKED).value = 35 + 7 * (row % 4)
    book.save(path)


def _confirmations(camera: Camera) -> None:
    """The decisions asked of the person, each with its safe answer as the default button."""
    from clausedesk.ui.sync.identity import coordinator_question
    from clausedesk.ui.widgets.confirm import delete_question, discard_question

    window = camera.window
    for name, box in (("confirmation_suppression", delete_question(window, "l'entreprise Avenir Pro")),
                      ("confirmation_abandon", discard_question(window)),
                      ("confirmation_coordinateur", coordinator_question(window))):  # fmt: skip
        camera.shot(box, name)
        camera.close(box)


def _keys_and_store(camera: Camera) -> None:
    """The signing key's passphrase refused, the backups, the purge, the trash."""
    from clausedesk.sync import keys
    from clausedesk.ui.sync.passphrase import PassphraseDialog
    from clausedesk.ui.trust.backups import BackupsDialog
    from clausedesk.ui.trust.purge import PurgeDialog
    from clausedesk.ui.widgets.confirm import TrashDialog

    window = camera.window
    with tempfile.TemporaryDirectory(prefix="clausedesk-cle-") as folder:
        keys.generate_identity(Path(folder), b"la bonne phrase", scrypt_n=2**4)
        dialog = PassphraseDialog(
            window, "Signer le paquet",
            "Le paquet d'octobre 2026 va être signé avec votre clé. Saisissez sa phrase de passe.",
            lambda phrase: keys.load_identity(Path(folder), phrase), confirm=False,
        )  # fmt: skip
        dialog.show()
        dialog.phrase.setText("une mauvaise phrase")
        dialog.accept()
        camera.shot(dialog, "dialogue_phrase_de_passe_refusee")
        camera.close(dialog)
    shown: list[tuple[str, QWidget]] = [
        ("dialogue_sauvegardes", BackupsDialog(window.ctx, window)),
        ("dialogue_purge", PurgeDialog(window.ctx, window)),
        ("dialogue_corbeille", TrashDialog(window.ctx, TRASH_KINDS, window)),
    ]
    for name, widget in shown:
        camera.shot(widget, name)
        camera.close(widget)

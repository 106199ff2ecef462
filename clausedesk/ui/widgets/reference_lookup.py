"""Pickers over the shipped reference data: communes, EPCIs and ROME jobs chosen by name, stored by code.

`attach_reference(ops, combo, COMMUNE)` turns an editable `QComboBox` into a lookup (ui/widgets/lookup.py:
matches asked 200 ms after a keystroke, searched off the GUI thread): « gren » lists « Grenoble (38185) »,
« 38000 » too; « maçon » lists « F1703 — Maçon / Maçonne ». `picked(combo)` is the code chosen, or the
code typed in full (« 38185 », « F1703 », a name only one commune bears); `problem(combo)` says, in
French, why what is typed names nothing, so a form refuses it in place instead of saving it empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QSizePolicy

from clausedesk.core.reference import geo, rome
from clausedesk.ui.widgets.lookup import attach_lookup, choose, pending

LIMIT = 20


@dataclass(frozen=True)
class Reference:
    """One kind of reference value: how to search it, name a code, read a code typed in full."""

    choices: Callable[[str, int], list[tuple[str, str]]]
    label_of: Callable[[str], str]
    named: Callable[[str], set[str]]  # the codes a text typed in full names (a code, or a whole name)
    unknown: str  # the refusal of a text that names nothing; « {text} » is the text typed
    placeholder: str
    preload: Callable[[], object]  # loads the tables (on the worker, before the first search)
    ready: Callable[[], bool]  # the tables are loaded: the GUI thread may read a whole name at once


def _code_in(text: str) -> str:
    """« Grenoble (38185) » → « 38185 », « F1703 — Maçon / Maçonne » → « F1703 », else the text."""
    inside = re.search(r"\(([0-9AB]{5}|[0-9]{9})\)$", text.strip())
    if inside:
        return inside.group(1)
    return text.strip().split(" ", 1)[0] if " — " in text else text.strip()


def _resolver(known: Callable[[str], bool], named: Callable[[str], set[str]]) -> Callable[[str], set[str]]:
    """Read a text typed in full: a known code (alone or in a label), else the entries of that whole name.

    `named(text)` gives the codes to store of the entries whose whole name is the text (a dictionary
    look-up: this runs on the GUI thread at each keystroke).
    """

    def resolve(text: str) -> set[str]:
        code = _code_in(text).upper()
        return {code} if known(code) else named(text)

    return resolve


_resolve_commune = _resolver(lambda code: geo.commune(code) is not None,
                             lambda t: {c.part_of or c.code for c in geo.communes_named(t)})
_resolve_epci = _resolver(
    lambda code: geo.epci(code) is not None,
    lambda t: {e.code for e in geo.search_epcis(t, 50) if geo.fold(e.name) == geo.fold(t)},
)
_resolve_rome = _resolver(lambda code: rome.job(code) is not None, lambda t: set(rome.codes_titled(t)))


COMMUNE = Reference(
    geo.commune_choices, geo.commune_label, _resolve_commune,
    "« {text} » : commune inconnue ; tapez le début du nom, le code postal ou le code INSEE et "
    "choisissez dans la liste.",
    "nom ou code postal (ex. gren)", geo.preload, geo.ready,
)  # fmt: skip
EPCI = Reference(
    geo.epci_choices, lambda code: (e.label if (e := geo.epci(code)) else code), _resolve_epci,
    "« {text} » : EPCI inconnu ; tapez un mot du nom ou le SIREN et choisissez dans la liste.",
    "nom ou SIREN de l'EPCI", geo.preload, geo.ready,
)  # fmt: skip
ROME = Reference(
    rome.choices, rome.job_label, _resolve_rome,
    "« {text} » : métier inconnu du ROME ; tapez un intitulé (ex. maçon) ou un code (ex. F1703) et "
    "choisissez dans la liste.",
    "intitulé ou code ROME (ex. maçon)", rome.preload, rome.ready,
)  # fmt: skip

PLACE = Reference(
    lambda text, limit: geo.epci_choices(text, 5) + geo.commune_choices(text, limit),
    lambda code: EPCI.label_of(code) if len(code) == 9 else COMMUNE.label_of(code),
    lambda text: _resolve_epci(text) | _resolve_commune(text),
    "« {text} » : ni EPCI ni commune connus ; tapez un nom, un code postal, un SIREN ou un code INSEE "
    "et choisissez dans la liste.",
    "EPCI ou commune : nom, code postal, SIREN ou code INSEE", geo.preload, geo.ready,
)  # fmt: skip


def _search(reference: Reference) -> Callable[[Any, str, int], list[tuple[str, str]]]:
    def search(_session: Any, text: str, limit: int) -> list[tuple[str, str]]:
        if not text:
            reference.preload()  # the first keystroke's search then finds the tables ready
            return []
        return reference.choices(text, limit)

    return search


def attach_reference(ops: Any, combo: QComboBox, reference: Reference) -> QComboBox:
    """Make `combo` a lookup of `reference` (see the module); the choice already shown stays."""
    combo.setProperty("reference", True)
    setattr(combo, "_reference", reference)  # noqa: B010
    attach_lookup(ops, combo, _search(reference), limit=LIMIT)
    combo.lineEdit().setPlaceholderText(reference.placeholder)
    return combo


def reference_combo(reference: Reference, name: str, code: str | None = None) -> QComboBox:
    """A new editable combo for `reference` (attach it once the operations layer is at hand)."""
    combo = QComboBox(objectName=name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    setattr(combo, "_reference", reference)  # noqa: B010
    combo.lineEdit().setPlaceholderText(reference.placeholder)
    # as wide as the form's text fields (« Saint-Martin-d'Hères (38421) », a ROME title with its code)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(28)
    show(combo, code)
    return combo


def show(combo: QComboBox, code: str | None) -> None:
    """Show `code` chosen, by its name (a record being edited); nothing for None."""
    reference: Reference = combo._reference  # type: ignore[attr-defined]
    if code:
        choose(combo, code, reference.label_of(code))
    else:
        combo.setCurrentIndex(-1)
        combo.setEditText("")


def settle(combo: QComboBox) -> None:
    """Saving: wait for the tables if they are still loading (once, about 0.7 s), so a code or a whole
    name typed is read rather than refused while the background load ends."""
    reference: Reference = combo._reference  # type: ignore[attr-defined]
    if not reference.ready():
        reference.preload()


def picked(combo: QComboBox) -> str | None:
    """The code chosen, or typed in full; None when nothing or an unknown text is typed."""
    text = combo.currentText().strip()
    index = combo.currentIndex()
    if index >= 0 and text == combo.itemText(index).strip() and combo.itemData(index):
        return str(combo.itemData(index))
    reference: Reference = combo._reference  # type: ignore[attr-defined]
    # never wait on the GUI thread for the tables (loaded in the background, about 0.7 s, once)
    found = reference.named(text) if text and reference.ready() else set()
    return found.pop() if len(found) == 1 else None


def problem(combo: QComboBox) -> str | None:
    """Why the text typed cannot be kept (it names nothing, or several things), or None.

    The propositions listed (searched in the background for this text) tell « several » from « none ».
    """
    text = combo.currentText().strip()
    if not text or picked(combo) is not None:
        return None
    reference: Reference = combo._reference  # type: ignore[attr-defined]
    lookup = getattr(combo, "_lookup", None)
    if reference.ready() and len(reference.named(text)) > 1:
        return f"« {text} » : plusieurs portent ce nom, choisissez dans la liste (le code les distingue)."
    if not reference.ready() or (lookup is not None and (lookup.timer.isActive() or pending(combo))):
        return f"« {text} » : choisissez une des propositions de la liste (recherche en cours)."
    if combo.count() > 0:
        return f"« {text} » : plusieurs propositions correspondent, choisissez-en une dans la liste."
    return reference.unknown.format(text=text)

"""Editing the directory from the coordinator's window: a facilitator's entry, a buyer's chef de file."""

from __future__ import annotations

import re
from typing import Any

import shiboken6
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.sync import directory
from clausedesk.ui.context import UiContext
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.widgets.reference_lookup import PLACE, attach_reference, reference_combo


class _WriteDialog(FittedDialog):
    """A form whose « OK » writes through the operations layer; a refusal stays in the dialog, in French."""

    def __init__(self, parent: QWidget, ctx: UiContext, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("erreur")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.done_message = ""

    def write(self, fn: Any) -> None:
        self.error.clear()
        self.buttons.setEnabled(False)
        self.ctx.ops.write(self, fn, self._written, changes="directory", on_error=self._refused)

    def _written(self, message: str) -> None:
        if shiboken6.isValid(self):
            self.done_message = message
            super().accept()

    def _refused(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.buttons.setEnabled(True)
            self.error.setText(exc.message if isinstance(exc, ClauseDeskError) else str(exc))


class EntryDialog(_WriteDialog):
    """A facilitator's structure, territory (EPCI SIRENs and commune codes) and contacts."""

    def __init__(self, parent: QWidget, ctx: UiContext, entry: dict[str, Any]) -> None:
        super().__init__(parent, ctx, f"Annuaire : {entry['name']}")
        self.setObjectName("annuaire_dialog")
        self.key_id = str(entry["key_id"])
        self.structure = QComboBox()
        self.structure.setObjectName("structure")
        self.structure.addItem("(non renseignée)", None)
        for code, label in directory.STRUCTURES.items():
            self.structure.addItem(label, code)
        self.structure.setCurrentIndex(max(self.structure.findData(entry["structure"]), 0))
        self.territory = QLineEdit(", ".join(entry["territory"] + entry["communes"]))
        self.territory.setObjectName("territoire")
        self.territory.setPlaceholderText("SIREN des EPCI, codes INSEE de communes, séparés par des virgules")
        self.place = reference_combo(PLACE, "ajout_territoire")
        attach_reference(ctx.ops, self.place, PLACE)
        self.place.currentIndexChanged.connect(lambda _i: self._place_picked())
        self.places = QLabel()
        self.places.setObjectName("territoire_noms")
        self.places.setWordWrap(True)
        self.territory.textChanged.connect(lambda _t: self._name_places())
        self._name_places()
        self.contacts = QPlainTextEdit("\n".join(entry["contacts"]))
        self.contacts.setObjectName("contacts")
        self.contacts.setPlaceholderText("Une ligne par contact (téléphone, courriel…)")
        self.contacts.setMaximumHeight(90)
        self.form.addRow("Structure :", self.structure)
        self.form.addRow("Territoire :", self.territory)
        self.form.addRow("Ajouter :", self.place)
        self.form.addRow("", self.places)
        self.form.addRow("Contacts :", self.contacts)

    def _codes(self) -> list[str]:
        return list(dict.fromkeys(c for c in re.split(r"[\s,;]+", self.territory.text().upper()) if c))

    def _place_picked(self) -> None:
        """An EPCI or a commune chosen by its name joins the territory (once); the lookup is cleared."""
        code = self.place.currentData() if self.place.currentIndex() >= 0 else None
        if not code:
            return
        if code not in self._codes():
            self.territory.setText(", ".join([*self._codes(), str(code)]))
        self.place.blockSignals(True)
        self.place.setCurrentIndex(-1)
        self.place.setEditText("")
        self.place.blockSignals(False)

    def _name_places(self) -> None:
        """The territory by names: « Grenoble-Alpes-Métropole (200040715), Meylan (38229) »."""
        self.places.setText(", ".join(PLACE.label_of(code) for code in self._codes()))

    def accept(self) -> None:
        key, structure, territory = self.key_id, self.structure.currentData(), self.territory.text()
        contacts = self.contacts.toPlainText().splitlines()

        def save(session: Any) -> str:
            done = directory.update_entry(session, key, structure, territory, contacts)
            return f"Annuaire mis à jour pour « {done.name} » : publiez le référentiel pour le transmettre."

        self.write(save)


class ChefDeFileDialog(_WriteDialog):
    """Designate the chef de file of a buyer (by SIRET) among the enrolled facilitators."""

    def __init__(self, parent: QWidget, ctx: UiContext, entries: list[dict[str, Any]]) -> None:
        super().__init__(parent, ctx, "Désigner un chef de file")
        self.setObjectName("chef_de_file_dialog")
        self.siret = QLineEdit()
        self.siret.setObjectName("siret")
        self.siret.setPlaceholderText("SIRET du donneur d'ordre (14 chiffres)")
        self.facilitator = QComboBox()
        self.facilitator.setObjectName("facilitateur")
        for entry in entries:
            if not entry["revoked"]:
                self.facilitator.addItem(entry["name"], entry["key_id"])
        self.form.addRow("Donneur d'ordre :", self.siret)
        self.form.addRow("Chef de file :", self.facilitator)

    def accept(self) -> None:
        siret, key = self.siret.text(), self.facilitator.currentData()
        if key is None:
            self.error.setText("Aucun facilitateur inscrit : inscrivez-en un d'abord.")
            return

        def save(session: Any) -> str:
            done = directory.designate(session, siret, key)
            replaced = f" (à la place de « {done.replaced} »)" if done.replaced else ""
            return f"« {done.name} » est chef de file pour le donneur d'ordre {done.siret}{replaced}."

        self.write(save)

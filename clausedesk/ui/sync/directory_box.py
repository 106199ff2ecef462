"""The facilitator's view of the department's directory: who covers which territory, who is chef de file."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from clausedesk.sync import directory
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync.common import RowsModel, note, table_view

HEADERS = ["Facilitateur", "Structure", "Territoire", "Chef de file pour", "Contacts"]


class DirectoryBox(QGroupBox):
    """The directory of the last imported referential (read through the operations layer)."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__("Annuaire des facilitateurs du département")
        self.ctx = ctx
        self.model = RowsModel(HEADERS)
        self.table = table_view(self.model, "annuaire")
        self.table.setMinimumHeight(110)  # three facilitators visible beside the package's preview
        self.empty = note("annuaire_vide")
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)

    def reload(self, own_key_id: str | None) -> None:
        self.ctx.ops.read(self, lambda s: directory.facilitator_directory(s, own_key_id), self.show_rows,
                          latest="annuaire", busy=False)  # fmt: skip

    def show_rows(self, colleagues: list[directory.Colleague]) -> None:
        rows, tips = [], []
        for c in colleagues:
            places = ", ".join(f"{name} ({code})" if name != code else code for code, name in c.territory)
            chefs = ", ".join(f"{name} ({siret})" if name else siret for siret, name in c.chef_de_file_for)
            name = c.name + (" (vous)" if c.is_me else "")
            rows.append([name, c.structure or "—", places or "non renseigné", chefs or "—",
                         " ; ".join(c.contacts) or "—"])  # fmt: skip
            tips.append(["", "", places, chefs, "\n".join(c.contacts)])
        self.model.set_rows(rows, tips=tips)
        self.empty.setText("" if rows else "L'annuaire arrive avec le référentiel départemental "
                           "(« Importer le référentiel… »).")  # fmt: skip
        self.empty.setVisible(not rows)

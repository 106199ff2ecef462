"""The "what will be sent" box: counts per record type and the month's aggregates, never a name."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from clausedesk.core.formatting import hours, number, plural
from clausedesk.sync.overview import Preview
from clausedesk.ui.sync.common import RowsModel, note, of_month, table_view

PRIVACY = (
    "Le paquet ne contient ni nom, ni date de naissance, ni catégorie sensible par personne : chaque "
    "participant y figure sous un pseudonyme départemental. Il est signé par votre clé et chiffré pour "
    "le coordinateur."
)


class PreviewBox(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.summary = note("apercu_resume")
        self.summary.setStyleSheet("font-weight: 600;")
        self.records_model = RowsModel(["Enregistrements", "Nouveaux", "Modifiés", "Supprimés"], [1, 2, 3])
        self.records = table_view(self.records_model, "apercu_enregistrements", stretch=0)
        self.aggregates_model = RowsModel(["Agrégats du mois", "Valeur"], [1])
        self.aggregates = table_view(self.aggregates_model, "apercu_agregats", stretch=0)
        privacy = note()
        privacy.setText(PRIVACY)
        privacy.setStyleSheet("color: #555;")
        tables = QHBoxLayout()
        tables.addWidget(self.records, 3)
        tables.addWidget(self.aggregates, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)
        layout.addWidget(privacy)

    def waiting(self, period: str) -> None:
        self.summary.setText(f"Calcul du contenu du paquet {of_month(period)}…")

    def show_error(self, message: str) -> None:
        self.summary.setText(message)
        self.records_model.set_rows([])
        self.aggregates_model.set_rows([])

    def show_preview(self, p: Preview) -> None:
        if p.total:
            what = plural(p.total, "enregistrement nouveau, modifié ou supprimé",
                          "enregistrements nouveaux, modifiés ou supprimés")  # fmt: skip
            what += " depuis le dernier paquet"
        else:
            what = (
                "aucun enregistrement modifié depuis le dernier paquet (seuls les agrégats du mois partiront)"
            )
        self.summary.setText(f"Paquet n° {p.sequence} {of_month(p.period)} : {what}.")
        rows = [[r.label, number(r.new), number(r.changed), number(r.deleted)] for r in p.rows]
        self.records_model.set_rows(rows)
        aggregates = [
            ["Heures travaillées", hours(p.hours_worked)],
            ["Heures de formation", hours(p.hours_training)],
            ["Heures de tutorat", hours(p.hours_tutoring)],
            ["Personnes ayant des heures", number(p.participants_with_hours)],
        ]
        for label, count in p.categories:
            shown = f"< {p.threshold}" if count is None else number(count)
            aggregates.append([f"dont public : {label}", shown])
        self.aggregates_model.set_rows(aggregates, tips=[[label, ""] for label, _value in aggregates])

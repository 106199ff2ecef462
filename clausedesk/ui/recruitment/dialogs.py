"""Recruitment dialogs: new offer, propose candidates (suggestions), outcome reason, contract form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import number
from clausedesk.core.services.people import ContractData
from clausedesk.core.services.recruitment import OfferData
from clausedesk.core.services.suggestions import Suggestion
from clausedesk.core.vocab import Modality


def _date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    d = value or date.today()
    edit.setDate(QDate(d.year, d.month, d.day))
    return edit


def _date_of(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("ok")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class OfferDialog(QDialog):
    """A new fiche de poste: company, lot, job, posts, conditions."""

    def __init__(
        self,
        parent: QWidget | None,
        companies: list[tuple[str, str]],
        lots: list[tuple[str, str]],
        contract_types: list[tuple[str, str]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nouvelle offre d'emploi (fiche de poste)")
        self.company = QComboBox(objectName="company")
        for uuid, label in companies:
            self.company.addItem(label, uuid)
        self.lot = QComboBox(objectName="lot")
        self.lot.addItem("(aucun lot pour l'instant)", "")
        for uuid, label in lots:
            self.lot.addItem(label, uuid)
        self.rome = QLineEdit(objectName="rome", placeholderText="ex. F1703")
        self.job_label = QLineEdit(objectName="job_label", placeholderText="ex. Maçon")
        self.posts = QSpinBox(objectName="posts", minimum=1, maximum=500)
        self.contract_type = QComboBox(objectName="contract_type")
        self.contract_type.addItem("(à préciser)", "")
        for code, label in contract_types:
            self.contract_type.addItem(label, code)
        self.modality = QComboBox(objectName="modality")
        for code, label in Modality.choices():
            self.modality.addItem(label, code)
        self.start = _date_edit()
        self.duration = QSpinBox(objectName="duration", minimum=0, maximum=120, suffix=" mois")
        self.duration.setSpecialValueText("à préciser")
        self.weekly = QLineEdit("35", objectName="weekly")
        self.place = QLineEdit(objectName="place")
        self.commune = QLineEdit(objectName="commune", placeholderText="code INSEE, ex. 95127")
        self.requirements = QPlainTextEdit(objectName="requirements")
        self.training = QPlainTextEdit(objectName="training")
        for edit in (self.requirements, self.training):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(60)
        form = QFormLayout()
        for label, widget in (
            ("Entreprise", self.company),
            ("Lot", self.lot),
            ("Code ROME", self.rome),
            ("Intitulé du poste", self.job_label),
            ("Nombre de postes", self.posts),
            ("Type de contrat prévu", self.contract_type),
            ("Modalité", self.modality),
            ("Date de début", self.start),
            ("Durée", self.duration),
            ("Heures par semaine", self.weekly),
            ("Lieu de travail", self.place),
            ("Commune du poste", self.commune),
            ("Compétences requises", self.requirements),
            ("Formation proposée", self.training),
        ):
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Créer l'offre"))

    def data(self) -> OfferData:
        lot = self.lot.currentData()
        return OfferData(
            company_uuid=self.company.currentData() or "",
            rome=self.rome.text(),
            job_label=self.job_label.text(),
            posts=self.posts.value(),
            lot_uuids=[lot] if lot else [],
            contract_type_code=self.contract_type.currentData() or None,
            modality=self.modality.currentData(),
            start_date=_date_of(self.start),
            duration_months=self.duration.value() or None,
            weekly_hours=self.weekly.text(),
            place=self.place.text(),
            commune_code=self.commune.text(),
            requirements=self.requirements.toPlainText(),
            training=self.training.toPlainText(),
        )


class ProposeDialog(QDialog):
    """Suggested candidates, best first, with the reasons; tick the ones to propose."""

    def __init__(self, parent: QWidget | None, suggestions: list[Suggestion]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Proposer des candidats")
        self.list = QListWidget(objectName="suggestions")
        for s in suggestions:
            text = f"{s.name} – {', '.join(s.reasons)}"
            if s.warnings:
                text += f" ⚠ {', '.join(s.warnings)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s.participant_uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        info = (
            "Candidats suggérés (métier recherché, éligibilité, disponibilité, territoire), "
            "les mieux placés d'abord."
        )
        if not suggestions:
            info = "Aucun candidat ne correspond à cette offre pour l'instant (métier ou territoire)."
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(info, wordWrap=True))
        layout.addWidget(self.list)
        layout.addWidget(_buttons(self, "Proposer"))
        self.resize(640, 420)

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out


class OutcomeDialog(QDialog):
    """Non retenue or désistement: the reason is required."""

    def __init__(self, parent: QWidget | None, who: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Clore la candidature de {who}")
        self.outcome = QComboBox(objectName="outcome")
        self.outcome.addItem("Non retenue", "non_retenue")
        self.outcome.addItem("Désistement du candidat", "desistement")
        self.reason = QLineEdit(objectName="reason", placeholderText="obligatoire")
        form = QFormLayout()
        form.addRow("Issue", self.outcome)
        form.addRow("Motif", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Enregistrer"))


class ContractDialog(QDialog):
    """The contract of the retained candidate, pre-filled from the offer."""

    def __init__(
        self,
        parent: QWidget | None,
        who: str,
        data: ContractData,
        contract_types: list[tuple[str, str]],
        lots: list[tuple[str, str]],
    ) -> None:
        super().__init__(parent)
        self.base = data
        self.setWindowTitle(f"Contrat de {who}")
        self.lot = QComboBox(objectName="lot")
        for uuid, label in lots:
            self.lot.addItem(label, uuid)
        if data.lot_uuid:
            self.lot.setCurrentIndex(max(0, self.lot.findData(data.lot_uuid)))
        self.contract_type = QComboBox(objectName="contract_type")
        for code, label in contract_types:
            self.contract_type.addItem(label, code)
        self.contract_type.setCurrentIndex(max(0, self.contract_type.findData(data.contract_type_code)))
        self.modality = QComboBox(objectName="modality")
        for code, label in Modality.choices():
            self.modality.addItem(label, code)
        self.modality.setCurrentIndex(max(0, self.modality.findData(data.modality)))
        self.start = _date_edit(data.start_date)
        self.has_end = QCheckBox("Date de fin", objectName="has_end", checked=data.end_date is not None)
        self.end = _date_edit(data.end_date or data.start_date)
        self.rome = QLineEdit(data.rome or "", objectName="rome")
        self.job_label = QLineEdit(data.job_label or "", objectName="job_label")
        weekly = data.weekly_hours
        self.weekly = QLineEdit(number(Decimal(weekly), 2) if weekly is not None else "", objectName="weekly")
        form = QFormLayout()
        for label, widget in (
            ("Lot", self.lot),
            ("Type de contrat", self.contract_type),
            ("Modalité", self.modality),
            ("Début", self.start),
            (self.has_end, self.end),
            ("Code ROME", self.rome),
            ("Métier", self.job_label),
            ("Heures par semaine", self.weekly),
        ):
            form.addRow(label, widget)  # type: ignore[arg-type]
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Contrat pré-rempli à partir de l'offre : vérifiez puis enregistrez.", wordWrap=True)
        )
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Enregistrer le contrat"))

    def data(self) -> ContractData:
        return ContractData(
            participant_uuid=self.base.participant_uuid,
            company_uuid=self.base.company_uuid,
            lot_uuid=self.lot.currentData() or "",
            modality=self.modality.currentData(),
            contract_type_code=self.contract_type.currentData() or "",
            start_date=_date_of(self.start),
            end_date=_date_of(self.end) if self.has_end.isChecked() else None,
            rome=self.rome.text(),
            job_label=self.job_label.text(),
            weekly_hours=self.weekly.text(),
        )

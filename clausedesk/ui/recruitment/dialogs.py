"""Recruitment dialogs: new offer, cancel/reopen an offer, propose candidates, outcome reason, contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core import validate as v
from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import date_fr, number, plural
from clausedesk.core.reference.rome import job_with_code
from clausedesk.core.reference.rome import title as rome_title
from clausedesk.core.services import browsing
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services.people import ContractData
from clausedesk.core.services.recruitment import OfferData, OfferFormChoices, OfferSummary
from clausedesk.core.services.recruitment_vocab import OfferStatus
from clausedesk.core.services.suggestions import Suggestion
from clausedesk.core.vocab import Modality
from clausedesk.ui.context import UiContext
from clausedesk.ui.recruitment.dialog_parts import (
    _buttons,
    _date_edit,
    _date_of,
    error_label,
    reserved_error_label,
    say_reason,
    show_error,
)
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.widgets.lookup import attach_lookup, choose, requery
from clausedesk.ui.widgets.reference_lookup import (
    COMMUNE,
    ROME,
    attach_reference,
    picked,
    problem,
    reference_combo,
    settle,
)


class OfferDialog(FittedDialog):
    """A new fiche de poste: company, lot, job, posts, conditions; saved by its OK button.

    A refused value is shown in the dialog, which stays open with what was typed; once saved,
    `saved_uuid` holds the new offer's uuid and the dialog is accepted.
    """

    def __init__(self, ctx: UiContext, parent: QWidget | None, choices: OfferFormChoices) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_uuid: str | None = None
        self.setWindowTitle("Nouvelle offre d'emploi (fiche de poste)")
        # picked by typing, the matches read in the background: never every company nor every lot
        self.company = attach_lookup(ctx.ops, QComboBox(objectName="company"), browsing.company_choices)
        if choices.company_uuid:
            choose(self.company, choices.company_uuid, choices.company_label)
        self.lot = QComboBox(objectName="lot")
        self.lot.addItem("(aucun lot pour l'instant)", "")
        # the lots of the company chosen (every lot when it holds none)
        company = self.company.currentData
        attach_lookup(ctx.ops, self.lot, browsing.lots_for_company, keep_first=True, scope=company)
        if choices.lot_uuid:
            choose(self.lot, choices.lot_uuid, choices.lot_label)
        self.company.currentIndexChanged.connect(lambda _i: requery(self.lot))
        self.rome = reference_combo(ROME, "rome")
        attach_reference(ctx.ops, self.rome, ROME)
        self.rome.currentIndexChanged.connect(self._job_chosen)
        self.job_label = QLineEdit(objectName="job_label", placeholderText="ex. Maçon")
        self.posts = QSpinBox(objectName="posts", minimum=1, maximum=500)
        self.contract_type = QComboBox(objectName="contract_type")
        self.contract_type.addItem("(à préciser)", "")
        for code, label in choices.contract_types:
            self.contract_type.addItem(label, code)
        self.modality = QComboBox(objectName="modality")
        for code, label in Modality.choices():
            self.modality.addItem(label, code)
        self.start = _date_edit()
        self.duration = QSpinBox(objectName="duration", minimum=0, maximum=120, suffix=" mois")
        self.duration.setSpecialValueText("à préciser")
        self.weekly = QLineEdit("35", objectName="weekly")
        self.place = QLineEdit(objectName="place")
        self.commune = reference_combo(COMMUNE, "commune")
        attach_reference(ctx.ops, self.commune, COMMUNE)
        self.requirements = QPlainTextEdit(objectName="requirements")
        self.training = QPlainTextEdit(objectName="training")
        for edit in (self.requirements, self.training):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(60)
        form = QFormLayout()
        for label, widget in (
            ("Entreprise", self.company),
            ("Lot", self.lot),
            ("Métier (ROME)", self.rome),
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
        self.reason = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reason)
        layout.addWidget(_buttons(self, "Créer l'offre", self.save))

    def _job_chosen(self) -> None:
        """A job chosen in the list names the post when nothing is typed there yet."""
        code = picked(self.rome)
        if code and not self.job_label.text().strip():
            self.job_label.setText(rome_title(code).split(" / ")[0])

    def save(self) -> None:
        if not self.company.currentData():
            show_error(self.reason, "Entreprise : choisissez l'entreprise (créez-la d'abord si besoin).")
            return
        for label, combo in (("Métier (ROME)", self.rome), ("Commune du poste", self.commune)):
            settle(combo)
            refusal = problem(combo)
            if refusal:
                show_error(self.reason, f"{label} : {refusal}")
                combo.setFocus()
                return
        try:
            data = self.data()
            self.saved_uuid = self.ctx.ops.call(lambda s: rec.save_offer(s, data).uuid)
        except ClauseDeskError as exc:
            show_error(self.reason, exc.message)
            return
        self.accept()

    def data(self) -> OfferData:
        lot = self.lot.currentData()
        return OfferData(
            company_uuid=self.company.currentData() or "",
            rome=picked(self.rome) or "",
            job_label=self.job_label.text(),
            posts=self.posts.value(),
            lot_uuids=[lot] if lot else [],
            contract_type_code=self.contract_type.currentData() or None,
            modality=self.modality.currentData(),
            start_date=_date_of(self.start),
            duration_months=self.duration.value() or None,
            weekly_hours=self.weekly.text(),
            place=self.place.text(),
            commune_code=picked(self.commune) or "",
            requirements=self.requirements.toPlainText(),
            training=self.training.toPlainText(),
        )


class ProposeDialog(FittedDialog):
    """Suggested candidates, best first, with the reasons; tick the ones to propose.

    "Profil du candidat…" edits the selected person's candidate profile, "Autre personne…" makes
    someone else a candidate; both go through `on_profile(uuid or None)`, which refreshes the list.
    """

    def __init__(
        self,
        parent: QWidget | None,
        suggestions: list[Suggestion],
        on_profile: Callable[[str | None], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Proposer des candidats")
        self.on_profile = on_profile
        self.info = QLabel(wordWrap=True, objectName="info")
        self.list = QListWidget(objectName="suggestions")
        self.list.setWordWrap(True)  # a long list of reasons wraps: no horizontal scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.profile_btn = QPushButton("Profil du candidat…", objectName="edit_profile")
        self.other_btn = QPushButton("Autre personne…", objectName="other_person")
        self.profile_btn.setToolTip("Modifier le profil de la personne sélectionnée (métiers, mobilité…)")
        self.other_btn.setToolTip("Faire d'un autre participant un candidat")
        self.profile_btn.clicked.connect(self._edit_selected)
        self.other_btn.clicked.connect(lambda: self.on_profile(None) if self.on_profile else None)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        row = QHBoxLayout()
        row.addWidget(self.profile_btn)
        row.addWidget(self.other_btn)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(_buttons(self, "Proposer"))
        self.set_suggestions(suggestions)
        self.resize(680, 440)

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        """Show these suggestions, keeping ticked the people still in the list."""
        ticked = set(self.chosen())
        current = self.list.currentItem()
        keep = str(current.data(Qt.ItemDataRole.UserRole)) if current is not None else None
        self.list.clear()
        for s in suggestions:
            text = f"{s.name} – {', '.join(s.reasons)}"
            if s.warnings:
                text += f" ⚠ {', '.join(s.warnings)}"
            if s.unavailable:
                text = f"{s.name} – {s.unavailable} ({', '.join(s.reasons)})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s.participant_uuid)
            if s.unavailable:  # listed with its reason, but cannot be ticked
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setForeground(Qt.GlobalColor.darkGray)
                item.setToolTip(s.unavailable)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = s.participant_uuid in ticked
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            if s.participant_uuid == keep:
                self.list.setCurrentItem(item)
        free = [s for s in suggestions if not s.unavailable]
        if free:
            info = ("Candidats suggérés (métier recherché, éligibilité, disponibilité, territoire), "
                    "les mieux placés d'abord.")  # fmt: skip
        elif suggestions:
            info = ("Les candidats qui correspondent à cette offre sont tous sous contrat à la date du poste "
                    "(raison indiquée pour chacun).")  # fmt: skip
        else:
            info = ("Aucun candidat du vivier ne recherche ce métier ni n'habite ce territoire pour "
                    "l'instant : « Autre personne… » ajoute quelqu'un au vivier.")  # fmt: skip
        self.info.setText(info)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.profile_btn.setEnabled(self.on_profile is not None and self.list.currentItem() is not None)
        self.other_btn.setEnabled(self.on_profile is not None)

    def _edit_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.on_profile is not None:
            self.on_profile(str(item.data(Qt.ItemDataRole.UserRole)))

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out


class OfferStatusDialog(FittedDialog):
    """Confirm cancelling (with the date and the reason) or reopening (with the date) an offer."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, offer: OfferSummary, target: str) -> None:
        super().__init__(parent)
        self.ctx, self.offer_uuid, self.target = ctx, offer.uuid, target
        self.done_ok = False
        cancel = target == OfferStatus.ANNULEE.value
        what = f"l'offre « {job_with_code(offer.job_label, offer.rome)} » de {offer.company_name}"
        if cancel:
            self.setWindowTitle("Annuler l'offre d'emploi")
            text = f"Annuler {what} ?"
            if offer.open_applications:
                still = plural(offer.open_applications, "candidature en cours restera visible",
                               "candidatures en cours resteront visibles")  # fmt: skip
                text += (
                    f"\n\n{still}, mais "
                    "plus personne ne pourra être proposé ni retenu sur cette offre tant qu'elle est annulée."
                )
            text += "\n\nVous pourrez la rouvrir plus tard si le poste est à nouveau à pourvoir."
        else:
            self.setWindowTitle("Rouvrir l'offre d'emploi")
            since = offer.cancelled_on or offer.filled_on
            state = OfferStatus.label_of(offer.status).lower()
            text = (
                f"Rouvrir {what}, {state} le {date_fr(since)} ?\n\n"
                "Des candidats pourront à nouveau y être proposés."
            )
        self.message = QLabel(text, wordWrap=True, objectName="message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.on = _date_edit()
        self.on.setObjectName("on")
        self.reason_edit = QLineEdit(objectName="motive", placeholderText="obligatoire")
        form = QFormLayout()
        form.addRow("Date de l'annulation" if cancel else "Date de réouverture", self.on)
        if cancel:
            form.addRow("Motif", self.reason_edit)
        else:
            self.reason_edit.hide()
        self.reason = reserved_error_label()
        self.touched = False  # a reason is written once something was changed; the button says it before
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.reason)
        self.buttons = _buttons(
            self, "Confirmer l'annulation" if cancel else "Rouvrir l'offre", self.save, "Ne rien changer"
        )
        layout.addWidget(self.buttons)
        self.ok = self.buttons.findChild(QPushButton, "ok")
        self.reason_edit.textChanged.connect(lambda _t: self.check(touched=True))
        self.on.dateChanged.connect(lambda _d: self.check(touched=True))
        self.resize(520, self.sizeHint().height())
        self.check()

    def problem(self) -> str | None:
        if _date_of(self.on) > date.today():
            return "Date : ne peut pas être dans le futur."
        if self.target == OfferStatus.ANNULEE.value:
            try:
                if not v.text(self.reason_edit.text(), "Motif", max_len=1000):
                    return "Motif : indiquez pourquoi l'offre est annulée."
            except ClauseDeskError as exc:
                return exc.message
        return None

    def check(self, *, touched: bool = False) -> None:
        self.touched = self.touched or touched
        why = self.problem()
        say_reason(self.reason, why if self.touched else None)
        assert self.ok is not None
        self.ok.setEnabled(why is None)
        self.ok.setToolTip(why or "")

    def save(self) -> None:
        try:
            offer, target = self.offer_uuid, self.target
            on, reason = _date_of(self.on), self.reason_edit.text()
            self.ctx.ops.call(lambda s: rec.set_offer_status(s, offer, target, on, reason=reason))
        except ClauseDeskError as exc:
            show_error(self.reason, exc.message)
            return
        self.done_ok = True
        self.accept()


class OutcomeDialog(FittedDialog):
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
        self.setMinimumWidth(420)  # room to type the reason; its title names the person


class ContractDialog(FittedDialog):
    """The contract of the retained candidate, pre-filled from the offer."""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None,
        who: str,
        data: ContractData,
        contract_types: list[tuple[str, str]],
        lot_label: str,
    ) -> None:
        super().__init__(parent)
        self.base = data
        self.setWindowTitle(f"Contrat de {who}")
        # the employer's lots looked up as one types (every lot when it holds none): never all of them
        company = data.company_uuid
        self.lot = attach_lookup(ctx.ops, QComboBox(objectName="lot"), browsing.lots_for_company,
                                 scope=lambda: company)  # fmt: skip
        if data.lot_uuid:
            choose(self.lot, data.lot_uuid, lot_label)
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
        self.rome = reference_combo(ROME, "rome", data.rome)
        attach_reference(ctx.ops, self.rome, ROME)
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
            ("Métier (ROME)", self.rome),
            ("Intitulé du poste", self.job_label),
            ("Heures par semaine", self.weekly),
        ):
            form.addRow(label, widget)  # type: ignore[arg-type]
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Contrat pré-rempli à partir de l'offre : vérifiez puis enregistrez.", wordWrap=True)
        )
        layout.addLayout(form)
        self.reason = error_label()
        layout.addWidget(self.reason)
        layout.addWidget(_buttons(self, "Enregistrer le contrat", self._sign))

    def _sign(self) -> None:
        """Accepted only when the job typed names a ROME job (an unknown one would be saved empty)."""
        settle(self.rome)
        refusal = problem(self.rome)
        show_error(self.reason, f"Métier (ROME) : {refusal}" if refusal else None)
        if refusal is None:
            self.accept()

    def data(self) -> ContractData:
        return ContractData(
            participant_uuid=self.base.participant_uuid,
            company_uuid=self.base.company_uuid,
            lot_uuid=self.lot.currentData() or "",
            modality=self.modality.currentData(),
            contract_type_code=self.contract_type.currentData() or "",
            start_date=_date_of(self.start),
            end_date=_date_of(self.end) if self.has_end.isChecked() else None,
            rome=picked(self.rome),
            job_label=self.job_label.text(),
            weekly_hours=self.weekly.text(),
        )

"""Candidates: the profile editor and a candidate's applications with their dated steps (the list of every
candidate: candidate_list.py)."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core import validate as v
from clausedesk.core.errors import ClauseDeskError, ValidationError
from clausedesk.core.formatting import date_fr, number
from clausedesk.core.reference import rome
from clausedesk.core.rules.identifiers import check_rome
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.core.services.recruitment_vocab import Mobility
from clausedesk.ui.context import UiContext
from clausedesk.ui.recruitment.dialog_parts import _buttons, reserved_error_label, say_reason, show_error
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.widgets.lookup import attach_lookup
from clausedesk.ui.widgets.reference_lookup import ROME, attach_reference, reference_combo

UUID = Qt.ItemDataRole.UserRole
JOBS_FIELD = "Métiers recherchés (codes ROME)"
_SEPARATORS = re.compile(r"[,;\s]+")


def _date_edit(name: str, value: date | None) -> QDateEdit:
    edit = QDateEdit(objectName=name)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    d = value or date.today()
    edit.setDate(QDate(d.year, d.month, d.day))
    return edit


def _date_of(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def split_codes(text: str) -> list[str]:
    """The ROME codes typed in one field, separated by commas, semicolons or spaces, without repeats."""
    return list(dict.fromkeys(t.upper() for t in _SEPARATORS.split(text) if t))


class CandidateProfileDialog(FittedDialog):
    """A participant's candidate profile: who proposed them, availability, mobility, jobs sought (ROME).

    Without `participant_uuid` the dialog first asks which participant becomes a candidate. Every
    field is checked as it is typed (ROME codes with check_rome); "Enregistrer" stays disabled while
    something is wrong and the reason is written under the form. `saved(uuid)` is emitted once saved.
    """

    saved = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None, participant_uuid: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.labels: dict[str, str] = {}
        profile = (
            ctx.ops.call(lambda s: cand.candidate_profile(s, participant_uuid)) if participant_uuid else None
        )
        self.participant_uuid = participant_uuid
        self.setWindowTitle(f"Profil de candidat – {profile.name}" if profile else "Nouveau candidat")
        self.person = QComboBox(objectName="person")
        self.person.addItem("(choisissez la personne)", "")
        if profile is None:  # looked up by name as one types: never every participant
            attach_lookup(ctx.ops, self.person, cand.participant_choices, keep_first=True)
        self.since = _date_edit("since", profile.candidate_since if profile else None)
        self.prescriber = QLineEdit(objectName="prescriber", placeholderText="ex. Mission locale de Cergy")
        self.referent = QLineEdit(objectName="referent", placeholderText="ex. Mme Nguyen")
        self.available_later = QCheckBox("Disponible seulement à partir du", objectName="available_later")
        self.available = _date_edit("available_from", profile.available_from if profile else None)
        self.licence = QCheckBox("Permis B", objectName="driving_licence")
        self.vehicle = QCheckBox("Véhicule personnel", objectName="vehicle")
        self.mobility = QComboBox(objectName="mobility")
        self.mobility.addItem("(non précisée)", "")
        for code, label in Mobility.choices():
            self.mobility.addItem(label, code)
        self.jobs = QLineEdit(
            objectName="jobs", placeholderText="codes ROME, ex. F1703, F1702"
        )
        self.job_lookup = reference_combo(ROME, "job_lookup")
        self.job_lookup.lineEdit().setPlaceholderText("ajouter un métier, ex. maçon")
        attach_reference(ctx.ops, self.job_lookup, ROME)
        self.job_lookup.currentIndexChanged.connect(lambda _i: self._job_picked())
        self.jobs_list = QListWidget(objectName="jobs_list")
        self.jobs_list.setMaximumHeight(90)
        self.jobs_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if profile is not None:
            self._fill(profile)
        available = QHBoxLayout()
        available.addWidget(self.available_later)
        available.addWidget(self.available, 1)
        drive = QHBoxLayout()
        drive.addWidget(self.licence)
        drive.addWidget(self.vehicle)
        drive.addStretch(1)
        form = QFormLayout()
        if profile is None:
            form.addRow("Personne", self.person)
        else:
            self.person.hide()
            name = QLabel(f"<b>{profile.name}</b>", objectName="name")
            form.addRow("Personne", name)
        form.addRow("Dans le vivier depuis le", self.since)
        form.addRow("Prescripteur", self.prescriber)
        form.addRow("Référent", self.referent)
        form.addRow("Disponibilité", available)
        form.addRow("Mobilité", drive)
        form.addRow("Se déplace vers", self.mobility)
        form.addRow(JOBS_FIELD, self.jobs)
        form.addRow("Ajouter un métier", self.job_lookup)
        form.addRow("", self.jobs_list)
        self.reason = reserved_error_label()
        self.ready = False  # reasons written once the form is changed; the disabled button says them before
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reason)
        box = _buttons(self, "Enregistrer le profil", self.save)
        self.save_btn = box.findChild(QPushButton, "ok")
        layout.addWidget(box)
        for edit in (self.prescriber, self.referent):
            edit.textChanged.connect(lambda _t: self.check())
        self.jobs.textChanged.connect(lambda _t: self._jobs_changed())
        self.person.currentIndexChanged.connect(lambda _i: self._person_changed())
        self.since.dateChanged.connect(lambda _d: self.check())
        self.available.dateChanged.connect(lambda _d: self.check())
        self.available_later.toggled.connect(self._available_toggled)
        self._available_toggled(self.available_later.isChecked())
        self.resize(560, self.sizeHint().height())
        self._jobs_changed()
        self.ready = True

    def _fill(self, profile: cand.CandidateProfile) -> None:
        """Show a candidate's saved profile in the fields (what saving will keep unless changed)."""
        if profile.candidate_since is not None:
            d = profile.candidate_since
            self.since.setDate(QDate(d.year, d.month, d.day))
        if profile.available_from is not None:
            d = profile.available_from
            self.available.setDate(QDate(d.year, d.month, d.day))
        self.prescriber.setText(profile.prescriber or "")
        self.referent.setText(profile.prescriber_referent or "")
        self.available_later.setChecked(profile.available_from is not None)
        self.licence.setChecked(profile.driving_licence)
        self.vehicle.setChecked(profile.has_vehicle)
        self.mobility.setCurrentIndex(max(0, self.mobility.findData(profile.mobility or "")))
        self.labels = {j.rome: j.label for j in profile.jobs}
        self.jobs.setText(", ".join(j.rome for j in profile.jobs))

    def _person_changed(self) -> None:
        """« Autre personne… » on someone already in the vivier: their profile is loaded, never blanked."""
        uuid = self.person.currentData()
        if uuid:
            profile = self.ctx.ops.call(lambda s: cand.candidate_profile(s, str(uuid)))
            if profile.candidate_since is not None or profile.jobs:
                self._fill(profile)
                self.setWindowTitle(f"Profil de candidat – {profile.name}")
            else:
                self.setWindowTitle("Nouveau candidat")
        self.check()

    # -- checking as one types -------------------------------------------------------------------
    def _available_toggled(self, checked: bool) -> None:
        self.available.setEnabled(checked)
        self.check()

    def _jobs_changed(self) -> None:
        codes = self._valid_codes()
        unknown = [c for c in codes if c not in self.labels]
        if unknown:
            self.labels.update(self.ctx.ops.call(lambda s: cand.rome_labels(s, unknown)))
        self.jobs_list.clear()
        for code in codes:
            self.jobs_list.addItem(f"{code} — {self.labels.get(code, '')}".rstrip(" —"))
        self.check()

    def _job_picked(self) -> None:
        """A job chosen by its title joins the codes sought (once), and the lookup is ready for another."""
        code = self.job_lookup.currentData() if self.job_lookup.currentIndex() >= 0 else None
        if not code:
            return
        codes = split_codes(self.jobs.text())
        if code not in codes:
            self.jobs.setText(", ".join([*codes, str(code)]))
        self.job_lookup.blockSignals(True)
        self.job_lookup.setCurrentIndex(-1)
        self.job_lookup.setEditText("")
        self.job_lookup.blockSignals(False)

    def _valid_codes(self) -> list[str]:
        out = []
        for code in split_codes(self.jobs.text()):
            try:
                out.append(check_rome(code, JOBS_FIELD))
            except ValidationError:
                continue
        return list(dict.fromkeys(out))

    def problem(self) -> str | None:
        """What prevents saving, in French, or None."""
        if self.participant_uuid is None and not self.person.currentData():
            return "Personne : choisissez le participant qui devient candidat."
        if _date_of(self.since) > date.today():
            return "Dans le vivier depuis le : la date ne peut pas être dans le futur."
        try:
            v.text(self.prescriber.text(), "Prescripteur", max_len=200)
            v.text(self.referent.text(), "Référent du prescripteur", max_len=200)
            for code in split_codes(self.jobs.text()):
                check_rome(code, JOBS_FIELD)
                if rome.job(code) is None:
                    return (f"{JOBS_FIELD} : « {code} » n'est pas un code du ROME 4.0 ; cherchez le métier "
                            "par son intitulé dans « Ajouter un métier ».")
        except ClauseDeskError as exc:
            return exc.message
        return None

    def check(self) -> None:
        why = self.problem()
        say_reason(self.reason, why if self.ready else None)
        assert self.save_btn is not None
        self.save_btn.setEnabled(why is None)
        self.save_btn.setToolTip(why or "")

    # -- saving ----------------------------------------------------------------------------------
    def data(self) -> cand.CandidateData:
        uuid = self.participant_uuid or str(self.person.currentData())
        return cand.CandidateData(
            participant_uuid=uuid,
            candidate_since=_date_of(self.since),
            prescriber=self.prescriber.text(),
            prescriber_referent=self.referent.text(),
            available_from=_date_of(self.available) if self.available_later.isChecked() else None,
            driving_licence=self.licence.isChecked(),
            has_vehicle=self.vehicle.isChecked(),
            mobility=self.mobility.currentData() or None,
            jobs_sought=split_codes(self.jobs.text()),
        )

    def save(self) -> None:
        if self.problem() is not None:
            return
        data = self.data()
        try:
            self.ctx.ops.call(lambda s: cand.save_candidate_profile(s, data), changes="participant")
        except ClauseDeskError as exc:
            show_error(self.reason, exc.message)
            return
        self.saved.emit(data.participant_uuid)
        self.accept()


class ApplicationsPanel(QWidget):
    """One candidate's applications, newest first, each unfolding into its dated steps."""

    profile_saved = Signal(str)  # participant uuid
    open_offer = Signal(str)  # offer uuid (double-click on an application)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.participant_uuid: str | None = None
        self.dialog: CandidateProfileDialog | None = None
        self.title = QLabel("Candidatures de la personne sélectionnée", objectName="applications_title")
        self.profile = QLabel(objectName="profile_summary", wordWrap=True)
        self.profile.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_btn = QPushButton("Profil du candidat…", objectName="edit_profile")
        self.edit_btn.clicked.connect(self.edit_profile)
        self.tree = QTreeWidget(objectName="applications")
        self.tree.setHeaderLabels(["Offre", "Entreprise", "Étape", "Date", "Détail"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemActivated.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.profile)
        layout.addWidget(self.tree, 1)
        self.show_person(None)

    def show_person(self, uuid: str | None) -> None:
        self.participant_uuid = uuid
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        self.edit_btn.setEnabled(self.participant_uuid is not None)
        if self.participant_uuid is None:
            self.title.setText("Candidatures de la personne sélectionnée")
            self.profile.setText("Sélectionnez une personne pour voir ses candidatures et son profil.")
            return
        person = self.participant_uuid
        self.title.setText("Chargement…")
        self.profile.setText("")
        self.ctx.ops.read(
            self, lambda s: (cand.candidate_profile(s, person), cand.candidate_applications(s, person)),
            lambda read: self._show(*read), latest="person", busy=False,
        )  # fmt: skip

    def _show(self, profile: cand.CandidateProfile, apps: list[cand.CandidateApplication]) -> None:
        self.tree.clear()
        self.title.setText(f"Candidatures de {profile.name} ({number(len(apps))})")
        self.profile.setText(profile_summary(profile))
        for a in apps:
            detail = []
            if a.proposed_by:
                detail.append(f"proposée par {a.proposed_by}")
            if a.reason:
                detail.append(f"motif : {a.reason}")
            if a.has_contract:
                detail.append("contrat signé")
            top = QTreeWidgetItem(
                [a.offer_label, a.company_name, a.step_label, date_fr(a.step_on), " ; ".join(detail)]
            )
            top.setData(0, UUID, a.offer_uuid)
            for st in a.steps:
                child = QTreeWidgetItem(["", "", st.label, date_fr(st.on), st.note or ""])
                child.setData(0, UUID, a.offer_uuid)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if not apps:
            self.tree.addTopLevelItem(QTreeWidgetItem(["Aucune candidature pour l'instant."]))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        offer = item.data(0, UUID)
        if offer:
            self.open_offer.emit(str(offer))

    def edit_profile(self) -> None:
        if self.participant_uuid is None:
            return
        dialog = CandidateProfileDialog(self.ctx, self, self.participant_uuid)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()

    def _saved(self, uuid: str) -> None:
        self.reload()
        self.profile_saved.emit(uuid)


def profile_summary(p: cand.CandidateProfile) -> str:
    """One line about a candidate: since when, proposed by whom, availability, mobility, jobs."""
    if p.candidate_since is None:
        return "Pas encore dans le vivier : complétez son profil pour la proposer sur des offres."
    parts = [f"Dans le vivier depuis le {date_fr(p.candidate_since)}"]
    if p.prescriber:
        parts.append(
            f"candidature transmise par {p.prescriber}"
            + (f" ({p.prescriber_referent})" if p.prescriber_referent else "")
        )
    if p.busy:  # under contract (a CDI above all): never « disponible »
        parts.append(p.busy)
    else:
        parts.append(f"disponible dès le {date_fr(p.available_from)}" if p.available_from else "disponible")
    drive = [w for w, ok in (("permis B", p.driving_licence), ("véhicule", p.has_vehicle)) if ok]
    if drive:
        parts.append(" et ".join(drive))
    if p.mobility:
        parts.append(f"mobilité : {Mobility.label_of(p.mobility).lower()}")
    if p.jobs:
        parts.append("recherche : " + ", ".join(f"{j.rome} — {j.label}" for j in p.jobs))
    return " ; ".join(parts) + "."

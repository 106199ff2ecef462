"""Forms of a person: identity (no NIR field, ever), eligibility validation, contract, situation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.identifiers import check_commune, check_rome
from clausedesk.core.services import people, records
from clausedesk.core.validate import date_order
from clausedesk.core.vocab import Modality, QualificationLevel, Sex, SituationMoment
from clausedesk.db.repositories import browse, details, reference
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.form import Field, FormDialog, open_form

PERSON_FIELDS = [
    Field("last_name", "Nom", required=True, max_len=120),
    Field("first_name", "Prénom", required=True, max_len=120),
    Field("sex", "Sexe", "choice", choices=Sex.choices()),
    Field("birth_date", "Date de naissance", "date"),
    Field("commune_code", "Commune de résidence (code INSEE)", check=lambda c: check_commune(c, "Commune")),
    Field("qpv", "Résident d'un quartier prioritaire (QPV)", "bool"),
    Field("qualification_level", "Niveau de qualification", "choice", choices=QualificationLevel.choices()),
    Field("phone", "Téléphone", max_len=40),
    Field("email", "Courriel", max_len=200),
    Field("address", "Adresse", "multiline", max_len=500),
    Field("referent", "Référent", max_len=200),
    Field("notes", "Notes", "multiline", max_len=5000,
          tip="Jamais de numéro de sécurité sociale : il serait refusé"),
]  # fmt: skip


def _birth(values: dict[str, Any]) -> None:
    b = values.get("birth_date")
    if b is not None and not date(1900, 1, 1) <= b <= date.today():
        raise ValidationError("Date de naissance", "date impossible.")


def person_form(ctx: UiContext, parent: QWidget, uuid: str | None = None, on_saved: Any = None) -> FormDialog:
    values = None
    if uuid:
        with ctx.store.session() as s:
            obj = records.get(s, "participant", uuid)
            values = {f.key: getattr(obj, f.key) for f in PERSON_FIELDS}

    def save(v: dict[str, Any]) -> str:
        with ctx.store.session() as s:
            return people.save_participant(s, people.ParticipantData(**v), uuid).uuid

    return open_form(
        ctx, parent, "Participant", PERSON_FIELDS, save, kind="participant", values=values,
        on_saved=on_saved, cross_check=_birth,
        intro="Aucun numéro de sécurité sociale n'est enregistré dans ClauseDesk.",
    )  # fmt: skip


def validation_form(ctx: UiContext, parent: QWidget, person_uuid: str, on_saved: Any = None) -> FormDialog:
    with ctx.store.session() as s:
        cats = reference.categories(s)
        choices = [(c.code, c.label) for c in cats]
        needs_reason = {c.code for c in cats if c.requires_reason}
    fields = [
        Field("validated_on", "Date de validation", "date", required=True),
        Field("category_codes", "Catégories de public", "checks", required=True, choices=choices),
        Field("prescriber", "Prescripteur", max_len=200, placeholder="France Travail, Mission locale, PLIE…"),
        Field("validator", "Validé par", max_len=200),
        Field("proof_date", "Date du justificatif", "date"),
        Field("avis_motive", "Admis sur avis motivé", "bool"),
        Field("avis_motive_reason", "Motif de l'avis motivé", "multiline", max_len=2000),
        Field(
            "expires_on",
            "Valable jusqu'au",
            "date",
            tip="Vide : calculé avec la durée de validité du territoire",
        ),
    ]

    def cross(v: dict[str, Any]) -> None:
        if v["validated_on"] and v["validated_on"] > date.today():
            raise ValidationError("Date de validation", "ne peut pas être dans le futur.")
        if (v["avis_motive"] or needs_reason & set(v["category_codes"])) and (
            not (v["avis_motive_reason"] or "").strip() or not (v["validator"] or "").strip()
        ):
            raise ValidationError("Avis motivé", "indiquez qui a validé et le motif : ils sont obligatoires.")
        date_order(v["validated_on"], v["expires_on"], "Valable jusqu'au")

    def save(v: dict[str, Any]) -> str:
        with ctx.store.session() as s:
            return people.save_validation(s, people.ValidationData(participant_uuid=person_uuid, **v)).uuid

    return open_form(
        ctx, parent, "Validation d'éligibilité", fields, save, kind="validation",
        on_saved=on_saved, cross_check=cross,
    )  # fmt: skip


def contract_form(
    ctx: UiContext, parent: QWidget, person_uuid: str, on_saved: Any = None, uuid: str | None = None
) -> FormDialog:
    """A new contract of the person, or (with `uuid`) the contract to correct."""
    values: dict[str, Any] | None = None
    with ctx.store.session() as s:
        companies = browse.company_choices(s, limit=100000)
        types = [(c.code, c.label) for c in reference.contract_types(s)]
        if uuid is not None:
            values = details.contract_values(s, uuid)
            lot_label = dict(browse.lot_choices(s, limit=100000)).get(values["lot_uuid"], "")
    fields = [
        Field("company_uuid", "Employeur", "choice", required=True, choices=companies),
        Field("lot_uuid", "Lot", "choice", required=True, choices=[]),
        Field("modality", "Modalité", "choice", required=True, choices=Modality.choices()),
        Field("contract_type_code", "Type de contrat", "choice", required=True, choices=types),
        Field("start_date", "Début", "date", required=True),
        Field("end_date", "Fin", "date"),
        Field("rome", "Code ROME", check=lambda r: check_rome(r), placeholder="ex. F1703"),
        Field("job_label", "Métier", max_len=200),
        Field("weekly_hours", "Durée hebdomadaire (h)", "decimal", maximum=Decimal(48)),
        Field("notes", "Notes", "multiline", max_len=5000),
    ]

    def save(v: dict[str, Any]) -> str:
        with ctx.store.session() as s:
            return people.save_contract(s, people.ContractData(participant_uuid=person_uuid, **v), uuid).uuid

    dialog = open_form(
        ctx, parent, "Contrat" if uuid is None else "Modifier le contrat", fields, save, kind="contract",
        on_saved=on_saved, values=values, cross_check=lambda v: date_order(v["start_date"], v["end_date"]),
    )  # fmt: skip
    company, lot = dialog.widgets["company_uuid"], dialog.widgets["lot_uuid"]
    assert isinstance(company, QComboBox) and isinstance(lot, QComboBox)

    def _company_changed(_i: int) -> None:
        lot.clear()
        uuid = company.currentData()
        if not uuid:
            return
        with ctx.store.session() as s:
            lots = browse.lot_choices(s, company_uuid=uuid, limit=1000) or browse.lot_choices(s, limit=1000)
        for key, label in lots:
            lot.addItem(label, key)

    company.currentIndexChanged.connect(_company_changed)
    _company_changed(0)
    if values is not None:  # the lots are listed once the company is known: select the contract's
        if lot.findData(values["lot_uuid"]) < 0:
            lot.addItem(lot_label, values["lot_uuid"])
        lot.setCurrentIndex(lot.findData(values["lot_uuid"]))
        dialog.mark_clean()
    return dialog


def situation_form(ctx: UiContext, parent: QWidget, person_uuid: str, on_saved: Any = None) -> FormDialog:
    with ctx.store.session() as s:
        outcomes = [(o.code, o.label) for o in reference.outcome_types(s)]
    fields = [
        Field("observed_on", "Date", "date", required=True),
        Field("moment", "Moment", "choice", required=True, choices=SituationMoment.choices()),
        Field("outcome_code", "Situation", "choice", required=True, choices=outcomes),
        Field("comment", "Commentaire", "multiline", max_len=2000),
    ]

    def save(v: dict[str, Any]) -> str:
        with ctx.store.session() as s:
            return people.save_situation(s, people.SituationData(participant_uuid=person_uuid, **v)).uuid

    return open_form(ctx, parent, "Situation", fields, save, kind="situation", on_saved=on_saved)

"""Forms of a person: identity (no NIR field, ever), eligibility validation, contract, situation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from clausedesk.core.errors import ValidationError
from clausedesk.core.services import browsing, people, records
from clausedesk.core.validate import date_order
from clausedesk.core.vocab import Modality, QualificationLevel, Sex, SituationMoment
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.form import Field, FormDialog, open_form
from clausedesk.ui.widgets.lookup import attach_lookup, choose, requery
from clausedesk.ui.widgets.reference_lookup import COMMUNE, ROME

PERSON_FIELDS = [
    Field("last_name", "Nom", required=True, max_len=120),
    Field("first_name", "Prénom", required=True, max_len=120),
    Field("sex", "Sexe", "choice", choices=Sex.choices()),
    Field("birth_date", "Date de naissance", "date"),
    Field("commune_code", "Commune de résidence", "lookup", reference=COMMUNE),
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
        keys = [f.key for f in PERSON_FIELDS]
        values = ctx.ops.call(lambda s: records.values_of(s, "participant", uuid, keys))

    def save(v: dict[str, Any]) -> str:
        return ctx.ops.call(lambda s: people.save_participant(s, people.ParticipantData(**v), uuid).uuid)

    return open_form(
        ctx, parent, "Participant", PERSON_FIELDS, save, kind="participant", values=values,
        on_saved=on_saved, cross_check=_birth,
        intro="Aucun numéro de sécurité sociale n'est enregistré dans ClauseDesk.",
    )  # fmt: skip


def _categories(session: Any) -> tuple[list[tuple[str, str]], set[str]]:
    cats = browsing.categories(session)
    return [(c.code, c.label) for c in cats], {c.code for c in cats if c.requires_reason}


def validation_form(ctx: UiContext, parent: QWidget, person_uuid: str, on_saved: Any = None) -> FormDialog:
    choices, needs_reason = ctx.ops.call(_categories)
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
        data = people.ValidationData(participant_uuid=person_uuid, **v)
        return ctx.ops.call(lambda s: people.save_validation(s, data).uuid)

    return open_form(
        ctx, parent, "Validation d'éligibilité", fields, save, kind="validation",
        on_saved=on_saved, cross_check=cross,
    )  # fmt: skip


def _contract_values(session: Any, uuid: str) -> dict[str, Any]:
    """The contract's values, with the labels of its company and lot (the pickers show them)."""
    values = browsing.contract_values(session, uuid)
    values["company_label"] = browsing.choice_label(session, "company", values["company_uuid"])
    values["lot_label"] = browsing.choice_label(session, "lot", values["lot_uuid"])
    return values


def contract_form(
    ctx: UiContext, parent: QWidget, person_uuid: str, on_saved: Any = None, uuid: str | None = None
) -> FormDialog:
    """A new contract of the person, or (with `uuid`) the contract to correct."""
    values: dict[str, Any] | None = None
    types = ctx.ops.call(browsing.contract_types)
    if uuid is not None:
        values = ctx.ops.call(lambda s: _contract_values(s, uuid))
    fields = [
        Field("company_uuid", "Employeur", "choice", required=True, choices=[]),
        Field("lot_uuid", "Lot", "choice", required=True, choices=[]),
        Field("modality", "Modalité", "choice", required=True, choices=Modality.choices()),
        Field("contract_type_code", "Type de contrat", "choice", required=True, choices=types),
        Field("start_date", "Début", "date", required=True),
        Field("end_date", "Fin", "date"),
        Field("rome", "Métier (code ROME)", "lookup", reference=ROME),
        Field("job_label", "Métier", max_len=200),
        Field("weekly_hours", "Durée hebdomadaire (h)", "decimal", maximum=Decimal(48)),
        Field("notes", "Notes", "multiline", max_len=5000),
    ]

    def save(v: dict[str, Any]) -> str:
        data = people.ContractData(participant_uuid=person_uuid, **v)
        return ctx.ops.call(lambda s: people.save_contract(s, data, uuid).uuid)

    dialog = open_form(
        ctx, parent, "Contrat" if uuid is None else "Modifier le contrat", fields, save, kind="contract",
        on_saved=on_saved, values=values, cross_check=lambda v: date_order(v["start_date"], v["end_date"]),
    )  # fmt: skip
    company, lot = dialog.widgets["company_uuid"], dialog.widgets["lot_uuid"]
    assert isinstance(company, QComboBox) and isinstance(lot, QComboBox)

    # pickers that ask the store as a person types, never the whole table (20 000 lots at tenfold)
    attach_lookup(ctx.ops, company, browsing.company_choices)
    attach_lookup(ctx.ops, lot, browsing.lots_for_company, scope=company.currentData)
    company.currentIndexChanged.connect(lambda _i: requery(lot))
    if values is not None:
        choose(company, values["company_uuid"], values["company_label"])
        choose(lot, values["lot_uuid"], values["lot_label"])
        dialog.mark_clean()
    return dialog


def situation_form(ctx: UiContext, parent: QWidget, person_uuid: str, on_saved: Any = None) -> FormDialog:
    outcomes = ctx.ops.call(browsing.outcome_types)
    fields = [
        Field("observed_on", "Date", "date", required=True),
        Field("moment", "Moment", "choice", required=True, choices=SituationMoment.choices()),
        Field("outcome_code", "Situation", "choice", required=True, choices=outcomes),
        Field("comment", "Commentaire", "multiline", max_len=2000),
    ]

    def save(v: dict[str, Any]) -> str:
        data = people.SituationData(participant_uuid=person_uuid, **v)
        return ctx.ops.call(lambda s: people.save_situation(s, data).uuid)

    return open_form(ctx, parent, "Situation", fields, save, kind="situation", on_saved=on_saved)

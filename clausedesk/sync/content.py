"""The coordinator's content checks of a package's records: as strict as the facilitator's own forms.

`check_content` looks at each record alone (codes from the vocabularies and the referential, real
months not after the package's period, ordered dates, hours a month can hold, identifiers' formats,
no NIR-shaped text); `references` lists what each record points to, so that the importer can check
that every reference exists, in the package or in the store, and belongs to the same facilitator.
A package with any faulty record is refused whole: the first reasons are given, each naming its record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules import identifiers as ids
from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.core.rules.progress import check_month, max_hours_in_month
from clausedesk.core.vocab import (
    AttributionRole,
    BuyerKind,
    CompanyKind,
    HourStatus,
    MarketKind,
    Mechanism,
    MeetingKind,
    Modality,
    QualificationLevel,
    Sex,
    SituationMoment,
)
from clausedesk.sync.errors import PackageError

#: How many reasons a refusal lists (the first ones, in the package's order).
MAX_REASONS = 5
#: Plausible years of any date in a package (the facilitator's month fields accept the same range).
FIRST_YEAR, LAST_YEAR = 1900, 2199
#: Most weekly hours of a contract (the facilitator's contract form caps it the same way).
MAX_WEEKLY_HOURS = Decimal(48)

#: For each record type, its reference fields: field → (type pointed to, required).
REFERENCES: dict[str, dict[str, tuple[str, bool]]] = {
    "market": {"buyer": ("buyer", True)},
    "lot": {"market": ("market", True)},
    "attribution": {"lot": ("lot", True), "company": ("company", True)},
    "validation": {"participant": ("participant", True)},
    "contract": {"participant": ("participant", True), "company": ("company", True), "lot": ("lot", True)},
    "hour_entry": {"contract": ("contract", True), "lot": ("lot", True)},
    "situation": {"participant": ("participant", True), "contract": ("contract", False)},
    "meeting": {"market": ("market", False)},
    "convention": {"company": ("company", True)},
    "hour_allocation": {
        "convention": ("convention", True),
        "from_lot": ("lot", True),
        "to_lot": ("lot", True),
    },  # fmt: skip
    "training_session": {"counted_lot": ("lot", False)},
    "trainee": {"session": ("training_session", True), "participant": ("participant", True)},
}
#: Reference fields holding a list of uuids: field → type pointed to (every item must exist).
LIST_REFERENCES: dict[str, dict[str, str]] = {
    "convention": {"lots": "lot"}, "training_session": {"lots": "lot"},
}  # fmt: skip
#: Free-text fields, where a NIR-shaped string is refused.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "buyer": ("name",),
    "company": ("name",),
    "market": ("ref", "title"),
    "lot": ("ref", "number", "trade_code"),
    "convention": ("ref",),
}
#: Date fields, and the pairs that must be ordered (start ≤ end).
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "market": ("notification_date", "start_date", "end_date"),
    "lot": ("start_date", "end_date"),
    "validation": ("validated_on",),
    "contract": ("start_date", "end_date"),
    "situation": ("observed_on",),
    "meeting": ("held_on",),
    "convention": ("start_date", "end_date"),
    "training_session": ("start_date", "end_date"),
}
REQUIRED_DATES = frozenset({
    ("validation", "validated_on"), ("contract", "start_date"), ("situation", "observed_on"),
    ("meeting", "held_on"), ("convention", "start_date"), ("convention", "end_date"),
    ("training_session", "start_date"), ("training_session", "end_date"),
})  # fmt: skip
_VOCABULARIES: dict[tuple[str, str], frozenset[str | None]] = {
    ("buyer", "kind"): frozenset(BuyerKind),
    ("company", "kind"): frozenset(CompanyKind),
    ("market", "kind"): frozenset(MarketKind),
    ("attribution", "role"): frozenset(AttributionRole),
    ("participant", "sex"): frozenset({*Sex, None}),
    ("participant", "qualification_level"): frozenset({*QualificationLevel, None}),
    ("contract", "modality"): frozenset(Modality),
    ("contract", "age_band"): frozenset({*(band for _, _, band in AGE_BANDS), None}),
    ("hour_entry", "status"): frozenset(HourStatus),
    ("situation", "moment"): frozenset(SituationMoment),
    ("situation", "sortie_category"): frozenset(
        {"emploi_durable", "emploi_transition", "sortie_positive", "autre"}
    ),  # fmt: skip
    ("meeting", "kind"): frozenset(MeetingKind),
    ("trainee", "outcome"): frozenset({"en_cours", "termine", "embauche", "abandon"}),
}
_MECHANISMS = frozenset(Mechanism)
_LABELS = {
    "buyer": "donneur d'ordre",
    "company": "entreprise",
    "market": "marché",
    "lot": "lot",
    "attribution": "attribution",
    "participant": "participant",
    "validation": "validation d'éligibilité",
    "contract": "contrat",
    "hour_entry": "relevé d'heures",
    "situation": "situation",
    "meeting": "réunion",
    "convention": "convention de globalisation",
    "hour_allocation": "affectation d'heures",
    "training_session": "session de formation",
    "trainee": "stagiaire",
}


@dataclass(frozen=True)
class Referential:
    """The codes of the coordinator's reference tables a record may use."""

    contract_types: frozenset[str]
    outcomes: frozenset[str]
    categories: frozenset[str]
    sensitive_categories: frozenset[str]


def describe(kind: str, uuid: str) -> str:
    """A record named for a French reason: « relevé d'heures 0f3c… »."""
    return f"{_LABELS.get(kind, kind)} {uuid}"


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR and len(value) == 10 else None


def _code(check: Any, value: object) -> bool:
    if value is None:
        return True
    try:
        check(value)
    except (ValidationError, TypeError, AttributeError):
        return False
    return True


_FORMATS: dict[tuple[str, str], tuple[Any, str]] = {
    ("buyer", "siret"): (ids.check_siret, "SIRET invalide"),
    ("company", "siret"): (ids.check_siret, "SIRET invalide"),
    ("company", "naf"): (ids.check_naf, "code NAF invalide"),
    ("buyer", "commune_code"): (ids.check_commune, "code commune INSEE invalide"),
    ("company", "commune_code"): (ids.check_commune, "code commune INSEE invalide"),
    ("participant", "commune_code"): (ids.check_commune, "code commune INSEE invalide"),
    ("market", "commune_code"): (ids.check_commune, "code commune INSEE invalide"),
    ("market", "cpv"): (ids.check_cpv, "code CPV invalide"),
    ("lot", "cpv"): (ids.check_cpv, "code CPV invalide"),
    ("contract", "rome"): (ids.check_rome, "code ROME invalide"),
}


def _by_kind(table: dict[tuple[str, str], Any]) -> dict[str, list[tuple[str, Any]]]:
    out: dict[str, list[tuple[str, Any]]] = {}
    for (kind, name), value in table.items():
        out.setdefault(kind, []).append((name, value))
    return out


_VOCABULARY_OF = _by_kind(_VOCABULARIES)
_FORMAT_OF = _by_kind(_FORMATS)


def _record_problems(rec: dict[str, Any], period: str, ref: Referential) -> Iterator[str]:
    kind, data = rec["type"], rec["data"]
    for name, allowed in _VOCABULARY_OF.get(kind, ()):
        if data[name] not in allowed:
            yield f"valeur « {data[name]} » inconnue pour « {name} »"
    for name, (check, label) in _FORMAT_OF.get(kind, ()):
        if not _code(check, data.get(name)):  # an optional field may be absent (older facilitator)
            yield f"{label} : « {data[name]} »"
    for name in TEXT_FIELDS.get(kind, ()):
        if isinstance(data[name], str) and ids.looks_like_nir(data[name]):
            yield f"« {name} » {ids.NIR_REFUSED}"
    dates: dict[str, date | None] = {}
    for name in DATE_FIELDS.get(kind, ()):
        value = data[name]
        dates[name] = _date(value)
        if dates[name] is None and (value is not None or (kind, name) in REQUIRED_DATES):
            yield (
                f"date « {name} » invalide ou absente : « {value} » "
                f"(AAAA-MM-JJ entre {FIRST_YEAR} et {LAST_YEAR})"
            )
    start, end = dates.get("start_date"), dates.get("end_date")
    if start is not None and end is not None and end < start:
        yield f"la date de fin ({end.isoformat()}) précède la date de début ({start.isoformat()})"
    if kind == "hour_entry":
        yield from _hour_problems(data, period)
    elif kind == "hour_allocation":
        yield from _allocation_problems(data, period)
    elif kind == "convention":
        lots = data["lots"]
        if not isinstance(lots, list) or len(set(lots)) < 2:
            yield "une convention de globalisation couvre au moins deux lots distincts"
    elif kind == "contract":
        if data["contract_type"] not in ref.contract_types:
            yield f"type de contrat « {data['contract_type']} » absent du référentiel"
        weekly = data["weekly_hours"]
        if weekly is not None and Decimal(weekly) > MAX_WEEKLY_HOURS:
            yield f"durée hebdomadaire de {weekly} h supérieure à {MAX_WEEKLY_HOURS} h"
    elif kind == "lot":
        unknown = [m for m in data["mechanisms"] or () if m not in _MECHANISMS]
        if unknown:
            yield f"mécanisme de clause inconnu : « {unknown[0]} »"
    elif kind == "validation":
        yield from _category_problems(data["categories"], ref)
    elif kind == "situation" and data["outcome"] not in ref.outcomes:
        yield f"situation « {data['outcome']} » absente du référentiel"


def _hour_problems(data: dict[str, Any], period: str) -> Iterator[str]:
    month = data["month"]
    yield from _month_problems(month, period)
    if not _real_month(month):
        return
    total = sum((Decimal(data[n] or 0) for n in ("hours_worked", "hours_training")), Decimal(0))
    cap = max_hours_in_month(month)
    if total > cap:
        yield f"{total} h en {month}, plus qu'un mois n'en peut contenir ({cap} h)"


#: Most hours one allocation may move (the facilitator's form caps it the same way).
MAX_ALLOCATION = Decimal(100000)


def _allocation_problems(data: dict[str, Any], period: str) -> Iterator[str]:
    yield from _month_problems(data["month"], period)
    if data["from_lot"] is not None and data["from_lot"] == data["to_lot"]:
        yield "heures affectées d'un lot à lui-même"
    hours = Decimal(data["hours"] or 0)
    if not Decimal(0) < hours <= MAX_ALLOCATION:
        yield f"{hours} h affectées : entre 0,01 et {MAX_ALLOCATION} h attendues"


def _real_month(month: object) -> bool:
    try:
        return isinstance(month, str) and check_month(month) == month
    except ValidationError:
        return False


def _month_problems(month: object, period: str) -> Iterator[str]:
    if not _real_month(month):
        yield f"mois « {month} » invalide (AAAA-MM attendu, mois de 01 à 12)"
    elif isinstance(month, str) and month > period:
        yield f"mois {month} postérieur à la période du paquet ({period})"


def _category_problems(categories: object, ref: Referential) -> Iterator[str]:
    for code in categories if isinstance(categories, list) else ():
        if code in ref.sensitive_categories:
            yield f"catégorie sensible « {code} » transmise par personne (interdit : donnée de santé)"
        elif code not in ref.categories:
            yield f"catégorie de public « {code} » absente du référentiel"


def check_content(records: Iterable[dict[str, Any]], period: str, ref: Referential) -> None:
    """Refuse the package (check "content") when any record is faulty; the reasons name the records."""
    reasons: list[str] = []
    for rec in records:
        for problem in _record_problems(rec, period, ref):
            reasons.append(f"{describe(rec['type'], rec['uuid'])} : {problem}")
            break
        if len(reasons) >= MAX_REASONS:
            break
    if reasons:
        raise PackageError("content", _joined(reasons))


def _joined(reasons: list[str]) -> str:
    more = " (et peut-être d'autres)" if len(reasons) >= MAX_REASONS else ""
    return "enregistrements refusés" + more + " — " + " ; ".join(reasons) + "."


def references(records: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str, str, str | None]]:
    """(record, field, type pointed to, uuid or None) for every reference of every record (each item of a
    list of references: None for an item that is not a uuid text)."""
    for rec in records:
        for name, (target, _required) in REFERENCES.get(rec["type"], {}).items():
            value = rec["data"][name]
            yield rec, name, target, value if isinstance(value, str) else None
        for name, target in LIST_REFERENCES.get(rec["type"], {}).items():
            for item in rec["data"][name] or [None]:
                yield rec, name, target, item if isinstance(item, str) else None


#: Whose store and whose records the reasons name: the coordinator's (records of facilitators) or the
#: region's (records of departments).
COORDINATOR_WORDS = ("chez le coordinateur", "autre facilitateur")
REGION_WORDS = ("à la région", "autre département")


def check_references(
    records: list[dict[str, Any]],
    found: dict[tuple[str, str], int],
    owner_id: int,
    words: tuple[str, str] = COORDINATOR_WORDS,
) -> None:
    """Every reference must point to a record of the package or of the store owned by the same owner
    (facilitator, or department at the region; `words` names the store and the other owner).

    `found` maps the (type, uuid) of the store's referenced records to their owner's id.
    """
    store, other = words
    carried = {(r["type"], r["uuid"]) for r in records}
    reasons: list[str] = []
    for rec, name, target, uuid in references(records):
        required = REFERENCES[rec["type"]].get(name, (target, True))[1]  # a list's items are all required
        if uuid is None:
            if required or rec["data"][name] is not None:
                reasons.append(
                    f"{describe(rec['type'], rec['uuid'])} : référence « {name} » absente ou invalide"
                )
        elif (target, uuid) not in carried:
            owner = found.get((target, uuid))
            if owner is None:
                reasons.append(
                    f"{describe(rec['type'], rec['uuid'])} : {describe(target, uuid)} inexistant "
                    f"(ni dans le paquet ni {store})"
                )
            elif owner != owner_id:
                reasons.append(
                    f"{describe(rec['type'], rec['uuid'])} : {describe(target, uuid)} appartient à un {other}"
                )
        if len(reasons) >= MAX_REASONS:
            break
    if reasons:
        raise PackageError("content", _joined(reasons))

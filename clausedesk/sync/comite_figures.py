"""The comité's figures for a period (a year or a range of months), whole or by breakdown, and year-on-year.

Each set of figures has the shape of `coordinator stats --json`: hours_total, people, publics_at_entry,
contracts_by_type, sorties (durable, transition, positive, autre), buyers_met, federations_met,
comite_meetings, markets_followed, and hours_by_public (hours worked by the people of each public at
entry, for the funders' targets). Definitions, as printed beside each figure in the comité PDF, are in
`DEFINITIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.outcomes import (
    AUTRE,
    EMPLOI_DURABLE,
    EMPLOI_TRANSITION,
    SORTIE_CATEGORIES,
    SORTIE_POSITIVE,
)
from clausedesk.core.services.trainings import TraineeOutcome
from clausedesk.db.repositories import comite_figures as sql
from clausedesk.sync.consolidation import labeller

HUNDRED = Decimal(100)
#: sortie category of a situation (core.rules.outcomes) → key of `sorties`
SORTIE_KEYS = {EMPLOI_DURABLE: "durable", EMPLOI_TRANSITION: "transition", SORTIE_POSITIVE: "positive",
               AUTRE: "autre"}  # fmt: skip
#: meeting kind → figure counting those meetings
MEETING_FIGURES = {"donneur_ordre": "buyers_met", "federation": "federations_met",
                   "comite_departemental": "comite_meetings"}  # fmt: skip
BREAKDOWNS = ("facilitator", "territory", "buyer")

#: Each figure's definition (French), written beside it in the comité PDF and the workbook.
DEFINITIONS: dict[str, tuple[str, str]] = {
    "hours_total": (
        "Heures d'insertion réalisées",
        "Somme des heures travaillées déclarées pour les mois de la période.",
    ),
    "people": (
        "Personnes ayant travaillé",
        "Personnes distinctes ayant au moins une heure travaillée dans la période ; une personne "
        "suivie par deux facilitateurs compte une fois (pseudonyme départemental).",
    ),
    "markets_followed": ("Marchés suivis", "Marchés ayant au moins une heure travaillée dans la période."),
    "buyers_met": (
        "Rencontres de donneurs d'ordre",
        "Réunions de type « Rencontre de donneur d'ordre » tenues dans la période.",
    ),
    "federations_met": (
        "Rencontres de fédérations professionnelles",
        "Réunions de type « Rencontre de fédération » tenues dans la période.",
    ),
    "comite_meetings": (
        "Comités départementaux tenus",
        "Réunions de type « Comité départemental » tenues dans la période, "
        "telles que chaque facilitateur les a notées.",
    ),
    "contracts_by_type": (
        "Contrats par type",
        "Contrats ayant au moins une heure travaillée dans la période, par type (CDD, CDI, alternance…).",
    ),
    "publics_at_entry": (
        "Publics à l'entrée",
        "Publics de la validation d'éligibilité en vigueur au début du premier contrat "
        "de la période ; moins de 26 ans et 50 ans et plus selon l'âge à ce début.",
    ),
    "sorties": (
        "Sorties dynamiques",
        "Personnes sorties dans la période (situation « sortie »), selon la table des situations "
        "du département : emploi durable (CDI, CDD ou mission de 6 mois et plus, alternance, "
        "fonction publique), emploi de transition (CDD ou mission de 3 à 6 mois, contrat aidé, "
        "emploi franc), sortie positive (formation qualifiante, embauche en SIAE), autre.",
    ),
}
DEFINITIONS["trainees"] = (
    "Stagiaires des formations préalables à l'embauche",
    "Personnes distinctes inscrites à une formation préalable à l'embauche se déroulant dans la période, "
    "par issue à ce jour (en formation, terminée, embauche, abandon).",
)
SCALARS = ("hours_total", "people", "markets_followed", "buyers_met", "federations_met", "comite_meetings")
MAPPINGS = ("publics_at_entry", "contracts_by_type", "sorties", "hours_by_public", "trainees")


@dataclass(frozen=True)
class Period:
    """A range of months, both included (YYYY-MM strings, checked at the edge)."""

    first: str
    last: str

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(f"{year:04d}-01", f"{year:04d}-12")

    @classmethod
    def months(cls, first: str, last: str) -> Period:
        if first > last:
            raise ValidationError("Période", f"le mois de début {first} est après le mois de fin {last} : "
                                  "inversez --from et --to")  # fmt: skip
        return cls(first, last)

    def previous_year(self) -> Period:
        """The same months one year earlier (N-1)."""
        return Period(_shift(self.first), _shift(self.last))

    def to_json(self) -> dict[str, str]:
        return {"from": self.first, "to": self.last}


#: Every month a store can hold (the stats without --year or --from).
ALL_TIME = Period("0000-01", "9999-12")


def _shift(month: str) -> str:
    return f"{int(month[:4]) - 1:04d}{month[4:]}"


def empty() -> dict[str, Any]:
    figures: dict[str, Any] = {name: 0 for name in SCALARS}
    figures["hours_total"] = 0.0
    figures["publics_at_entry"] = {}
    figures["hours_by_public"] = {}
    figures["contracts_by_type"] = {}
    figures["sorties"] = {key: 0 for key in SORTIE_KEYS.values()}
    figures["trainees"] = {}
    return figures


def _cents(value: int) -> float:
    return float(Decimal(value) / HUNDRED)


def figures(session: Session, period: Period, by: str | None = None) -> dict[str, Any]:
    """The figures of `period`: one object, or (with `by`) an object keyed by breakdown key."""
    if by == "territory":
        raise ValidationError(
            "Ventilation par territoire",
            "la correspondance commune → EPCI (code officiel géographique de l'INSEE) n'est pas encore "
            "installée dans ClauseDesk : utilisez --by facilitator ou --by buyer",
        )
    scope = by or "all"
    out: dict[str, dict[str, Any]] = {}
    if scope == "facilitator":
        out = {key: empty() for key in sql.facilitator_keys(session)}
    for name, key, label, value in sql.figure_rows(session, scope, period.first, period.last):
        target = out.setdefault(key, empty())
        if name == "hours_total":
            target[name] = _cents(value)
        elif name == "hours_by_public":
            target[name][label] = _cents(value)
        elif name == "meetings":
            if label in MEETING_FIGURES:
                target[MEETING_FIGURES[label]] += value
        elif name == "sorties":
            bucket = SORTIE_KEYS.get(label, "autre")
            target["sorties"][bucket] += value
        elif name in MAPPINGS:
            target[name][label or "non_renseigne"] = value
        else:
            target[name] = value
    if by is None:
        return out.get("", empty())
    return dict(sorted(out.items()))


def difference(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """N minus N-1, figure by figure (mappings key by key, a key missing on one side counting 0)."""
    diff: dict[str, Any] = {}
    for name, value in current.items():
        before = previous.get(name)
        if isinstance(value, dict):
            keys = sorted(set(value) | set(before or {}))
            diff[name] = {k: _minus(value.get(k, 0), (before or {}).get(k, 0)) for k in keys}
        else:
            diff[name] = _minus(value, before or 0)
    return diff


def _minus(a: Any, b: Any) -> Any:
    if isinstance(a, float) or isinstance(b, float):
        return float(Decimal(str(a)) - Decimal(str(b)))
    return int(a) - int(b)


@dataclass(frozen=True)
class YearOnYear:
    period: Period
    current: dict[str, Any]
    previous: dict[str, Any]
    diff: dict[str, Any]


def year_on_year(session: Session, period: Period) -> YearOnYear:
    """The figures of `period` (N), of the same months a year before (N-1), and N minus N-1."""
    current = figures(session, period)
    previous = figures(session, period.previous_year())
    return YearOnYear(period, current, previous, difference(current, previous))


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the year-on-year table: N, N-1 and N minus N-1 (None: a small count of people, masked).

    `definition` is set on an indicator's first line only; « dont » lines of a breakdown have `detail`.
    """

    label: str
    definition: str
    kind: str  # "hours" | "count" | "people"
    current: Decimal | int | None
    previous: Decimal | int | None
    diff: Decimal | int | None
    detail: bool = False


#: The order and kind of the comparison's indicators (people counts follow the masking policy).
_ROWS = (("hours_total", "hours"), ("people", "people"), ("publics_at_entry", "people"),
         ("contracts_by_type", "people"), ("sorties", "people"), ("markets_followed", "count"),
         ("buyers_met", "count"), ("federations_met", "count"), ("comite_meetings", "count"),
         ("trainees", "people"))  # fmt: skip
_SORTIE_LABELS = {key: SORTIE_CATEGORIES[code] for code, key in SORTIE_KEYS.items()}


def _value(kind: str, value: Any, threshold: int) -> Decimal | int | None:
    if kind == "hours":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    number = int(value)
    return None if kind == "people" and 0 < number < threshold else number


def _row(label: str, definition: str, kind: str, yoy: YearOnYear, path: tuple[str, ...], threshold: int,
         detail: bool = False) -> ComparisonRow:  # fmt: skip
    def pick(figures: dict[str, Any]) -> Any:
        value: Any = figures
        for step in path:
            value = value.get(step, 0) if isinstance(value, dict) else 0
        return value

    current, previous = (
        _value(kind, pick(yoy.current), threshold),
        _value(kind, pick(yoy.previous), threshold),
    )
    diff = None if current is None or previous is None else current - previous
    return ComparisonRow(label, definition, kind, current, previous, diff, detail)


def comparison_rows(session: Session, yoy: YearOnYear, threshold: int) -> list[ComparisonRow]:
    """The year-on-year table, labelled in French, small counts of people masked (None)."""
    labels = {"publics_at_entry": labeller(session, "people_by_category"),
              "contracts_by_type": labeller(session, "contracts_by_type"),
              "sorties": _SORTIE_LABELS.get, "trainees": TraineeOutcome.label_of}  # fmt: skip
    rows: list[ComparisonRow] = []
    for name, kind in _ROWS:
        title, definition = DEFINITIONS[name]
        if name not in MAPPINGS:
            rows.append(_row(title, definition, kind, yoy, (name,), threshold))
            continue
        rows.append(ComparisonRow(title, definition, "title", None, None, None))
        keys = list(SORTIE_KEYS.values()) if name == "sorties" else sorted(
            set(yoy.current[name]) | set(yoy.previous[name]))  # fmt: skip
        for key in keys:
            label = str(labels[name](key) or key)
            rows.append(_row(label, "", kind, yoy, (name, key), threshold, detail=True))
    return rows


def department_realised(session: Session, year: int) -> tuple[Decimal, dict[str, Decimal]]:
    """The department's hours worked in `year`, total and by public at entry (for its funders' targets)."""
    done = figures(session, Period.year(year))
    by_public = {code: Decimal(str(value)) for code, value in done["hours_by_public"].items()}
    return Decimal(str(done["hours_total"])), by_public

"""The comité's figures for a period (a year or a range of months), whole or by breakdown, and year-on-year.

Each set of figures has the shape of `coordinator stats --json`: hours_total, people, publics_at_entry,
contracts_by_type, sorties (durable, transition, positive, autre), buyers_met, federations_met,
comite_meetings, markets_followed, and hours_by_public (hours worked by the people of each public at
entry, for the funders' targets). Definitions, as printed beside each figure in the comité PDF, are in
`DEFINITIONS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ValidationError
from clausedesk.core.reference import geo
from clausedesk.core.rules.outcomes import (
    AUTRE,
    EMPLOI_DURABLE,
    EMPLOI_TRANSITION,
    SORTIE_CATEGORIES,
    SORTIE_POSITIVE,
)
from clausedesk.core.services.trainings import TraineeOutcome
from clausedesk.core.vocab import Mechanism
from clausedesk.db.repositories import comite_figures as sql
from clausedesk.db.repositories import coordinator as coord_repo
from clausedesk.sync.consolidation import labeller

HUNDRED = Decimal(100)
#: sortie category of a situation (core.rules.outcomes) → key of `sorties`
SORTIE_KEYS = {EMPLOI_DURABLE: "durable", EMPLOI_TRANSITION: "transition", SORTIE_POSITIVE: "positive",
               AUTRE: "autre"}  # fmt: skip
#: meeting kind → figure counting those meetings
MEETING_FIGURES = {"donneur_ordre": "buyers_met", "federation": "federations_met",
                   "comite_departemental": "comite_meetings"}  # fmt: skip
BREAKDOWNS = ("facilitator", "territory", "buyer")
#: The territory key of hours, sorties and meetings whose marché has no place (no commune on its operation).
NO_TERRITORY = sql.NO_TERRITORY

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
DEFINITIONS.update({
    "partners": (
        "Partenaires mobilisés",
        "Partenaires distincts ayant porté des heures dans la période : donneurs d'ordre des marchés, "
        "entreprises employeuses (hors SIAE) et SIAE (EI, AI, ACI, ETTI, EITI) ; comme les personnes, "
        "un partenaire de deux facilitateurs compte une fois. Les fédérations rencontrées sont comptées "
        "plus haut (rencontres) ; les services de l'emploi prescripteurs ne voyagent pas dans le paquet.",
    ),
    "lots_by_mechanism": (
        "Typologie des clauses (lots)",
        "Lots ayant des heures dans la période, par fondement juridique de la clause (condition "
        "d'exécution L2112-2, critère d'attribution L2152-7, marchés réservés L2113-12, L2113-13, "
        "L2113-15, marché d'insertion R2123-1 3°) ; un lot qui combine deux fondements compte dans chacun.",
    ),
    "hours_by_mechanism": (
        "Typologie des clauses (heures)",
        "Heures réalisées dans la période sur les lots de chaque fondement juridique ; les heures d'un lot "
        "qui combine deux fondements comptent dans chacun (la somme peut dépasser le total).",
    ),
})
SCALARS = ("hours_total", "people", "markets_followed", "buyers_met", "federations_met", "comite_meetings")
MAPPINGS = ("publics_at_entry", "contracts_by_type", "sorties", "hours_by_public", "partners",
            "lots_by_mechanism", "hours_by_mechanism", "trainees")  # fmt: skip
#: Mappings keyed by the codes found in the data (the others have fixed keys, in a fixed order).
_CODED = tuple(name for name in MAPPINGS if name not in ("partners", "sorties"))
#: Mappings whose values are hours (integer hundredths in SQL).
HOURS_MAPPINGS = ("hours_by_public", "hours_by_mechanism")
PARTNER_KEYS = {"buyers": "Donneurs d'ordre", "companies": "Entreprises (hors SIAE)", "siae": "SIAE"}
DEFINITIONS["trainees"] = (
    "Stagiaires des formations préalables à l'embauche",
    "Personnes distinctes inscrites à une formation préalable à l'embauche se déroulant dans la période, "
    "par issue à ce jour (en formation, terminée, embauche, abandon).",
)


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
    for name in MAPPINGS:
        figures[name] = {}
    figures["partners"] = {key: 0 for key in PARTNER_KEYS}
    figures["sorties"] = {key: 0 for key in SORTIE_KEYS.values()}
    figures["trainees"] = {}
    return figures


def _cents(value: int) -> float:
    return float(Decimal(value) / HUNDRED)


def figures(session: Session, period: Period, by: str | None = None) -> dict[str, Any]:
    """The figures of `period`: one object, or (with `by`) an object keyed by breakdown key."""
    scope = by or "all"
    keys = sql.facilitator_keys(session) if scope == "facilitator" else []
    epci_of = epcis_of_markets(session) if scope == "territory" else None
    rows = sql.figure_rows(session, scope, period.first, period.last, epci_of)
    return assemble(rows, keys, by is not None)


def assemble(rows: Iterable[tuple[str, str, str, int]], keys: Iterable[str], by: bool) -> dict[str, Any]:
    """The figures from (figure, key, label, value) rows (see `db.repositories.comite_figures`): one object,
    or (`by`) an object keyed by breakdown key, every key of `keys` present even without figures."""
    out: dict[str, dict[str, Any]] = {key: empty() for key in keys}
    for name, key, label, value in rows:
        target = out.setdefault(key, empty())
        if name == "hours_total":
            target[name] = _cents(value)
        elif name in HOURS_MAPPINGS:
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
    for figures in out.values():  # codes in order, whatever order the engine returned the rows in
        for name in _CODED:
            figures[name] = dict(sorted(figures[name].items()))
    if not by:
        return out.get("", empty())
    return dict(sorted(out.items()))


def epcis_of_markets(session: Session) -> dict[str, str]:
    """The EPCI (SIREN) of each commune where a merged marché takes place (official geographic code)."""
    return {code: epci for code in sql.market_communes(session) if (epci := geo.epci_of_commune(code))}


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
         ("partners", "count"), ("lots_by_mechanism", "count"), ("hours_by_mechanism", "hours"),
         ("buyers_met", "count"), ("federations_met", "count"), ("comite_meetings", "count"),
         ("trainees", "people"))  # fmt: skip
_SORTIE_LABELS = {key: SORTIE_CATEGORIES[code] for code, key in SORTIE_KEYS.items()}
_MECHANISM_LABELS = {m.value: m.label for m in Mechanism}


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


def comparison_rows(
    session: Session, yoy: YearOnYear, threshold: int, definitions: dict[str, tuple[str, str]] = DEFINITIONS
) -> list[ComparisonRow]:
    """The year-on-year table, labelled in French, small counts of people masked (None)."""
    labels = {"publics_at_entry": labeller(session, "people_by_category"),
              "contracts_by_type": labeller(session, "contracts_by_type"),
              "sorties": _SORTIE_LABELS.get, "partners": PARTNER_KEYS.get,
              "lots_by_mechanism": _MECHANISM_LABELS.get,
              "hours_by_mechanism": _MECHANISM_LABELS.get,
              "trainees": TraineeOutcome.label_of}  # fmt: skip
    rows: list[ComparisonRow] = []
    for name, kind in _ROWS:
        title, definition = definitions[name]
        if name not in MAPPINGS:
            rows.append(_row(title, definition, kind, yoy, (name,), threshold))
            continue
        rows.append(ComparisonRow(title, definition, "title", None, None, None))
        fixed = {"sorties": list(SORTIE_KEYS.values()), "partners": list(PARTNER_KEYS)}
        keys = fixed[name] if name in fixed else sorted(
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


@dataclass(frozen=True)
class AnnualLine:
    """A line of the coordinator's annual list: a contract's work on a lot, the person as a pseudonym."""

    facilitator: str
    market_ref: str
    lot_ref: str
    pseudonym: str  # the first 12 characters of the departmental pseudonym
    contract_type: str  # French label
    first_month: str
    last_month: str
    hours: Decimal


def annual_list(session: Session, year: int) -> list[AnnualLine]:
    """The Deux-Sèvres yearly list of clause employees by marché and work period, pseudonymous."""
    period = Period.year(year)
    names = {f.key_id: f.name for f in coord_repo.facilitators(session)}
    label = labeller(session, "contracts_by_type")
    return [
        AnnualLine(names.get(r.facilitator, r.facilitator), r.market_ref, r.lot_ref, r.pseudonym[:12],
                   str(label(r.contract_type) or r.contract_type), r.first_month, r.last_month,
                   Decimal(r.cents) / HUNDRED)  # fmt: skip
        for r in sql.annual_rows(session, period.first, period.last)
    ]

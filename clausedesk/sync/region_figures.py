"""The region's figures: the comité's indicators over the departments' merged records, whole or by department.

The definitions are the department's (`sync/comite_figures.py`, computed there in SQL), applied here in
Python over plain rows read with portable SQLAlchemy Core (`db/repositories/region.py`), so that the
regional store runs on SQLite and PostgreSQL alike. A person is a regional pseudonym: someone who
worked in two departments counts once in the region's total (and once in each department's figures).
Records are counted per department's record, so that the departments' figures add up to the region's
(people excepted). `figure_rows` yields the (figure, key, label, value) rows `comite_figures.assemble`
turns into the shape of `coordinator stats --json`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.core.rules.publics import MOINS_26, PLUS_50, TYPED_AGE_CATEGORIES
from clausedesk.db.repositories import region as repo
from clausedesk.sync import comite_figures
from clausedesk.sync.comite_figures import DEFINITIONS, Period, YearOnYear, assemble, difference

BREAKDOWNS = ("department",)
_AGE_PUBLIC = {AGE_BANDS[0][2]: MOINS_26, AGE_BANDS[-1][2]: PLUS_50}
KINDS = ("participant", "contract", "lot", "hour_entry", "validation", "situation", "meeting", "market",
         "buyer", "company", "training_session", "trainee")
_SIAE = frozenset({"ei", "ai", "aci", "etti", "eiti"})  # core.vocab.CompanyKind.is_siae
Row = tuple[str, str, str, int]

#: The shared definitions, with the person counted across departments by the regional pseudonym.
REGION_DEFINITIONS: dict[str, tuple[str, str]] = {
    **DEFINITIONS,
    "people": (
        "Personnes ayant travaillé",
        "Personnes distinctes ayant au moins une heure travaillée dans la période ; une personne suivie "
        "dans deux départements compte une fois pour la région (pseudonyme régional).",
    ),
    "comite_meetings": (
        "Comités départementaux tenus",
        "Réunions de type « Comité départemental » tenues dans la période, telles que chaque "
        "facilitateur des départements les a notées.",
    ),
}


@dataclass(frozen=True)
class _Work:
    """One hour entry of the period joined to its contract and person (the department SQL's `hp`)."""

    key: int
    cents: int
    contract: str
    market: str | None
    ctype: str | None
    band: str | None
    start: str
    ps: str
    lot: str | None = None
    buyer: str | None = None  # the buyer's SIRET (its uuid without one), as the department counts partners
    company: tuple[str, str] | None = None  # ("siae" | "companies", SIRET or uuid)


@dataclass
class Loaded:
    """The live records the figures read, by kind, as parsed payloads with their department id."""

    by_kind: dict[str, list[tuple[str, dict[str, Any], int]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def _cents(value: object) -> int:
    return int(Decimal(str(value)) * 100) if isinstance(value, str) else 0


def _work(loaded: Loaded, period: Period) -> list[_Work]:
    people = {uuid: data["pseudonym"] for uuid, data, _ in loaded.by_kind["participant"]}
    contracts = {uuid: data for uuid, data, _ in loaded.by_kind["contract"]}
    markets = {uuid: data["market"] for uuid, data, _ in loaded.by_kind["lot"]}
    buyers = {uuid: data.get("siret") or uuid for uuid, data, _ in loaded.by_kind["buyer"]}
    buyer_of = {uuid: buyers.get(data.get("buyer") or "") for uuid, data, _ in loaded.by_kind["market"]}
    companies = {uuid: ("siae" if data.get("kind") in _SIAE else "companies", data.get("siret") or uuid)
                 for uuid, data, _ in loaded.by_kind["company"]}  # fmt: skip
    out = []
    for _uuid, data, owner in loaded.by_kind["hour_entry"]:
        month, contract = data["month"], contracts.get(data["contract"])
        if not period.first <= month <= period.last or contract is None:
            continue
        ps = people.get(contract["participant"])
        if ps is None:
            continue
        market, cents = markets.get(data["lot"]), _cents(data["hours_worked"])
        c = contract
        out.append(_Work(owner, cents, data["contract"], market, c["contract_type"], c["age_band"],
                         c["start_date"], ps, data["lot"], buyer_of.get(market or ""),
                         companies.get(c.get("company") or "")))  # fmt: skip
    return out


def _publics(loaded: Loaded, worked: list[_Work], key: Any) -> set[tuple[Any, str, str]]:
    """(key, person, public) of each person's entry: the validations in force at the start of their earliest
    contract with hours (any department's for the region, the department's own for a department)."""
    first: dict[tuple[Any, str], _Work] = {}
    for w in worked:
        k = (key(w.key), w.ps)
        if k not in first or (w.start, w.contract) < (first[k].start, first[k].contract):
            first[k] = w
    participants = defaultdict(list)
    for uuid, data, _ in loaded.by_kind["participant"]:
        participants[data["pseudonym"]].append(uuid)
    validations = defaultdict(list)
    for _uuid, data, owner in loaded.by_kind["validation"]:
        validations[data["participant"]].append((data, key(owner)))
    out: set[tuple[Any, str, str]] = set()
    for (k, ps), entry in first.items():
        for person in participants[ps]:
            for data, owner_key in validations[person]:
                until = data.get("valid_until") or entry.start
                if owner_key != k or not data["validated_on"] <= entry.start <= until:
                    continue
                out.update((k, ps, code) for code in data["categories"] if code not in TYPED_AGE_CATEGORIES)
        if entry.band in _AGE_PUBLIC:
            out.add((k, ps, _AGE_PUBLIC[entry.band]))
    return out


def figure_rows(loaded: Loaded, period: Period, names: dict[int, str] | None) -> Iterator[Row]:
    """(figure, key, label, value) rows, as `db.repositories.comite_figures.figure_rows` gives them; the key
    is the department's name with `names`, else '' (the whole region)."""

    def key(owner: int) -> str:
        return "" if names is None else names.get(owner, "?")

    work = _work(loaded, period)
    worked = [w for w in work if w.cents > 0]
    totals: dict[str, int] = defaultdict(int)
    for w in work:
        totals[key(w.key)] += w.cents
    yield from (("hours_total", k, "", v) for k, v in totals.items())
    groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for w in worked:
        groups[("people", key(w.key), "")].add(w.ps)
        markets = groups[("markets_followed", key(w.key), "")]
        if w.market is not None:
            markets.add(w.market)
        groups[("contracts_by_type", key(w.key), w.ctype or "")].add(w.contract)
    for _uuid, data, owner in loaded.by_kind["situation"]:
        if data["moment"] == "sortie" and period.first <= data["observed_on"][:7] <= period.last:
            groups[("sorties", key(owner), data["sortie_category"] or "")].add(data["participant"])
    meetings: dict[tuple[str, str], int] = defaultdict(int)
    for _uuid, data, owner in loaded.by_kind["meeting"]:
        if period.first <= data["held_on"][:7] <= period.last:
            meetings[(key(owner), data["kind"] or "")] += 1
    mechanisms = {uuid: data.get("mechanisms") or [] for uuid, data, _ in loaded.by_kind["lot"]}
    hours_by_mechanism: dict[tuple[str, str], int] = defaultdict(int)
    for w in worked:
        if w.buyer is not None:
            groups[("partners", key(w.key), "buyers")].add(w.buyer)
        if w.company is not None:
            groups[("partners", key(w.key), w.company[0])].add(w.company[1])
        for mech in mechanisms.get(w.lot or "", []):
            groups[("lots_by_mechanism", key(w.key), mech)].add(w.lot or "")
            hours_by_mechanism[(key(w.key), mech)] += w.cents
    sessions = {uuid: data for uuid, data, _ in loaded.by_kind["training_session"]}
    pseudonyms = {uuid: data["pseudonym"] for uuid, data, _ in loaded.by_kind["participant"]}
    for _uuid, data, owner in loaded.by_kind["trainee"]:
        session, ps = sessions.get(data.get("session") or ""), pseudonyms.get(data.get("participant") or "")
        if session is None or ps is None:
            continue
        if session["start_date"][:7] <= period.last and session["end_date"][:7] >= period.first:
            groups[("trainees", key(owner), data.get("outcome") or "")].add(ps)
    yield from ((name, k, label, len(items)) for (name, k, label), items in groups.items())
    yield from (("hours_by_mechanism", k, mech, v) for (k, mech), v in hours_by_mechanism.items())
    yield from (("meetings", k, kind, n) for (k, kind), n in meetings.items())
    publics = _publics(loaded, worked, key)
    people_by_public: dict[tuple[str, str], set[str]] = defaultdict(set)
    hours_by_public: dict[tuple[str, str], int] = defaultdict(int)
    cents_by_person: dict[tuple[str, str], int] = defaultdict(int)
    for w in worked:
        cents_by_person[(key(w.key), w.ps)] += w.cents
    for k, ps, code in publics:
        people_by_public[(k, code)].add(ps)
        hours_by_public[(k, code)] += cents_by_person[(k, ps)]
    yield from (("publics_at_entry", k, code, len(ps)) for (k, code), ps in people_by_public.items())
    yield from (("hours_by_public", k, code, v) for (k, code), v in hours_by_public.items())


def load(session: Session) -> Loaded:
    """The live records the figures read (once for every period and breakdown of a report)."""
    loaded = Loaded()
    for rec in repo.live_records(session, KINDS):
        loaded.by_kind[rec.kind].append((rec.uuid, json.loads(rec.payload), rec.owner))
    return loaded


def figures(session: Session, period: Period, by: str | None = None) -> dict[str, Any]:
    """The region's figures of `period`: one object, or (by department) one object per department name."""
    loaded = load(session)
    if by == "department":
        return by_department(loaded, repo.department_names(session), period)
    return assemble(figure_rows(loaded, period, None), [], False)


def by_department(loaded: Loaded, names: dict[int, str], period: Period) -> dict[str, Any]:
    """One object per enrolled department's name (those without figures too)."""
    return assemble(figure_rows(loaded, period, names), sorted(names.values()), True)


def total(loaded: Loaded, period: Period) -> dict[str, Any]:
    """The whole region's figures (a person counted once across departments)."""
    return assemble(figure_rows(loaded, period, None), [], False)


def stats(session: Session, period: Period | None) -> dict[str, Any]:
    """The figures of `region stats --json`: departments, packages, then the comité's indicators."""
    counts = repo.counts(session)
    out: dict[str, Any] = {"departments": counts["departments"], "packages": counts["packages_merged"],
                           "packages_held": counts["packages_held"]}  # fmt: skip
    out.update(figures(session, period or comite_figures.ALL_TIME))
    if period is not None:
        out["period"] = period.to_json()
    return out


def year_on_year(loaded: Loaded, period: Period) -> YearOnYear:
    """The region's figures of `period` (N), of the same months a year before (N-1), and N minus N-1."""
    current, previous = total(loaded, period), total(loaded, period.previous_year())
    return YearOnYear(period, current, previous, difference(current, previous))

"""The comité's figures over a range of months, whole or by facilitator, buyer or territory, in
SQLAlchemy Core with its JSON operators (`coord_json`): the same figures on SQLite and PostgreSQL.

Every query returns rows whose first column is the breakdown key: the facilitator's key id
(`fac`), the buyer's SIRET (`siret`), the EPCI of the marché's place (`terr`) or '' for the whole
department (`all`). Counts of records (contracts, sorties, meetings, marchés) are per facilitator's
record, so that the sums over the facilitators equal the department's total; people are distinct
pseudonyms within each key, so a person who worked for two facilitators counts once in the total.
Partners (buyers, companies) are told apart by SIRET (else their uuid), so that one company working
with two facilitators counts once in the total, like a person. A sortie is placed (buyer, territory)
by its contract's lot, else by the lot of the person's latest contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    and_,
    case,
    distinct,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.core.rules.publics import MOINS_26, PLUS_50, TYPED_AGE_CATEGORIES
from clausedesk.core.vocab import CompanyKind
from clausedesk.db.repositories.coord_json import (
    FACILITATOR,
    AnySelect,
    array_items,
    cents,
    field,
    live,
    month_of,
    object_items,
)

#: The breakdowns: the whole department, by facilitator's key id, buyer's SIRET, EPCI of the marché's place.
SCOPES = ("all", "facilitator", "buyer", "territory")
#: A buyer without SIRET (the facilitator's form allows it) is grouped under this key.
NO_SIRET = "sans_siret"
#: Records whose marché has no place (no commune, or one outside the geographic code) go under this key.
NO_TERRITORY = "sans_territoire"
#: SIAE kinds of company, counted apart among the partners.
_SIAE = sorted(kind.value for kind in CompanyKind if kind.is_siae)
_BAND_UNDER_26, _BAND_50 = AGE_BANDS[0][2], AGE_BANDS[-1][2]


@dataclass(frozen=True)
class _Ctes:
    f: Any
    p: CTE
    co: CTE
    hp: CTE
    worked: CTE
    s: CTE
    mt: CTE
    tr: CTE


def _territory(epci_of: dict[str, str]) -> CTE:
    """The (commune, epci) table, bound as one JSON object (empty outside the territory breakdown: every
    marché then goes under `NO_TERRITORY`); materialised, so that each marché's lookup reads it once."""
    items = object_items(epci_of)
    return (
        select(items.c.key.label("commune"), items.c.value.label("epci"))
        .select_from(items)
        .cte("g")
        .prefix_with("MATERIALIZED")
    )


def _ident(record: Any) -> ColumnElement[Any]:
    """A partner's identity: its SIRET, else its uuid."""
    return func.coalesce(func.nullif(field(record, "siret"), ""), record.c.uuid)


def _ctes(first: str, last: str, epci_of: dict[str, str]) -> _Ctes:
    f = FACILITATOR.alias("f")
    r, alive = live("buyer", "rb")
    siret = func.coalesce(func.nullif(field(r, "siret"), ""), NO_SIRET)
    b = select(r.c.uuid, siret.label("siret"), _ident(r).label("ident")).where(alive).cte("b")
    r, alive = live("company", "rco")
    siae = case((field(r, "kind").in_(_SIAE), literal("siae")), else_=literal("companies"))
    co = select(r.c.uuid, siae.label("cls"), _ident(r).label("ident")).where(alive).cte("co")
    r, alive = live("market", "rm")
    g = _territory(epci_of)
    m = (
        select(r.c.uuid, b.c.siret, b.c.ident.label("buyer"), g.c.epci.label("terr"),
               field(r, "ref").label("ref"))
        .select_from(r.outerjoin(b, b.c.uuid == field(r, "buyer"))
                     .outerjoin(g, g.c.commune == field(r, "commune_code")))
        .where(alive).cte("m")
    )  # fmt: skip
    r, alive = live("lot", "rl")
    lot = (select(r.c.uuid, field(r, "market").label("market"), m.c.siret, m.c.buyer, m.c.terr,
                  m.c.ref.label("mref"), field(r, "ref").label("lref"))
           .select_from(r.outerjoin(m, m.c.uuid == field(r, "market"))).where(alive).cte("l"))  # fmt: skip
    r, alive = live("participant", "rp")
    p = select(r.c.uuid, field(r, "pseudonym").label("ps")).where(alive).cte("p")
    r, alive = live("contract", "rc")
    c = select(
        r.c.uuid, field(r, "participant").label("participant"), field(r, "contract_type").label("ctype"),
        field(r, "age_band").label("band"), field(r, "start_date").label("start"),
        field(r, "lot").label("lot"), field(r, "company").label("company"),
    ).where(alive).cte("c")  # fmt: skip
    h, alive = live("hour_entry", "h")
    hp = (
        select(cents(h, "hours_worked").label("cents"), field(h, "contract").label("contract"), lot.c.market,
               c.c.ctype, c.c.band, c.c.start, c.c.participant, p.c.ps, f.c.key_id.label("fac"), lot.c.siret,
               lot.c.buyer, c.c.company, field(h, "lot").label("lot"),
               func.coalesce(lot.c.terr, NO_TERRITORY).label("terr"), field(h, "month").label("month"),
               lot.c.mref, lot.c.lref)
        .select_from(h.join(f, f.c.id == h.c.facilitator_id).join(c, c.c.uuid == field(h, "contract"))
                     .join(p, p.c.uuid == c.c.participant).outerjoin(lot, lot.c.uuid == field(h, "lot")))
        .where(alive, field(h, "month").between(first, last))
        .cte("hp")
    )  # fmt: skip
    worked = select(hp).where(hp.c.cents > 0).cte("worked")
    # each person's latest contract (by start), where a sortie without its contract is placed; NULLs placed
    # explicitly wherever ordered (the engines' defaults differ)
    latest = (c.c.start.desc().nulls_last(), c.c.uuid)
    rank = func.row_number().over(partition_by=c.c.participant, order_by=latest)
    ranked = select(c.c.participant, c.c.lot, rank.label("rn")).subquery("ranked")
    lastc = select(ranked.c.participant, ranked.c.lot).where(ranked.c.rn == 1).cte("lastc")
    l2 = lot.alias("l2")
    r, alive = live("situation", "rs")
    s = (
        select(field(r, "participant").label("participant"), field(r, "sortie_category").label("category"),
               f.c.key_id.label("fac"), func.coalesce(lot.c.siret, l2.c.siret).label("siret"),
               func.coalesce(lot.c.terr, l2.c.terr, NO_TERRITORY).label("terr"))
        .select_from(r.join(f, f.c.id == r.c.facilitator_id).outerjoin(c, c.c.uuid == field(r, "contract"))
                     .outerjoin(lot, lot.c.uuid == c.c.lot)
                     .outerjoin(lastc, lastc.c.participant == field(r, "participant"))
                     .outerjoin(l2, l2.c.uuid == lastc.c.lot))
        .where(alive, field(r, "moment") == "sortie", month_of(r, "observed_on").between(first, last))
        .cte("s")
    )  # fmt: skip
    r, alive = live("meeting", "rmt")
    mt = (
        select(field(r, "kind").label("kind"), f.c.key_id.label("fac"), m.c.siret,
               func.coalesce(m.c.terr, NO_TERRITORY).label("terr"))
        .select_from(r.join(f, f.c.id == r.c.facilitator_id).outerjoin(m, m.c.uuid == field(r, "market")))
        .where(alive, month_of(r, "held_on").between(first, last))
        .cte("mt")
    )  # fmt: skip
    tr = _trainees(first, last, f, p, lot)
    return _Ctes(f, p, co, hp, worked, s, mt, tr)


def _trainees(first: str, last: str, f: Any, p: CTE, lot: CTE) -> CTE:
    """Pre-hiring trainees of the sessions running in the period, placed on the lot where the session's
    hours count, else on the first of its lots by identifier (its buyer's SIRET and territory)."""
    ts, ts_alive = live("training_session", "rts")
    items = array_items(ts, "lots")
    first_lot = (select(ts.c.uuid.label("session"), func.min(items.c.value).label("lot"))
                 .select_from(ts.join(items, true())).where(ts_alive)
                 .group_by(ts.c.uuid).cte("tsl"))  # fmt: skip
    t, t_alive = live("trainee", "rtr")
    placed = func.coalesce(field(ts, "counted_lot"), first_lot.c.lot)
    return (
        select(p.c.ps, field(t, "outcome").label("outcome"), f.c.key_id.label("fac"), lot.c.siret,
               func.coalesce(lot.c.terr, NO_TERRITORY).label("terr"))
        .select_from(t.join(f, f.c.id == t.c.facilitator_id).join(ts, ts.c.uuid == field(t, "session"))
                     .join(p, p.c.uuid == field(t, "participant"))
                     .outerjoin(first_lot, first_lot.c.session == ts.c.uuid)
                     .outerjoin(lot, lot.c.uuid == placed))
        .where(t_alive, month_of(ts, "start_date") <= last, month_of(ts, "end_date") >= first)
        .cte("tr")
    )  # fmt: skip


def _key(scope: str, table: Any) -> ColumnElement[Any]:
    """The breakdown key of a row of `table` (a constant '' for the whole department)."""
    columns: dict[str, ColumnElement[Any]] = {"all": literal(""), "facilitator": table.c.fac,
                                              "buyer": table.c.siret, "territory": table.c.terr}  # fmt: skip
    return columns[scope]


def _grouped(
    stmt: AnySelect, scope: str, key: ColumnElement[Any], *labels: ColumnElement[Any]
) -> AnySelect:
    """GROUP BY the key (never a constant: PostgreSQL refuses it) and the labels."""
    return stmt.group_by(*([] if scope == "all" else [key]), *labels)


def _publics(t: _Ctes, scope: str) -> AnySelect:
    """(key, ps, code), distinct: publics at entry (core.rules.publics) within each key. The validations
    in force on the start of the person's earliest contract with hours in the range, typed age categories
    left out, plus the age public; a facilitator's publics come from their own validations only."""
    w = t.worked
    key = _key(scope, w)
    partition = [w.c.ps] if scope == "all" else [key, w.c.ps]
    rank = func.row_number().over(partition_by=partition, order_by=(w.c.start.nulls_first(), w.c.contract))
    ranked = select(key.label("key"), w.c.ps, w.c.band, w.c.start, rank.label("rn")).subquery("ranked")
    fc = select(ranked.c.key, ranked.c.ps, ranked.c.band, ranked.c.start).where(ranked.c.rn == 1).cte("fc")
    v, alive = live("validation", "v")
    vf = FACILITATOR.alias("vf")
    je = array_items(v, "categories")
    own = vf.c.key_id == fc.c.key if scope == "facilitator" else true()
    by_validation = (
        select(fc.c.key, fc.c.ps, je.c.value.label("code"))
        .select_from(fc.join(t.p, t.p.c.ps == fc.c.ps)
                     .join(v, and_(alive, field(v, "participant") == t.p.c.uuid))
                     .join(vf, and_(vf.c.id == v.c.facilitator_id, own)).join(je, true()))
        .where(field(v, "validated_on") <= fc.c.start,
               func.coalesce(field(v, "valid_until"), fc.c.start) >= fc.c.start,
               je.c.value.not_in(sorted(TYPED_AGE_CATEGORIES)))
    )  # fmt: skip
    by_age = select(fc.c.key, fc.c.ps, case(
        (fc.c.band == _BAND_UNDER_26, literal(MOINS_26)), else_=literal(PLUS_50)).label("code")
    ).where(fc.c.band.in_([_BAND_UNDER_26, _BAND_50]))  # fmt: skip
    return select(union_all(by_validation, by_age).subquery("u")).distinct()


def _partners_and_typology(t: _Ctes, scope: str) -> dict[str, AnySelect]:
    """Partners by kind (buyers, companies, SIAE: distinct identities) and the clause typology: lots and
    hours by legal basis, a lot that combines several mechanisms counting under each of them."""
    w, co = t.worked, t.co
    k = _key(scope, w)
    buyers = _grouped(select(k, literal("buyers"), func.count(distinct(w.c.buyer))), scope, k)
    by_company = w.join(co, co.c.uuid == w.c.company)
    companies = _grouped(
        select(k, co.c.cls, func.count(distinct(co.c.ident))).select_from(by_company), scope, k, co.c.cls
    )
    r, alive = live("lot", "rlm")
    items = array_items(r, "mechanisms")
    lm = select(r.c.uuid.label("lot"), items.c.value.label("mech")).select_from(r.join(items, true()))
    lm_cte = lm.where(alive).cte("lm")
    by_lot = w.join(lm_cte, lm_cte.c.lot == w.c.lot)
    mech = lm_cte.c.mech
    return {
        "partners": select(union_all(buyers, companies).subquery("pt")),
        "lots_by_mechanism": _grouped(
            select(k, mech, func.count(distinct(w.c.lot))).select_from(by_lot), scope, k, mech
        ),
        "hours_by_mechanism": _grouped(
            select(k, mech, func.sum(w.c.cents)).select_from(by_lot), scope, k, mech
        ),
    }


def _queries(t: _Ctes, scope: str) -> dict[str, AnySelect]:
    """Every figure as (key, label, value) rows."""
    hp, w, s, mt = t.hp, t.worked, t.s, t.mt
    out: dict[str, AnySelect] = {}
    k = _key(scope, hp)
    out["hours_total"] = _grouped(select(k, literal(""), func.coalesce(func.sum(hp.c.cents), 0)), scope, k)
    k = _key(scope, w)
    out["people"] = _grouped(select(k, literal(""), func.count(distinct(w.c.ps))), scope, k)
    out["markets_followed"] = _grouped(select(k, literal(""), func.count(distinct(w.c.market))), scope, k)
    out["contracts_by_type"] = _grouped(
        select(k, w.c.ctype, func.count(distinct(w.c.contract))), scope, k, w.c.ctype
    )
    k = _key(scope, s)
    out["sorties"] = _grouped(select(k, s.c.category, func.count(distinct(s.c.participant))), scope, k,
                              s.c.category)  # fmt: skip
    k = _key(scope, mt)
    out["meetings"] = _grouped(select(k, mt.c.kind, func.count()), scope, k, mt.c.kind)
    pub = _publics(t, scope).subquery("pub")
    out["publics_at_entry"] = select(pub.c.key, pub.c.code, func.count(distinct(pub.c.ps))).group_by(
        pub.c.key, pub.c.code
    )
    pub2 = _publics(t, scope).subquery("pub2")
    wk = _key(scope, w)
    out["hours_by_public"] = (
        select(pub2.c.key, pub2.c.code, func.sum(w.c.cents))
        .select_from(pub2.join(w, and_(w.c.ps == pub2.c.ps, wk == pub2.c.key)))
        .group_by(pub2.c.key, pub2.c.code)
    )
    out.update(_partners_and_typology(t, scope))
    k = _key(scope, t.tr)
    out["trainees"] = _grouped(select(k, t.tr.c.outcome, func.count(distinct(t.tr.c.ps))), scope, k,
                               t.tr.c.outcome)  # fmt: skip
    return out


FIGURES = ("hours_total", "people", "markets_followed", "contracts_by_type", "sorties", "meetings",
           "publics_at_entry", "hours_by_public", "partners", "lots_by_mechanism",
           "hours_by_mechanism", "trainees")  # fmt: skip


def figure_rows(
    session: Session, scope: str, first: str, last: str, epci_of: dict[str, str] | None = None
) -> Iterator[tuple[str, str, str, int]]:
    """(figure, key, label, value) for every figure of `FIGURES` over months `first`..`last` (YYYY-MM).

    Hours come as integer hundredths; a NULL key (a record without buyer) is left out of a breakdown.
    `epci_of` maps the marchés' communes to their EPCI (for the territory breakdown).
    """
    if scope not in SCOPES:
        raise KeyError(scope)
    for name, query in _queries(_ctes(first, last, epci_of or {}), scope).items():
        for key, label, value in session.execute(query):
            if key is not None:
                yield name, str(key), "" if label is None else str(label), int(value or 0)


def facilitator_keys(session: Session) -> list[str]:
    """Key ids of every enrolled facilitator (revoked ones included: their records still count)."""
    return [str(key) for key in session.scalars(select(FACILITATOR.c.key_id).order_by(FACILITATOR.c.key_id))]


def market_communes(session: Session) -> set[str]:
    """The communes of the merged marchés (their operation's place), for the commune → EPCI table."""
    r, alive = live("market", "rm")
    return {str(code) for code in session.scalars(select(field(r, "commune_code")).where(alive).distinct())
            if code}  # fmt: skip


@dataclass(frozen=True)
class AnnualRow:
    """One contract's work on one lot in the months asked: the pseudonymous annual list's line."""

    facilitator: str  # key id
    market_ref: str
    lot_ref: str
    pseudonym: str
    contract_type: str
    first_month: str
    last_month: str
    cents: int


def annual_rows(session: Session, first: str, last: str) -> list[AnnualRow]:
    """Clause employees by marché and work period (pseudonyms only), months `first`..`last`."""
    w = _ctes(first, last, {}).worked
    mref, lref = func.coalesce(w.c.mref, "").label("mref_"), func.coalesce(w.c.lref, "").label("lref_")
    since = func.min(w.c.month).label("since")
    stmt = (
        select(w.c.fac, mref, lref, w.c.ps, func.coalesce(w.c.ctype, ""), since, func.max(w.c.month),
               func.sum(w.c.cents))
        .group_by(w.c.fac, w.c.contract, w.c.lot, w.c.mref, w.c.lref, w.c.ps, w.c.ctype)
        .order_by(mref, lref, since, w.c.ps, w.c.fac, w.c.contract)
    )  # fmt: skip
    return [AnnualRow(str(a), str(b), str(c), str(d), str(e), str(f), str(g), int(h or 0))
            for a, b, c, d, e, f, g, h in session.execute(stmt)]  # fmt: skip

"""The comité's figures over a range of months, whole or broken down by facilitator or buyer, in
SQLAlchemy Core with its JSON operators (`coord_json`): the same figures on SQLite and PostgreSQL.

Every query returns rows whose first column is the breakdown key: the facilitator's key id
(`fac`), the buyer's SIRET (`siret`) or '' for the whole department (`all`). Counts of records
(contracts, sorties, meetings, marchés) are per facilitator's record, so that the sums over the
facilitators equal the department's total; people are distinct pseudonyms within each key, so a
person who worked for two facilitators counts once in the total.
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
from clausedesk.db.repositories.coord_json import (
    FACILITATOR,
    AnySelect,
    array_items,
    cents,
    field,
    live,
    month_of,
)

#: The breakdowns: the whole department, by facilitator's key id, by buyer's SIRET.
SCOPES = ("all", "facilitator", "buyer")
#: A buyer without SIRET (the facilitator's form allows it) is grouped under this key.
NO_SIRET = "sans_siret"
_BAND_UNDER_26, _BAND_50 = AGE_BANDS[0][2], AGE_BANDS[-1][2]


@dataclass(frozen=True)
class _Ctes:
    f: Any
    p: CTE
    hp: CTE
    worked: CTE
    s: CTE
    mt: CTE


def _ctes(first: str, last: str) -> _Ctes:
    f = FACILITATOR.alias("f")
    r, alive = live("buyer", "rb")
    b = (
        select(r.c.uuid, func.coalesce(func.nullif(field(r, "siret"), ""), NO_SIRET).label("siret"))
        .where(alive)
        .cte("b")
    )
    r, alive = live("market", "rm")
    m = (
        select(r.c.uuid, b.c.siret)
        .select_from(r.outerjoin(b, b.c.uuid == field(r, "buyer")))
        .where(alive)
        .cte("m")
    )
    r, alive = live("lot", "rl")
    lot = (select(r.c.uuid, field(r, "market").label("market"), m.c.siret)
           .select_from(r.outerjoin(m, m.c.uuid == field(r, "market"))).where(alive).cte("l"))  # fmt: skip
    r, alive = live("participant", "rp")
    p = select(r.c.uuid, field(r, "pseudonym").label("ps")).where(alive).cte("p")
    r, alive = live("contract", "rc")
    c = select(
        r.c.uuid, field(r, "participant").label("participant"), field(r, "contract_type").label("ctype"),
        field(r, "age_band").label("band"), field(r, "start_date").label("start"),
        field(r, "lot").label("lot"),
    ).where(alive).cte("c")  # fmt: skip
    h, alive = live("hour_entry", "h")
    hp = (
        select(cents(h, "hours_worked").label("cents"), field(h, "contract").label("contract"), lot.c.market,
               c.c.ctype, c.c.band, c.c.start, c.c.participant, p.c.ps, f.c.key_id.label("fac"), lot.c.siret)
        .select_from(h.join(f, f.c.id == h.c.facilitator_id).join(c, c.c.uuid == field(h, "contract"))
                     .join(p, p.c.uuid == c.c.participant).outerjoin(lot, lot.c.uuid == field(h, "lot")))
        .where(alive, field(h, "month").between(first, last))
        .cte("hp")
    )  # fmt: skip
    worked = select(hp).where(hp.c.cents > 0).cte("worked")
    r, alive = live("situation", "rs")
    s = (
        select(field(r, "participant").label("participant"), field(r, "sortie_category").label("category"),
               f.c.key_id.label("fac"), lot.c.siret)
        .select_from(r.join(f, f.c.id == r.c.facilitator_id).outerjoin(c, c.c.uuid == field(r, "contract"))
                     .outerjoin(lot, lot.c.uuid == c.c.lot))
        .where(alive, field(r, "moment") == "sortie", month_of(r, "observed_on").between(first, last))
        .cte("s")
    )  # fmt: skip
    r, alive = live("meeting", "rmt")
    mt = (
        select(field(r, "kind").label("kind"), f.c.key_id.label("fac"), m.c.siret)
        .select_from(r.join(f, f.c.id == r.c.facilitator_id).outerjoin(m, m.c.uuid == field(r, "market")))
        .where(alive, month_of(r, "held_on").between(first, last))
        .cte("mt")
    )  # fmt: skip
    return _Ctes(f, p, hp, worked, s, mt)


def _key(scope: str, table: Any) -> ColumnElement[Any]:
    """The breakdown key of a row of `table` (a constant '' for the whole department)."""
    columns: dict[str, ColumnElement[Any]] = {"all": literal(""), "facilitator": table.c.fac,
                                              "buyer": table.c.siret}  # fmt: skip
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
    rank = func.row_number().over(partition_by=partition, order_by=(w.c.start, w.c.contract))
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
    return out


FIGURES = ("hours_total", "people", "markets_followed", "contracts_by_type", "sorties", "meetings",
           "publics_at_entry", "hours_by_public")  # fmt: skip


def figure_rows(session: Session, scope: str, first: str, last: str) -> Iterator[tuple[str, str, str, int]]:
    """(figure, key, label, value) for every figure of `FIGURES` over months `first`..`last` (YYYY-MM).

    Hours come as integer hundredths; a NULL key (a record without buyer) is left out of a breakdown.
    """
    if scope not in SCOPES:
        raise KeyError(scope)
    for name, query in _queries(_ctes(first, last), scope).items():
        for key, label, value in session.execute(query):
            if key is not None:
                yield name, str(key), "" if label is None else str(label), int(value or 0)


def facilitator_keys(session: Session) -> list[str]:
    """Key ids of every enrolled facilitator (revoked ones included: their records still count)."""
    return [str(key) for key in session.scalars(select(FACILITATOR.c.key_id).order_by(FACILITATOR.c.key_id))]

"""The department's indicators over the coordinator's merged records, in SQLAlchemy Core with its JSON
operators (`coord_json`): the same SQL shape and the same figures on SQLite and PostgreSQL.

Hours are summed as integer hundredths; people are counted by distinct pseudonym, so a person who
worked with two facilitators counts once. `first`/`last` restrict hours (and the people who worked
them) to a range of months; None means no bound. Rows of equal value come in label order (NULL first),
so both engines list them alike.
"""

from __future__ import annotations

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
from clausedesk.db.repositories.coord_json import AnySelect, array_items, cents, field, flag, live

_BAND_UNDER_26, _BAND_50 = AGE_BANDS[0][2], AGE_BANDS[-1][2]


@dataclass(frozen=True)
class _Ctes:
    """The common tables of every indicator, for one range of months."""

    p: CTE
    c: CTE
    h: CTE
    lot: CTE
    m: CTE
    b: CTE
    co: CTE
    hp: CTE
    people: CTE
    first_contract: CTE


def _ctes(first: str | None, last: str | None) -> _Ctes:
    r, alive = live("participant", "rp")
    p = select(r.c.uuid, field(r, "pseudonym").label("ps"), field(r, "sex").label("sex"),
               field(r, "commune_code").label("commune"),
               flag(r, "qpv").label("qpv")).where(alive).cte("p")  # fmt: skip
    r, alive = live("contract", "rc")
    c = select(
        r.c.uuid, field(r, "participant").label("participant"), field(r, "lot").label("lot"),
        field(r, "company").label("company"), field(r, "modality").label("modality"),
        field(r, "contract_type").label("ctype"), field(r, "age_band").label("band"),
        field(r, "start_date").label("start"),
    ).where(alive).cte("c")  # fmt: skip
    r, alive = live("hour_entry", "rh")
    month = field(r, "month")
    bounds = [alive] + ([month >= first] if first is not None else [])
    bounds += [month <= last] if last is not None else []
    h = select(field(r, "contract").label("contract"), field(r, "lot").label("lot"), month.label("month"),
               cents(r, "hours_worked").label("cents")).where(*bounds).cte("h")  # fmt: skip
    r, alive = live("lot", "rl")
    lot = select(r.c.uuid, field(r, "market").label("market"),
                 cents(r, "target_hours").label("target_cents")).where(alive).cte("l")  # fmt: skip
    r, alive = live("market", "rm")
    m = select(r.c.uuid, field(r, "kind").label("kind"),
               field(r, "buyer").label("buyer")).where(alive).cte("m")  # fmt: skip
    r, alive = live("buyer", "rb")
    b = select(r.c.uuid, field(r, "name").label("name"), field(r, "kind").label("kind")).where(alive).cte("b")
    r, alive = live("company", "rco")
    co = select(r.c.uuid, field(r, "name").label("name"), field(r, "naf").label("naf")).where(alive).cte("co")
    hp = (
        select(h.c.cents, h.c.lot, c.c.modality, c.c.company, p.c.ps)
        .select_from(h.join(c, c.c.uuid == h.c.contract).join(p, p.c.uuid == c.c.participant))
        .cte("hp")
    )
    people = select(hp.c.ps).where(hp.c.cents > 0).distinct().cte("people")
    ranked = (
        select(p.c.ps, c.c.band, c.c.start,
               func.row_number().over(partition_by=p.c.ps, order_by=(c.c.start, c.c.uuid)).label("rn"))
        .select_from(c.join(p, p.c.uuid == c.c.participant))
        .where(c.c.uuid.in_(select(h.c.contract).where(h.c.cents > 0)))
        .subquery("ranked")
    )  # fmt: skip
    first_contract = (
        select(ranked.c.ps, ranked.c.band, ranked.c.start).where(ranked.c.rn == 1).cte("first_contract")
    )
    return _Ctes(p, c, h, lot, m, b, co, hp, people, first_contract)


def _by_value(stmt: AnySelect, value: ColumnElement[Any], label: ColumnElement[Any]) -> AnySelect:
    """Largest value first, ties in label order (an absent label first) on both engines."""
    return stmt.group_by(label).order_by(value.desc(), label.is_not(None), label)


def _publics_at_entry(t: _Ctes) -> AnySelect:
    """The validations in force on the start of the person's earliest contract with hours in the range,
    typed age categories left out, and the age public of that start (core.rules.publics)."""
    v, alive = live("validation", "v")
    je = array_items(v, "categories")
    fc = t.first_contract
    by_validation = (
        select(fc.c.ps.label("ps"), je.c.value.label("code"))
        .select_from(fc.join(t.p, t.p.c.ps == fc.c.ps)
                     .join(v, and_(alive, field(v, "participant") == t.p.c.uuid)).join(je, true()))
        .where(field(v, "validated_on") <= fc.c.start,
               func.coalesce(field(v, "valid_until"), fc.c.start) >= fc.c.start,
               je.c.value.not_in(sorted(TYPED_AGE_CATEGORIES)))
    )  # fmt: skip
    by_age = select(
        fc.c.ps, case((fc.c.band == _BAND_UNDER_26, literal(MOINS_26)), else_=literal(PLUS_50)).label("code")
    ).where(fc.c.band.in_([_BAND_UNDER_26, _BAND_50]))
    pub = union_all(by_validation, by_age).subquery("pub")
    n = func.count(distinct(pub.c.ps))
    return select(pub.c.code, n).group_by(pub.c.code).order_by(n.desc(), pub.c.code)


def _query(name: str, t: _Ctes) -> AnySelect:
    hp, lot, m, b, co, c, p = t.hp, t.lot, t.m, t.b, t.co, t.c, t.p
    if name == "hours_by_mechanism":
        # one row per (mechanism, lot) with the lot's target, and each lot's hours summed once before
        r, alive = live("lot", "rlm")
        je = array_items(r, "mechanisms")
        target = cents(r, "target_hours").label("target")
        lm = (select(je.c.value.label("mech"), r.c.uuid.label("lot"), target)
              .select_from(r.join(je, true())).where(alive).subquery("lm"))  # fmt: skip
        done = select(hp.c.lot, func.sum(hp.c.cents).label("cents")).group_by(hp.c.lot).subquery("done")
        return (
            select(lm.c.mech, func.sum(lm.c.target), func.coalesce(func.sum(done.c.cents), 0))
            .select_from(lm.outerjoin(done, done.c.lot == lm.c.lot))
            .group_by(lm.c.mech).order_by(lm.c.mech)
        )  # fmt: skip
    if name == "hours_by_modality":
        total = func.sum(hp.c.cents)
        return _by_value(select(hp.c.modality, total), total, hp.c.modality)
    if name == "markets_by_kind":
        return _by_value(select(m.c.kind, func.count()), func.count(), m.c.kind)
    if name == "markets_by_buyer_kind":
        kind = func.coalesce(b.c.kind, "?")
        stmt = select(kind, func.count()).select_from(m.outerjoin(b, b.c.uuid == m.c.buyer))
        return _by_value(stmt, func.count(), kind)
    if name == "people_by_age_band":
        band = func.coalesce(t.first_contract.c.band, "inconnu")
        return select(band, func.count()).group_by(band).order_by(band)
    if name == "people_by_sex":
        sex = func.coalesce(p.c.sex, "?")
        stmt = select(sex, func.count(distinct(p.c.ps))).where(p.c.ps.in_(select(t.people.c.ps)))
        return stmt.group_by(sex).order_by(sex)
    if name == "people_by_category":
        return _publics_at_entry(t)
    if name == "people_by_territory":
        place = func.coalesce(p.c.commune, "inconnue") + case((p.c.qpv, " (QPV)"), else_="")
        n = func.count(distinct(p.c.ps))
        return _by_value(select(place, n).where(p.c.ps.in_(select(t.people.c.ps))), n, place)
    if name == "contracts_by_type":
        stmt = select(c.c.ctype, func.count()).where(c.c.uuid.in_(select(t.h.c.contract)))
        return _by_value(stmt, func.count(), c.c.ctype)
    if name == "sorties":
        s, alive = live("situation", "s")
        category = field(s, "sortie_category")
        n = func.count(distinct(p.c.ps))
        stmt = (select(category, n).select_from(s.join(p, p.c.uuid == field(s, "participant")))
                .where(alive, field(s, "moment") == "sortie"))  # fmt: skip
        return _by_value(stmt, n, category)
    total = func.sum(hp.c.cents)
    if name == "hours_by_buyer":
        who = func.coalesce(b.c.name, "?")
        joined = hp.join(lot, lot.c.uuid == hp.c.lot).join(m, m.c.uuid == lot.c.market)
        stmt = select(who, total).select_from(joined.outerjoin(b, b.c.uuid == m.c.buyer))
        return _by_value(stmt, total, who)
    if name == "hours_by_company":
        who = func.coalesce(co.c.name, "?")
        stmt = select(who, total).select_from(hp.outerjoin(co, co.c.uuid == hp.c.company))
        return _by_value(stmt, total, who)
    if name == "hours_by_sector":
        sector = func.coalesce(func.substr(co.c.naf, 1, 2), "?")
        stmt = select(sector, total).select_from(hp.outerjoin(co, co.c.uuid == hp.c.company))
        return _by_value(stmt, total, sector)
    raise KeyError(name)


QUERIES: tuple[str, ...] = (
    "hours_by_mechanism", "hours_by_modality", "markets_by_kind", "markets_by_buyer_kind",
    "people_by_age_band", "people_by_sex", "people_by_category", "people_by_territory",
    "contracts_by_type", "sorties", "hours_by_buyer", "hours_by_company", "hours_by_sector",
)  # fmt: skip


def table(
    session: Session, name: str, first: str | None = None, last: str | None = None
) -> list[tuple[Any, ...]]:
    """Rows of one indicator (label, value[, value]); hours come as integer hundredths."""
    return [tuple(row) for row in session.execute(_query(name, _ctes(first, last)))]


def totals(session: Session, first: str | None = None, last: str | None = None) -> dict[str, int]:
    """markets, participants (distinct pseudonyms with hours), hours in hundredths, companies, buyers."""
    t = _ctes(first, last)
    mt, alive = live("meeting", "mt")
    figures = {
        "markets": select(func.count()).select_from(t.m),
        "participants": select(func.count()).select_from(t.people),
        "hours_cents": select(func.coalesce(func.sum(t.hp.c.cents), 0)),
        "companies": select(func.count(distinct(t.hp.c.company))),
        "buyers": select(func.count()).select_from(t.b),
        "committee_meetings": select(func.count()).select_from(mt)
        .where(alive, field(mt, "kind") == "comite_departemental"),
        "planned_cents": select(func.coalesce(func.sum(t.lot.c.target_cents), 0)),
    }  # fmt: skip
    row = session.execute(select(*(q.scalar_subquery().label(k) for k, q in figures.items()))).one()
    return {k: int(v or 0) for k, v in zip(figures, row, strict=True)}

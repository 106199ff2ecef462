"""The home's figures and alert counts (issue 12): cheap SQL that says exactly what the full rules say.

The figures are read from index ranges; each is compared with a recount over every row in Python, on the
demonstration store and after each kind of hour write. Each alert kind's count (what the home shows before
any line is built) is compared with its lines, and the recruitment kinds with the Python rules they replace.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from clausedesk.core.services import alerts, home, hours, people, suggestions
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.core.services.hours_undo import undo_import
from clausedesk.db.models import (
    Application,
    Company,
    Contract,
    HourEntry,
    HourSource,
    Lot,
    Market,
    Participant,
)
from clausedesk.db.store import Store

DAYS = (date(2026, 11, 5), date(2026, 6, 15), date(2025, 3, 1), date(2024, 1, 20))


def _recount(s: Any, today: date) -> dict[str, Any]:
    """The home figures by brute force: every row loaded, the rules applied in Python."""
    month = alerts.releve_month(today)
    first = date(int(month[:4]), int(month[5:]), 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    entries = [e for e in s.scalars(select(HourEntry)) if e.deleted_at is None]
    contracts = [c for c in s.scalars(select(Contract)) if c.deleted_at is None]

    def runs(c: Contract, a: date, b: date) -> bool:
        return c.start_date <= b and (c.end_date is None or c.end_date >= a)

    lots = []
    for lot in s.scalars(select(Lot)):
        market = s.get(Market, lot.market_id)
        start, end = lot.start_date or market.start_date, lot.end_date or market.end_date
        if lot.deleted_at is None and market.deleted_at is None and start and end and start <= today <= end:
            lots.append(lot)
    return {
        "month_hours": sum((e.hours_worked for e in entries if e.month == month), Decimal(0)),
        "year_hours": sum(
            (e.hours_worked for e in entries if f"{month[:4]}-01" <= e.month <= month), Decimal(0)
        ),  # fmt: skip
        "active_lots": len(lots),
        "running_objective": sum(
            (lot.forced_hours if lot.forced_hours is not None else lot.objective_hours for lot in lots),
            Decimal(0),
        ),  # fmt: skip
        "people_at_work": len({c.participant_id for c in contracts if runs(c, today, today)}),
        "releves_expected": sum(1 for c in contracts if runs(c, first, last)),
        "releves_received": len({e.contract_id for e in entries if e.month == month}),
    }


def _figures(s: Any, today: date) -> dict[str, Any]:
    f = home.home_figures(s, today)
    return {key: getattr(f, key) for key in _recount(s, today)}


def test_home_figures_equal_a_recount_of_every_row(demo_store: Store) -> None:
    with demo_store.session() as s:
        # a contract without an end date, a deleted one and a deleted entry: each range must see them right
        open_ended, gone = s.scalars(select(Contract).order_by(Contract.id).limit(2)).all()
        open_ended.end_date = None
        gone.deleted_at = gone.created_at
        s.scalars(select(HourEntry).where(HourEntry.month == "2026-09")).first().deleted_at = gone.created_at
        # lots missing a date run on their marché's; a deleted marché's lots do not run
        no_end, no_start, *_ = s.scalars(select(Lot).order_by(Lot.id)).all()
        no_end.end_date, no_start.start_date = None, None
        s.scalars(select(Market).order_by(Market.id.desc())).first().deleted_at = gone.created_at
    with demo_store.session() as s:
        for today in DAYS:
            assert _figures(s, today) == _recount(s, today), today
        assert _figures(s, date(2026, 10, 5))["month_hours"] > 0


def test_home_figures_follow_every_kind_of_hour_write(demo_store: Store, tmp_path: Any) -> None:
    today = date(2026, 10, 20)  # relevé month 2026-09
    with demo_store.session() as s:
        before = _figures(s, today)
        september = select(HourEntry).where(HourEntry.month == "2026-09").order_by(HourEntry.id)
        entry = s.scalars(september).first()
        contract = s.get(Contract, entry.contract_id)
        worked = entry.hours_worked + 7
        hours.set_releve_status(s, s.get(Company, contract.company_id).uuid, "2026-09", False)  # reopened
    with demo_store.session() as s:  # a typed cell (the grid's save)
        hours.save_changes(s, "2026-09", [hours.HourChange(contract.uuid, worked=worked)])
    with demo_store.session() as s:
        typed = _figures(s, today)
        assert typed == _recount(s, today)
        assert typed != before
        # an import journal undone: the entries it wrote are removed, the figures follow
        source = HourSource(kind="import", file_name="releve.xlsx", month="2026-09")
        s.add(source)
        s.flush()
        entry = s.scalars(select(HourEntry).where(HourEntry.month == "2026-09")).first()
        entry.source_id = source.id
    with demo_store.session() as s:
        undo_import(s, source.id)
    with demo_store.session() as s:
        assert _figures(s, today) == _recount(s, today)


def test_each_alert_count_is_the_number_of_its_lines(demo_store: Store) -> None:
    """The count shown on a group before it is opened is exactly the lines it shows once opened."""
    with demo_store.session() as s:
        # a day some lots and marchés end soon after, a relevé missing, a person waiting for a proposal
        ending = select(Lot.end_date).where(Lot.end_date >= date(2026, 1, 1)).order_by(Lot.end_date)
        days = (*DAYS, s.scalars(ending).first() - timedelta(days=3))
        october = s.scalars(select(HourEntry).where(HourEntry.month == "2026-10")).first()
        october.deleted_at = datetime(2026, 11, 1)
        idle = people.save_participant(s, people.ParticipantData("Attente", "Longue")).uuid
        cand.save_candidate_profile(s, cand.CandidateData(idle, candidate_since=date(2020, 1, 1),
                                                          prescriber="Mission locale"))  # fmt: skip
    seen: set[str] = set()
    with demo_store.session() as s:
        for today in days:
            found = alerts.compute_alerts(s, today, per_kind=10**6)
            for kind in alerts.KIND_LABELS:
                lines = alerts.alert_lines(s, kind, today, limit=10**6)
                assert alerts.count_alerts(s, kind, today) == len(lines) == found.totals[kind], (kind, today)
                assert [a for a in found.items if a.kind == kind] == lines
                assert alerts.alert_lines(s, kind, today, limit=3) == lines[:3]
                if lines:
                    seen.add(kind)
    assert {"releve", "retard", "prevision", "fin_lot", "fin_marche", "action", "offre", "candidat"} <= seen


@pytest.mark.parametrize("today", DAYS)
def test_recruitment_counts_in_sql_follow_the_python_rules(demo_store: Store, today: date) -> None:
    with demo_store.session() as s:
        # every candidate known for long: those with applications wait since their last step instead
        for person in s.scalars(select(Participant).where(Participant.candidate_since.is_not(None))):
            person.candidate_since = today - timedelta(days=400)
        idle = people.save_participant(s, people.ParticipantData("Attente", "Longue")).uuid
        cand.save_candidate_profile(s, cand.CandidateData(idle, candidate_since=today - timedelta(days=90)))
        # candidates turned down 60 days ago (no contract running): waiting since that step
        at_work = {c.participant_id for c in s.scalars(select(Contract)) if c.start_date <= today
                   and (c.end_date is None or c.end_date >= today)}  # fmt: skip
        for app in s.scalars(select(Application)):
            if app.participant_id not in at_work:
                app.step, app.step_on = "non_retenue", today - timedelta(days=60)
    with demo_store.session() as s:
        waiting = suggestions.candidates_waiting(s, today)
        lines = alerts.alert_lines(s, "candidat", today, limit=10**6)
        assert [a.message.split(" attend ")[0] for a in lines] == [w.name for w in waiting]
        assert len(waiting) > 1 and {w.days_waiting for w in waiting} == {60, 90}
        assert all(f" depuis {w.days_waiting} jour" in a.message for a, w in zip(lines, waiting, strict=True))
        assert all(a.message.endswith(f"transmise par {w.prescriber}") == bool(w.prescriber)
                   for a, w in zip(lines, waiting, strict=True))  # fmt: skip
        assert alerts.count_alerts(s, "offre", today) == len(suggestions.offers_open_too_long(s, today))


def _totals(s: Any) -> dict[str, int]:
    """The maintained totals next to a fresh SUM of the live entries, month by month (hundredths)."""
    kept = dict(
        s.execute(text("SELECT month, hours_worked FROM hour_month_total WHERE hours_worked <> 0")).all()
    )
    fresh = dict(s.execute(text(
        "SELECT month, SUM(hours_worked) FROM hour_entry WHERE deleted_at IS NULL GROUP BY month "
        "HAVING SUM(hours_worked) <> 0"
    )).all())  # fmt: skip
    assert kept == fresh
    return kept


def test_the_monthly_totals_are_kept_by_the_store_whatever_writes(demo_store: Store) -> None:
    """Written by SQL the services never use (a sync, a hand fix): the store's triggers keep the totals."""
    with demo_store.session() as s:
        names = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        assert {"hour_month_total_insert", "hour_month_total_update", "hour_month_total_delete"} <= names
        before = _totals(s)
        first, second = s.scalars(
            text("SELECT id FROM hour_entry WHERE month = '2026-09' ORDER BY id LIMIT 2")
        )
        s.execute(
            text("UPDATE hour_entry SET hours_worked = hours_worked + 1234 WHERE id = :i"), {"i": first}
        )
        s.execute(text("UPDATE hour_entry SET month = '2031-01' WHERE id = :i"), {"i": second})
    with demo_store.session() as s:
        moved = _totals(s)
        assert moved["2031-01"] > 0 and moved["2026-09"] != before["2026-09"]
        s.execute(text("UPDATE hour_entry SET deleted_at = '2026-11-01' WHERE id = :i"), {"i": first})
        s.execute(
            text("UPDATE hour_entry SET hours_worked = 0 WHERE id = :i"), {"i": first}
        )  # deleted: no change
        s.execute(text("DELETE FROM hour_import_change WHERE entry_id = :i"), {"i": second})
        s.execute(text("DELETE FROM hour_entry WHERE id = :i"), {"i": second})
    with demo_store.session() as s:
        assert "2031-01" not in _totals(s)
        s.execute(text("UPDATE hour_entry SET deleted_at = NULL WHERE id = :i"), {"i": first})  # restored
    with demo_store.session() as s:
        _totals(s)
        assert _figures(s, date(2026, 10, 20)) == _recount(s, date(2026, 10, 20))


def test_an_older_store_gets_its_monthly_totals_when_upgraded(tmp_path: Any) -> None:
    import shutil

    from clausedesk.paths import Paths

    paths = Paths(tmp_path / "donnees").ensure()
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "store_v0004_small.sqlite", paths.store)
    store = Store.open(paths)
    try:
        with store.session() as s:
            assert sum(_totals(s).values()) > 0
    finally:
        store.close()

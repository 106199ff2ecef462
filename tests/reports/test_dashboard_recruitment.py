"""The "Recrutement" section of the monthly dashboard: figures from the store, masked small counts, omitted
for a marché without job offer; in the figures, the PDF, the buyer document and the screen's preview."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import func, select

from clausedesk.core.formatting import date_fr, number
from clausedesk.core.services import documents
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services.dashboard import NO_VALIDATION, active_market_refs, market_dashboard
from clausedesk.db.models import Application, Attribution, Buyer, Company, JobOffer, Lot, Market, Participant
from clausedesk.db.models import job_offer_lot as offer_lot
from clausedesk.db.repositories import recruitment as rq
from clausedesk.db.store import Store

MONTH = "2026-09"
FIRST, LAST = date(2026, 9, 1), date(2026, 9, 30)
FT, ML = "France Travail Cergy (essai)", "Mission locale (essai)"


def _text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _text_of_page(path: Path, n: int) -> str:
    return PdfReader(path).pages[n].extract_text().replace("\u202f", " ").replace("\xa0", " ")


def _refs(store: Store) -> list[str]:
    """The marchés active in MONTH with no job offer in the demonstration data (it has some elsewhere)."""
    with store.session() as s:
        with_offers = set(
            s.scalars(
                select(Market.ref)
                .join(Lot, Lot.market_id == Market.id)
                .join(offer_lot, offer_lot.c.lot_id == Lot.id)
            )
        )
        return [ref for ref in active_market_refs(s, MONTH) if ref not in with_offers]


def _recruit(store: Store, ref: str) -> None:
    """On the marché's first lot: an offer filled in September (2 posts, 8 applications: 7 by France Travail,
    2 retained), one opened in September and still open, one cancelled in August; plus, after the month, an
    application and an offer that the September dashboard must not count."""
    with store.session() as s:
        lot, company = s.execute(
            select(Lot.uuid, Company.uuid)
            .join(Market, Market.id == Lot.market_id)
            .join(Attribution, Attribution.lot_id == Lot.id)
            .join(Company, Company.id == Attribution.company_id)
            .where(Market.ref == ref, Lot.deleted_at.is_(None), Attribution.deleted_at.is_(None))
            .order_by(Lot.ref)
        ).first()  # type: ignore[misc]
        people = list(s.scalars(select(Participant.uuid).order_by(Participant.id).limit(12)))

        def offer(opened: date, posts: int, label: str) -> str:
            data = rec.OfferData(company, "F1703", label, posts=posts, lot_uuids=[lot], opened_on=opened)
            return rec.save_offer(s, data).uuid

        def propose(offer_uuid: str, who: str, on: date, by: str) -> str:
            return rec.propose(s, offer_uuid, who, on, proposed_by=by).uuid

        def move(app: str, step: str, on: date, **kw: object) -> None:
            person = s.scalar(select(Participant.id).join(Application).where(Application.uuid == app))
            if rq.valid_validation(s, person, on) is None:  # type: ignore[arg-type]
                kw |= {"avis_motive": True, "avis_motive_reason": "Parcours suivi par la mission locale."}
            rec.move(s, app, step, on, **kw)  # type: ignore[arg-type]

        filled = offer(date(2026, 6, 1), 2, "Maçon")
        apps = [propose(filled, who, date(2026, 6, 15), FT) for who in people[:7]]
        apps.append(propose(filled, people[7], date(2026, 9, 2), ML))
        for app in apps[:2]:
            for step in ("eligibilite_verifiee", "presentee"):
                move(app, step, date(2026, 9, 1))
        move(apps[0], "retenue", date(2026, 9, 10))
        move(apps[1], "retenue", date(2026, 9, 12))  # the second post: the offer is filled that day
        for app in apps[2:5]:
            move(app, "non_retenue", date(2026, 9, 20), reason="Pas de permis de conduire.")
        still_open = offer(date(2026, 9, 3), 3, "Coffreur")
        propose(still_open, people[8], date(2026, 9, 4), ML)
        propose(still_open, people[9], date(2026, 10, 2), FT)  # after the month: not counted
        cancelled = offer(date(2026, 8, 1), 1, "Manœuvre")
        rec.set_offer_status(s, cancelled, "annulee", date(2026, 8, 20), reason="Chantier reporté.")
        offer(date(2026, 10, 5), 4, "Grutier")  # opened after the month: not counted


def _applications(s: object, ref: str) -> list[Application]:
    offer_ids = (
        select(offer_lot.c.offer_id)
        .join(Lot, Lot.id == offer_lot.c.lot_id)
        .join(Market, Market.id == Lot.market_id)
        .where(Market.ref == ref)
    )
    stmt = select(Application).where(Application.offer_id.in_(offer_ids), Application.proposed_on <= LAST)
    return list(s.scalars(stmt))  # type: ignore[attr-defined]


def _expected(store: Store, ref: str) -> dict[str, int]:
    """The September figures counted straight from the store."""
    with store.session() as s:
        offer_ids = (
            select(offer_lot.c.offer_id)
            .join(Lot, Lot.id == offer_lot.c.lot_id)
            .join(Market, Market.id == Lot.market_id)
            .where(Market.ref == ref)
        )
        offers = list(
            s.scalars(select(JobOffer).where(JobOffer.id.in_(offer_ids), JobOffer.opened_on <= LAST))
        )
        apps = list(
            s.scalars(
                select(Application).where(
                    Application.offer_id.in_(offer_ids), Application.proposed_on <= LAST
                )
            )
        )
        ft = [a for a in apps if a.proposed_by == FT]
        return {
            "offers": len(offers),
            "opened_month": sum(1 for o in offers if o.opened_on >= FIRST),
            "posts": sum(o.posts for o in offers),
            "filled": sum(1 for o in offers if o.filled_on and o.filled_on <= LAST),
            "cancelled": sum(1 for o in offers if o.cancelled_on and o.cancelled_on <= LAST),
            "applications": len(apps),
            "applications_month": sum(1 for a in apps if a.proposed_on >= FIRST),
            "retained": sum(1 for a in apps if a.step == "retenue" and a.step_on <= LAST),
            "ft": len(ft),
            "ft_retained": sum(1 for a in ft if a.step == "retenue"),
            "days": sum((o.filled_on - o.opened_on).days for o in offers if o.filled_on),
            "all_offers": int(
                s.scalar(select(func.count()).select_from(JobOffer).where(JobOffer.id.in_(offer_ids))) or 0
            ),
        }


CELL = re.compile(r"< \d+|\d[\d ]*(?:,\d+)?(?: j| %)?|–")


def _row(text: str, label: str, wrapped: int = 0) -> list[str]:
    """The cells printed after `label` (pypdf gives each cell on its own line, or on the label's line);
    `wrapped`: how many lines the label may continue on."""
    lines = [x.strip() for x in text.splitlines()]
    at = next(i for i, x in enumerate(lines) if x.startswith(label))
    cells = [] if wrapped else CELL.findall(lines[at][len(label) :])
    for x in lines[at + 1 :]:
        if not CELL.fullmatch(x):
            if cells or wrapped <= 0:
                break
            wrapped -= 1
            continue
        cells.append(x)
    return cells


def test_recruitment_figures_in_the_pdf_match_the_store(demo_store, tmp_path):
    ref = _refs(demo_store)[0]
    _recruit(demo_store, ref)
    e = _expected(demo_store, ref)
    assert e["all_offers"] == 4 and e["offers"] == 3  # the October offer is left out
    with demo_store.session() as s:
        r = market_dashboard(s, ref, MONTH).recruitment
    assert r is not None
    assert (r.total.offers_opened, r.total.posts, r.total.offers_filled) == (
        e["offers"],
        e["posts"],
        e["filled"],
    )
    assert (r.total.applications, r.total.retained) == (e["applications"], e["retained"]) == (9, 2)
    assert (r.month.offers_opened, r.month.applications, r.month.retained) == (
        e["opened_month"], e["applications_month"], e["retained"],
    )  # fmt: skip
    assert (r.open_offers, r.open_posts) == (1, 3)

    out = documents.market_dashboard_pdf(demo_store.sessions, ref, MONTH, tmp_path / "tdb.pdf")
    text = _text(out)
    assert "Recrutement" in text
    assert _row(text, "Offres publiées") == [str(e["opened_month"]), str(e["offers"])]
    assert _row(text, "Postes proposés par ces offres") == ["3", str(e["posts"])]
    assert _row(text, "Offres pourvues") == [str(e["filled"])] * 2
    assert _row(text, "Offres annulées") == ["0", str(e["cancelled"])]
    assert _row(text, "Candidatures proposées") == [str(e["applications_month"]), str(e["applications"])]
    assert _row(text, "Personnes retenues") == [str(e["retained"])] * 2
    per_post = number(Decimal(e["applications"]) / Decimal(e["posts"]), 1).replace("\u202f", " ")
    assert _row(text, "Candidatures par poste") == [per_post]
    assert _row(text, "Délai moyen pour pourvoir une offre") == [f"{e['days']} j"] * 2  # one filled offer
    assert f"Au {date_fr(LAST)} : 1 offre ouverte pour 3 postes, publiée depuis 27 jours." in text
    # France Travail: 7 applications, 2 retained; the mission locale's 2 are masked, and so is their rate
    assert _row(text, FT) == [str(e["ft"]), "< 5", "–"]
    assert _row(text, ML) == ["< 5", "0", "–"]
    assert (e["ft"], e["ft_retained"]) == (7, 2)
    with demo_store.session() as s:
        cats = {x.label: x for x in market_dashboard(s, ref, MONTH).recruitment.by_category}  # type: ignore[union-attr]
        counted: dict[str, list[bool]] = {}
        for a in _applications(s, ref):
            found = rq.categories_on(s, [a.participant_id], a.proposed_on).get(a.participant_id)
            labels = [c.label for c in found or [] if not c.sensitive]
            for label in labels or ([] if found else [NO_VALIDATION]):
                counted.setdefault(label, []).append(a.step == "retenue")
    assert {k: (len(v), sum(v)) for k, v in counted.items()} == {
        k: (x.applications.value, x.retained.value) for k, x in cats.items()
    }
    for label, x in cats.items():
        masked = [c.text for c in (x.applications, x.retained)]
        assert _row(text, label)[:2] == masked
        assert all(c.value == 0 or c.value >= 5 or c.text == "< 5" for c in (x.applications, x.retained))

    # the screen's preview shows the same section
    from clausedesk.ui.reports.preview import dashboard_html

    with demo_store.session() as s:
        html = dashboard_html(market_dashboard(s, ref, MONTH))
        buyer = s.scalar(select(Buyer.name).join(Market).where(Market.ref == ref))
    assert "Recrutement" in html and "Personnes retenues" in html and FT in html

    # the buyer's document: a line per marché with offers, then the section in the marché's pages
    out, _ = documents.buyer_dashboard_pdf(demo_store.sessions, buyer, MONTH, tmp_path / "acheteur.pdf")
    text = _text(out)
    first_page = _text_of_page(out, 0)
    assert "Recrutement" in first_page
    assert _row(first_page.split("Recrutement", 1)[1], ref, wrapped=2)[:5] == [
        str(e["offers"]),
        "1",
        "3",
        str(e["applications_month"]),
        "2",
    ]
    with demo_store.session() as s:
        buyer_id = s.scalar(select(Market.buyer_id).where(Market.ref == ref))
        pages = [market_dashboard(s, x, MONTH) for x in active_market_refs(s, MONTH, buyer_id)]
    with_section = [d.market_ref for d in pages if d.recruitment is not None]
    assert ref in with_section and text.count("Offres publiées") == len(with_section)


def test_a_marche_without_offer_has_no_recruitment_section(demo_store, tmp_path):
    refs = _refs(demo_store)
    _recruit(demo_store, refs[0])
    other = refs[1]
    with demo_store.session() as s:
        d = market_dashboard(s, other, MONTH)
    assert d.recruitment is None
    text = _text(documents.market_dashboard_pdf(demo_store.sessions, other, MONTH, tmp_path / "tdb.pdf"))
    assert "Recrutement" not in text and "Offres publiées" not in text
    from clausedesk.ui.reports.preview import dashboard_html

    assert "Recrutement" not in dashboard_html(d)

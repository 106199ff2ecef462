"""What the screens read to show lists, pages and pickers: thin services over the read repositories.

The window's operations layer calls these on its worker thread, so that no module of clausedesk.ui
reaches clausedesk.db. Each returns plain rows or the repository's named page object.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.db.repositories import browse, details, journal_lists, listing, reference, tree
from clausedesk.db.repositories.browse import ListQuery
from clausedesk.db.repositories.tree import Node

__all__ = ["ListQuery", "Node"]


# -- the big lists (participants, companies): one page at a time, sorted and filtered in SQL ---------------
def list_columns(name: str) -> list[str]:
    return browse.columns(name)


Row = tuple[Any, ...]


def list_page(session: Session, name: str, query: ListQuery, offset: int, limit: int) -> list[Row]:
    return browse.page(session, name, query, offset, limit)


def list_count(session: Session, name: str, query: ListQuery) -> int:
    return browse.count(session, name, query)


def first_page(session: Session, name: str, query: ListQuery, limit: int) -> tuple[list[Row], int]:
    """The first `limit` rows and the list's total (not counted when the first page is the whole list)."""
    rows = browse.page(session, name, query, 0, limit)
    total = len(rows) if len(rows) < limit else browse.count(session, name, query)
    return rows, total


# -- pickers: a few matching rows as (uuid, label), queried as a person types ------------------------------
def company_choices(session: Session, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    return browse.company_choices(session, text, limit)


def lot_choices(
    session: Session, text: str = "", limit: int = 50, company_uuid: str | None = None
) -> list[tuple[str, str]]:
    return browse.lot_choices(session, text, limit, company_uuid)


def lots_for_company(
    session: Session, text: str = "", limit: int = 50, company_uuid: str | None = None
) -> list[tuple[str, str]]:
    """The company's lots matching `text`; every lot matching it when it holds none (or none is chosen)."""
    if company_uuid:
        mine = browse.lot_choices(session, text, limit, company_uuid)
        if mine:
            return mine
    return browse.lot_choices(session, text, limit)


def choice_label(session: Session, kind: str, uuid: str) -> str:
    """The label a picker shows for a company or a lot (as in `company_choices`, `lot_choices`)."""
    from clausedesk.core.services import records

    obj: Any = records.get(session, kind, uuid, deleted_ok=True)
    return f"{obj.name} ({obj.siret})" if kind == "company" else f"{obj.ref} – {obj.title}"


def market_choices(session: Session, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """(uuid, "REF – title (buyer)") of live marchés matching `text`, most recent reference first."""
    return [(u, label) for u, _ref, label in journal_lists.market_search(session, text, limit)]


def market_ref_choices(session: Session, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """As `market_choices`, keyed by the marché's reference (the dashboards name a marché by it)."""
    return [(ref, label) for _u, ref, label in journal_lists.market_search(session, text, limit)]


def market_list(session: Session) -> list[dict[str, Any]]:
    return listing.markets(session)


# -- pages of one object ----------------------------------------------------------------------------------
def company_page(session: Session, uuid: str) -> details.CompanyPage:
    return details.company_page(session, uuid)


def person_page(session: Session, uuid: str) -> details.PersonPage:
    return details.person_page(session, uuid)


def lot_page(session: Session, uuid: str) -> details.LotPage:
    return details.lot_page(session, uuid)


def market_page(session: Session, uuid: str) -> details.MarketPage:
    return details.market_page(session, uuid)


def buyer(session: Session, uuid: str) -> Any:
    return details.buyer(session, uuid)


def operation(session: Session, uuid: str) -> tuple[Any, str]:
    return details.operation(session, uuid)


def operations_of(session: Session, buyer_uuid: str) -> list[tuple[str, str]]:
    return details.operations_of(session, buyer_uuid)


def contract_values(session: Session, uuid: str) -> dict[str, Any]:
    return details.contract_values(session, uuid)


# -- the marchés tree -------------------------------------------------------------------------------------
def tree_buyers(session: Session, text: str = "") -> list[Node]:
    return tree.buyers(session, text)


def tree_children(session: Session, kind: str, uuid: str) -> list[Node]:
    return tree.children(session, kind, uuid)


def tree_path(session: Session, kind: str, uuid: str) -> list[tuple[str, str]]:
    return tree.path_of(session, kind, uuid)


# -- the journal ------------------------------------------------------------------------------------------
def meetings(session: Session, limit: int = 500) -> list[tuple[Any, ...]]:
    return journal_lists.meetings(session, limit)


def actions(
    session: Session, *, owner: str = "", include_done: bool = False, limit: int = 1000
) -> list[tuple[str, str, str, date | None, date | None]]:
    return journal_lists.actions(session, owner=owner, include_done=include_done, limit=limit)


# -- reference lists and settings -------------------------------------------------------------------------
def categories(session: Session, *, include_inactive: bool = False) -> list[Any]:
    return reference.categories(session, include_inactive=include_inactive)


def sensitive_codes(session: Session) -> set[str]:
    """Codes of the categories that are health data (shown per person as « public protégé » only)."""
    return {c.code for c in reference.categories(session, include_inactive=True) if c.sensitive}


def public_labels(session: Session) -> dict[str, str]:
    """Each public's code → its name, as a person's page shows it (« Bénéficiaire du RSA », not BRSA)."""
    return {c.code: c.label for c in reference.categories(session, include_inactive=True)}


def contract_types(session: Session) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in reference.contract_types(session)]


def outcome_types(session: Session) -> list[tuple[str, str]]:
    return [(o.code, o.label) for o in reference.outcome_types(session)]


def trades(session: Session) -> list[Any]:
    return reference.trades(session)


def trade_by_code(session: Session, code: str) -> Any:
    return reference.trade_by_code(session, code)


def all_settings(session: Session) -> dict[str, Any]:
    return reference.all_settings(session)


def get_setting(session: Session, key: str) -> Any:
    return reference.get_setting(session, key)

"""The dashboard's figures in words (percentages, hours, a lot's state, the recruitment's rows): shared by
the PDF and the on-screen preview, with no PDF library to import."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from clausedesk.core.formatting import hours, number, plural
from clausedesk.core.services.dashboard import LotLine, Recruitment, RecruitmentPeriod, RetainedRate

MASK_NOTE = (
    "Les effectifs inférieurs à {n} personnes sont masqués (« < {n} ») pour qu'aucune personne ne "
    "puisse être reconnue. Âges calculés au début du premier contrat."
)


def pct(value: Decimal | None) -> str:
    """A percentage given in 0–100 as `42 %` (one decimal under 10 %); None → "–"."""
    if value is None:
        return "–"
    return f"{number(value, 1 if Decimal(0) < value < 10 else 0)}\u00a0%"


def h(value: Decimal | None) -> str:
    return "–" if value is None else hours(value.quantize(Decimal("0.1")))


def allocated_label(allocated: Decimal) -> str:
    """The line of hours a convention de globalisation moved to (or from) a lot, in words."""
    return ("Heures affectées d'autres lots (convention de globalisation)" if allocated > 0
            else "Heures cédées à d'autres lots (convention de globalisation)")  # fmt: skip


def signed_hours(value: Decimal) -> str:
    """Hours with their sign: « +12 h » received, « −12 h » given."""
    return ("+" if value > 0 else "−") + h(abs(value))


def lot_state(lot: LotLine, closed: bool = False) -> tuple[str, bool]:
    """The lot's situation in words, and whether it is a warning (printed in red).

    Running marché: En retard / Atteint / Conforme / Sans dates; finished: Atteint / Non atteint.
    """
    reached = lot.achieved_pct is not None and lot.achieved_pct >= 100
    if closed:
        return ("Atteint", False) if reached else ("Non atteint", bool(lot.objective))
    if lot.late:
        return "En retard", True
    if reached:
        return "Atteint", False
    return ("Sans dates" if lot.prorata is None else "Conforme"), False


RECRUITMENT_NOTE = (
    "Offres d'emploi rattachées aux lots du marché, publiées au plus tard le {on}. Taux de candidats "
    "retenus : personnes retenues pour 100 candidatures proposées depuis la première offre ; publics "
    "selon la validation d'éligibilité en cours le jour de la proposition (une personne peut relever de "
    "plusieurs publics). Effectifs inférieurs à {n} masqués, et leur taux avec."
)


def days(value: Decimal | None) -> str:
    """A number of days (one decimal when it has one); None → "–"."""
    if value is None:
        return "–"
    return f"{number(value, 0 if value == value.to_integral_value() else 1)}\u00a0j"


def recruitment_rows(r: Recruitment) -> list[list[str]]:
    """The rows (label, this month, since the first offer) of the recruitment table."""

    def row(label: str, get: Callable[[RecruitmentPeriod], str]) -> list[str]:
        return [label, get(r.month), get(r.total)]

    per_post = r.applications_per_post
    return [
        row("Offres publiées", lambda p: str(p.offers_opened)),
        row("Postes proposés par ces offres", lambda p: str(p.posts)),
        row("Offres pourvues", lambda p: str(p.offers_filled)),
        row("Offres annulées", lambda p: str(p.offers_cancelled)),
        row("Candidatures proposées", lambda p: str(p.applications)),
        row("Personnes retenues", lambda p: str(p.retained)),
        ["Candidatures par poste", "", "–" if per_post is None else number(per_post, 1)],
        row("Délai moyen pour pourvoir une offre", lambda p: days(p.mean_days_to_fill)),
    ]


def open_offers_text(r: Recruitment, on: str) -> str:
    """The offers still open at the month's end, in one sentence."""
    if not r.open_offers:
        return f"Aucune offre ouverte au {on}."
    ps = "s" if r.open_posts > 1 else ""
    if r.open_offers == 1:
        days = "" if r.oldest_open_days is None else plural(r.oldest_open_days, "jour", "jours")
        since = f", publiée depuis {days}" if days else ""
        return f"Au {on} : 1 offre ouverte pour {r.open_posts} poste{ps}{since}."
    days = "" if r.oldest_open_days is None else plural(r.oldest_open_days, "jour", "jours")
    oldest = f", la plus ancienne depuis {days}" if days else ""
    return f"Au {on} : {r.open_offers} offres ouvertes pour {r.open_posts} poste{ps}{oldest}."


def rate_rows(title: str, lines: Sequence[RetainedRate]) -> list[list[str]]:
    """A group header, then per line: label, applications, retained, rate (masked counts → "< 5", "–")."""
    rows = [[title, "", "", ""]]
    for x in lines:
        rows.append([x.label, x.applications.text, x.retained.text, pct(x.rate)])
    if not lines:
        rows.append(["Aucune candidature", "", "", ""])
    return rows

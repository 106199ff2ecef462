"""Commands on the store itself: stats, list, check, backup."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import month_arg, year_arg
from clausedesk.core.errors import NotFoundError
from clausedesk.core.formatting import hours, number
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.services.publics import period_figures
from clausedesk.db.repositories import integrity, listing, stats

_STAT_LABELS = {
    "buyers": "Donneurs d'ordre",
    "markets": "Marchés",
    "lots": "Lots",
    "companies": "Entreprises",
    "participants": "Participants",
    "contracts": "Contrats",
    "hour_entries": "Relevés mensuels (lignes)",
}


def register(sub: Any) -> None:
    p = sub.add_parser("stats", help="chiffres clés de la base")
    p.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    p.add_argument("--company", metavar="SIRET", help="heures de cette entreprise seulement")
    period = p.add_mutually_exclusive_group()
    period.add_argument(
        "--month", metavar="AAAA-MM", type=month_arg,
        help="heures de ce mois seulement, avec les lots en cours et les personnes au travail",
    )  # fmt: skip
    period.add_argument(
        "--year", metavar="AAAA", type=year_arg,
        help="heures de cette année seulement, avec les personnes au travail et leurs publics à l'entrée",
    )  # fmt: skip
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("list", help="lister les objets de la base")
    p.add_argument(
        "kind",
        choices=sorted(listing.LISTS),
        metavar="TYPE",
        help="buyers, markets, lots, companies, participants, contracts, validations, hours, offers, "
        "applications, conventions ou trainings",
    )
    p.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("check", help="contrôle complet de l'intégrité de la base")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help="copie vérifiée de la base")
    p.add_argument("-o", "--output", metavar="FICHIER", type=Path, help="fichier de sauvegarde à écrire")
    p.set_defaults(func=cmd_backup)


def cmd_stats(ctx: Context) -> int:
    args: argparse.Namespace = ctx.args
    siret = check_siret(args.company, "SIRET (--company)") if args.company else None
    store = ctx.store()
    with store.session() as session:
        if siret is not None and not stats.company_exists(session, siret):
            raise NotFoundError(f"Aucune entreprise de SIRET {siret} dans la base.")
        figures = stats.store_stats(session, company_siret=siret, month=args.month, year=args.year)
        figures.update(period_figures(session, month=args.month, year=args.year))
    if args.json:
        ctx.print_json(figures)
        return 0
    for key, label in _STAT_LABELS.items():
        ctx.say(f"{label:<28} {number(figures[key])}")  # type: ignore[arg-type]
    ctx.say(f"{'Heures travaillées':<28} {hours(figures['hours_total'])}")  # type: ignore[arg-type]
    if "active_lots" in figures:
        ctx.say(f"{'Lots en cours':<28} {number(figures['active_lots'])}")  # type: ignore[arg-type]
    if "people_at_work" in figures:
        ctx.say(f"{'Personnes au travail':<28} {number(figures['people_at_work'])}")  # type: ignore[arg-type]
    for code, n in figures.get("publics_at_entry", {}).items():  # type: ignore[attr-defined]
        ctx.say(f"  dont {code:<23} {number(n)}")
    return 0


def cmd_list(ctx: Context) -> int:
    store = ctx.store()
    with store.session() as session:
        rows = listing.LISTS[ctx.args.kind](session)
    if ctx.args.json:
        ctx.print_json(rows)
        return 0
    for row in rows:
        ctx.say(" | ".join(_cell(v) for k, v in row.items() if k != "uuid"))
    ctx.say(f"{len(rows)} élément{'s' if len(rows) > 1 else ''}.")
    return 0


def _cell(value: Any) -> str:
    """A value of a listed row as text: nothing for None, a list joined by commas (category codes...)."""
    if value is None:
        return ""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return f"{len(value)} ligne{'s' if len(value) > 1 else ''}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def cmd_check(ctx: Context) -> int:
    store = ctx.store(verify=True)
    with store.session() as session:
        problems = integrity.check_store(session)
    if problems:
        ctx.warn("La base présente des anomalies :")
        for p in problems:
            ctx.warn(f"  - {p}")
        ctx.warn(
            "Restaurez une sauvegarde récente (« clausedesk restore ») ou contactez votre support. "
            "Les personnes effacées le restent : leurs effacements, notés à part, sont réappliqués "
            "à la base restaurée."
        )
        return 1
    ctx.say(f"Base saine : {store.path}")
    return 0


def cmd_backup(ctx: Context) -> int:
    store = ctx.store(verify=True)
    target = store.backup(ctx.args.output)
    ctx.say(f"Sauvegarde vérifiée : {target}")
    return 0

"""The `demo` command: fills an empty store with deterministic demonstration data."""

from __future__ import annotations

from datetime import date
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import month_arg
from clausedesk.core.demo.generator import SCALES
from clausedesk.core.services.demo import load_demo


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="remplir une base vide avec des données de démonstration")
    p.add_argument(
        "--scale",
        choices=list(SCALES),
        default="small",
        help="small (quelques mois), decade (dix ans d'un facilitateur), tenfold (dix fois plus)",
    )
    p.add_argument(
        "--seed", type=int, default=1, help="graine du générateur (mêmes données pour la même graine)"
    )
    p.add_argument(
        "--until",
        type=month_arg,
        default=None,
        metavar="AAAA-MM",
        help="dernier mois des données (par défaut le mois en cours)",
    )
    p.set_defaults(func=cmd_demo)


def cmd_demo(ctx: Context) -> int:
    until = ctx.args.until or date.today().strftime("%Y-%m")
    store = ctx.store(create=True)
    counts = load_demo(store.sessions, ctx.args.scale, ctx.args.seed, until)
    ctx.say(
        f"Données de démonstration chargées ({ctx.args.scale}, graine {ctx.args.seed}) : "
        f"{counts.get('market', 0)} marchés, {counts.get('lot', 0)} lots, "
        f"{counts.get('company', 0)} entreprises, "
        f"{counts.get('participant', 0)} participants, {counts.get('contract', 0)} contrats, "
        f"{counts.get('hour_entry', 0)} relevés mensuels."
    )
    return 0

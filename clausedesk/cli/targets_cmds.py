"""Commands of funders' targets: `targets` (the facilitator) and `coordinator targets` (the department)."""

from __future__ import annotations

from datetime import date
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import FrenchParser, year_arg
from clausedesk.core.formatting import hours
from clausedesk.core.services import targets
from clausedesk.core.services.targets import Realised


def add_targets(sub: Any, name: str, help_text: str, realised: Realised) -> None:
    """`NAME [--json]` lists the targets with their progress; `NAME set` creates or replaces one."""
    parser = sub.add_parser(name, help=help_text)
    parser.add_argument("--json", action="store_true", help="les objectifs et leur avancement en JSON")
    parser.set_defaults(func=lambda ctx: cmd_list(ctx, realised))
    actions = parser.add_subparsers(dest=f"{name}_command", title="commandes", metavar="COMMANDE",
                                    parser_class=FrenchParser)  # fmt: skip
    p = actions.add_parser("set", help="fixer l'objectif d'une année (heures et parts par public)")
    p.add_argument("--year", type=year_arg, required=True, metavar="AAAA")
    p.add_argument("--hours", required=True, metavar="N", help="heures d'insertion visées sur l'année")
    p.add_argument("--public", action="append", default=[], metavar="CODE=PCT",
                   help="part des heures pour un public, par exemple BRSA=30 (répétable)")  # fmt: skip
    p.set_defaults(func=cmd_set)


def register(sub: Any) -> None:
    add_targets(sub, "targets", "objectifs des financeurs de l'opération", targets.facilitator_realised)


def cmd_set(ctx: Context) -> int:
    with ctx.store().session() as session:
        saved = targets.set_target(session, ctx.args.year, ctx.args.hours, ctx.args.public)
        session.commit()
    shares = ", ".join(f"{code} {pct} %" for code, pct in saved.shares.items())
    ctx.say(
        f"Objectif {saved.year} enregistré : {hours(saved.hours)}" + (f" (dont {shares})" if shares else "")
    )
    return 0


def cmd_list(ctx: Context, realised: Realised) -> int:
    with ctx.store().session() as session:
        rows = targets.progress(session, date.today(), realised)
    if ctx.args.json:
        ctx.print_json(rows)
        return 0
    if not rows:
        ctx.say("Aucun objectif : fixez-en un avec « targets set --year AAAA --hours N ».")
    for row in rows:
        ctx.say(f"{row['year']} : {hours(row['hours_done'])} réalisées sur {hours(row['hours'])} "
                f"(attendu au prorata : {hours(row['expected_hours'])})")  # fmt: skip
        for code, share in row["publics"].items():
            done = "—" if share["done_pct"] is None else f"{share['done_pct']} %"
            ctx.say(f"  {code} : {done} des heures (objectif {share['target_pct']} %)")
    return 0

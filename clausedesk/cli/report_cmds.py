"""Commands producing documents: monthly dashboards, the bilan final, the Excel exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.core.services import exports


def register(sub: Any) -> None:
    p = sub.add_parser("export-xlsx", help="exporter une liste au format Excel")
    p.add_argument("kind", choices=sorted(exports.EXPORTERS), metavar="TYPE",
                   help=", ".join(sorted(exports.EXPORTERS)))  # fmt: skip
    p.add_argument("-o", "--output", metavar="FICHIER.xlsx", type=Path, required=True,
                   help="classeur à écrire")  # fmt: skip
    p.add_argument("--year", metavar="AAAA", type=int, help="année de la liste annuelle (annual)")
    p.set_defaults(func=cmd_export_xlsx)


def cmd_export_xlsx(ctx: Context) -> int:
    store = ctx.store()
    target = exports.export_xlsx(store.sessions, ctx.args.kind, ctx.args.output, year=ctx.args.year)
    ctx.say(f"Classeur écrit : {target}")
    return 0

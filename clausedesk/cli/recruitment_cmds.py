"""Recruitment commands: print the fiche de poste of an offer (offer-sheet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.core.errors import ValidationError
from clausedesk.reports.offer_sheet import offer_sheet_data, write_offer_sheet


def register(sub: Any) -> None:
    p = sub.add_parser("offer-sheet", help="imprimer la fiche de poste d'une offre (PDF)")
    p.add_argument(
        "--offer", metavar="UUID", required=True, help="identifiant de l'offre (voir « list offers »)"
    )
    p.add_argument(
        "-o", "--output", metavar="FICHIER.pdf", type=Path, required=True, help="fichier PDF à écrire"
    )
    p.set_defaults(func=cmd_offer_sheet)


def cmd_offer_sheet(ctx: Context) -> int:
    target: Path = ctx.args.output
    if target.suffix.lower() != ".pdf":
        raise ValidationError("Fichier", f"« {target.name} » doit se terminer par .pdf.")
    store = ctx.store()
    with store.session() as session:
        sheet = offer_sheet_data(session, ctx.args.offer)
    write_offer_sheet(sheet, target)
    ctx.say(f"Fiche de poste écrite : {target}")
    return 0

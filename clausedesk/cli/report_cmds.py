"""Commands producing documents: monthly dashboards, the bilan final, the Excel exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import month_arg, year_arg
from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import month_label, plural
from clausedesk.core.services import documents, exports


def register(sub: Any) -> None:
    p = sub.add_parser("export-xlsx", help="exporter une liste au format Excel")
    p.add_argument("kind", choices=sorted(exports.EXPORTERS), metavar="TYPE",
                   help=", ".join(sorted(exports.EXPORTERS)))  # fmt: skip
    p.add_argument("-o", "--output", metavar="FICHIER.xlsx", type=Path, required=True,
                   help="classeur à écrire")  # fmt: skip
    p.add_argument("--year", metavar="AAAA", type=int, help="année de la liste annuelle (annual)")
    p.set_defaults(func=cmd_export_xlsx)
    register_documents(sub)


def cmd_export_xlsx(ctx: Context) -> int:
    store = ctx.store()
    target = exports.export_xlsx(store.sessions, ctx.args.kind, ctx.args.output, year=ctx.args.year)
    ctx.say(f"Classeur écrit : {target}")
    return 0


def register_documents(sub: Any) -> None:
    p = sub.add_parser("dashboard", help="tableau de bord mensuel (PDF)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--market", metavar="RÉF", help="référence du marché")
    which.add_argument("--buyer", metavar="NOM|SIRET", help="tous les marchés actifs d'un donneur d'ordre")
    which.add_argument("--company", metavar="SIRET",
                       help="tous les lots d'une entreprise ou d'une SIAE")  # fmt: skip
    which.add_argument("--all", action="store_true", help="un PDF par marché actif (dossier -o)")
    p.add_argument("--month", metavar="AAAA-MM", type=month_arg, required=True, help="mois")
    p.add_argument("-o", "--output", metavar="FICHIER.pdf|DOSSIER", type=Path, required=True,
                   help="fichier PDF à écrire (dossier avec --all)")  # fmt: skip
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser("bilan", help="bilan final (PDF) d'un marché")
    p.add_argument("--market", metavar="RÉF", required=True, help="référence du marché")
    p.add_argument("-o", "--output", metavar="FICHIER.pdf", type=Path, required=True, help="PDF à écrire")
    p.set_defaults(func=cmd_bilan)

    p = sub.add_parser("attestation", help="attestation annuelle d'une entreprise ayant tenu ses engagements")
    p.add_argument("--company", metavar="SIRET", required=True, help="SIRET de l'entreprise")
    p.add_argument("--year", metavar="AAAA", type=year_arg, required=True, help="année attestée")
    p.add_argument("-o", "--output", metavar="FICHIER.pdf", type=Path, required=True, help="PDF à écrire")
    p.set_defaults(func=cmd_attestation)

    p = sub.add_parser("sent", help="documents envoyés : tableaux de bord, bilans, attestations archivés")
    p.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    p.set_defaults(func=cmd_sent)

    p = sub.add_parser("forecast", help="prévision des heures des lots en cours à leur fin, pénalités en jeu")
    p.add_argument("--month", metavar="AAAA-MM", type=month_arg,
                   help="mois de référence (par défaut le dernier mois écoulé)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    p.set_defaults(func=cmd_forecast)


def _pdf_path(path: Path) -> Path:
    if path.suffix.lower() != ".pdf":
        raise ValidationError("Fichier", f"« {path.name} » doit se terminer par .pdf.")
    return path


def cmd_dashboard(ctx: Context) -> int:
    args = ctx.args
    store = ctx.store()
    if args.all:
        result = documents.month_batch(store.sessions, args.month, args.output)
        for path in result.written:
            ctx.say(f"Écrit : {path}")
        for reason in result.skipped:
            ctx.warn(f"Non édité : {reason}")
        written = plural(len(result.written), "tableau de bord", "tableaux de bord")
        ctx.say(f"{written} pour {month_label(args.month)} dans {args.output}")
        return 0
    target = _pdf_path(args.output)
    if args.company:
        path = documents.company_dashboard_pdf(store.sessions, args.company, args.month, target, _told(ctx))
        ctx.say(f"Tableau de bord écrit : {path}")
        return 0
    if args.buyer:
        path, n = documents.buyer_dashboard_pdf(store.sessions, args.buyer, args.month, target, _told(ctx))
        ctx.say(f"Tableau de bord écrit ({plural(n, 'marché', 'marchés')}) : {path}")
        return 0
    path = documents.market_dashboard_pdf(store.sessions, args.market, args.month, target, _told(ctx))
    ctx.say(f"Tableau de bord écrit : {path}")
    return 0


def cmd_bilan(ctx: Context) -> int:
    store = ctx.store()
    path = documents.bilan_pdf(store.sessions, ctx.args.market, _pdf_path(ctx.args.output), _told(ctx))
    ctx.say(f"Bilan écrit : {path}")
    return 0


def cmd_attestation(ctx: Context) -> int:
    args = ctx.args
    path = documents.attestation_pdf(ctx.store().sessions, args.company, args.year, _pdf_path(args.output),
                                     _told(ctx))  # fmt: skip
    ctx.say(f"Attestation écrite : {path}")
    return 0


def _told(ctx: Context) -> documents.ReportFn:
    """Print what a document changes against the version sent before it."""
    return lambda revision: ctx.say(revision.text())


def cmd_sent(ctx: Context) -> int:
    from clausedesk.core.services.sent import KIND_LABELS, sent_list

    with ctx.store().session() as s:
        rows = sent_list(s)
    if ctx.args.json:
        ctx.print_json(rows)
        return 0
    if not rows:
        ctx.say("Aucun document archivé : tableaux de bord, bilans et attestations le sont à leur édition.")
    for r in rows:
        period = f" ({r['period']})" if r["period"] else ""
        ctx.say(f"{r['sent_at']} · {KIND_LABELS[r['kind']]} {r['subject']}{period} · {r['recipient']} · "
                f"{r['file']} · SHA-256 {r['sha256'][:12]}…")  # fmt: skip
    return 0


def cmd_forecast(ctx: Context) -> int:
    from clausedesk.core.formatting import hours, money
    from clausedesk.core.services.alerts import releve_month
    from clausedesk.core.services.forecast import PACE_MONTHS, lot_forecasts

    month = ctx.args.month or releve_month(date.today())
    with ctx.store().session() as s:
        rows = lot_forecasts(s, month)
    if ctx.args.json:
        ctx.print_json([row.as_json() for row in rows])
        return 0
    ctx.say(f"Prévision à la fin des lots en cours, vue de fin {month_label(month)} "
            f"(rythme des {PACE_MONTHS} derniers mois) :")  # fmt: skip
    if not rows:
        ctx.say("Aucun lot en cours ce mois-là.")
    for row in rows:
        f = row.figures
        stake = "" if f.penalty_at_stake is None else f", pénalités en jeu {money(f.penalty_at_stake)}"
        ctx.say(f"{row.lot_ref} : objectif {hours(f.objective, 0)}, réalisé {hours(f.realised, 0)}, "
                f"prévu {hours(f.forecast_at_end, 0)}, manque {hours(f.gap, 0)}{stake}")  # fmt: skip
    return 0

"""Commands on monthly hours: `template` (a company's relevé to fill) and `import-hours` (a filled one)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import month_arg
from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import hours, month_label
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.services import hours as hours_service
from clausedesk.core.services import hours_import
from clausedesk.core.services.hours_import import OUTCOME_LABELS, ReadOptions
from clausedesk.reports.releve_files import FORMAT_LABELS
from clausedesk.reports.releve_layout import ROLES


def siret_arg(text: str) -> str:
    try:
        return check_siret(text, "SIRET")
    except ClauseDeskError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc


def column_arg(text: str) -> tuple[str, str]:
    """`ROLE=EN-TÊTE` (e.g. `heures=Nb d'heures`): the role checked, the header kept as typed."""
    role, sep, header = text.partition("=")
    role = role.strip().lower()
    if not sep or not header.strip():
        raise argparse.ArgumentTypeError(f"« {text} » : écrivez RÔLE=EN-TÊTE, par exemple heures=Nb d'heures")
    if role not in ROLES:
        raise argparse.ArgumentTypeError(f"rôle « {role} » inconnu ; rôles possibles : {', '.join(ROLES)}")
    return role, header.strip()


def register(sub: Any) -> None:
    p = sub.add_parser("template", help="modèle Excel du relevé mensuel d'une entreprise")
    p.add_argument("--company", metavar="SIRET", required=True, help="SIRET de l'entreprise")
    p.add_argument("--month", metavar="AAAA-MM", type=month_arg, required=True, help="mois du relevé")
    p.add_argument(
        "-o", "--output", metavar="FICHIER.xlsx", type=Path, required=True, help="fichier à écrire"
    )
    p.set_defaults(func=cmd_template)

    p = sub.add_parser(
        "import-hours",
        help="importer un relevé d'heures rempli par une entreprise (.xlsx, .xlsm, .xls, .ods ou .csv)",
    )
    p.add_argument(
        "file", metavar="FICHIER", type=Path, help="le relevé rempli (.xlsx, .xlsm, .xls, .ods, .csv)"
    )
    p.add_argument("--dry-run", action="store_true", help="montrer le résultat sans rien enregistrer")
    p.add_argument("--json", action="store_true", help="résultat de chaque ligne en JSON pour les scripts")
    p.add_argument("--sheet", metavar="NOM", help="la feuille du classeur à importer")
    p.add_argument(
        "--month", metavar="AAAA-MM", type=month_arg, help="le mois du relevé (s'il n'y figure pas)"
    )
    p.add_argument(
        "--company", metavar="SIRET", type=siret_arg, help="l'entreprise (si le SIRET n'y figure pas)"
    )
    p.add_argument(
        "--column",
        metavar="RÔLE=EN-TÊTE",
        type=column_arg,
        action="append",
        default=[],
        help=f"quelle colonne contient quoi (rôles : {', '.join(ROLES)}) ; retenu pour l'entreprise",
    )
    p.set_defaults(func=cmd_import_hours)


def cmd_template(ctx: Context) -> int:
    args = ctx.args
    store = ctx.store()
    target, count = hours_service.write_company_template(
        store.sessions, args.company, args.month, args.output
    )
    ctx.say(f"Modèle de relevé écrit : {target} ({hours_import.lines_fr(count)}, {month_label(args.month)}).")
    if count == 0:
        ctx.warn("Attention : cette entreprise n'a aucun contrat actif ce mois-ci ; le modèle est vide.")
    return 0


def cmd_import_hours(ctx: Context) -> int:
    args = ctx.args
    store = ctx.store()
    options = ReadOptions(args.sheet, args.month, args.company, dict(args.column))
    if len(options.columns) != len(args.column):
        ctx.warn("Erreur : un même rôle est donné deux fois dans --column ; gardez-en un seul.")
        return 2
    result = hours_import.import_file(
        store.sessions, args.file, dry_run=args.dry_run, store=store, options=options
    )
    if args.json:
        ctx.print_json(result.as_json())
    else:
        for o in result.outcomes:
            if o.outcome == "error":
                continue
            where = f"ligne {o.row}" if o.row is not None else "hors fichier"
            ctx.say(
                f"{where:<12} {OUTCOME_LABELS[o.outcome]:<10} {o.person} ({o.lot}) : "
                f"{hours(o.hours_worked or 0, 2)}"
            )
        ctx.say(result.summary())
        ctx.say(f"Fichier lu : {FORMAT_LABELS[result.format]}, feuille « {result.sheet} ».")
        for w in result.warnings:
            ctx.warn(f"Attention : {w.message}")
    if result.errors:
        ctx.warn(
            f"Erreur : {hours_import.lines_fr(len(result.errors))} en erreur dans « {result.file_name} » : "
            "rien n'a été "
            "importé. Corrigez le fichier puis importez-le à nouveau."
        )
        for o in result.errors:
            ctx.warn(f"  - {o.message}")
        return 1
    if args.json:
        return 0
    if args.dry_run:
        ctx.say("Essai (--dry-run) : rien n'a été enregistré.")
    elif result.written:
        ctx.say(f"Import enregistré (n° {result.source_id}) ; il peut être annulé depuis la fenêtre.")
        if result.backup is not None:
            ctx.say(f"Sauvegarde de la base faite juste avant l'import : {result.backup.name}")
    else:
        ctx.say("Rien à changer : la base contient déjà ces heures.")
    return 0

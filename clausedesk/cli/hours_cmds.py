"""Commands on monthly hours: `template` (a company's relevé to fill) and `import-hours` (a filled one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import month_arg
from clausedesk.core.formatting import hours, month_label
from clausedesk.core.services import hours as hours_service
from clausedesk.core.services import hours_import
from clausedesk.core.services.hours_import import OUTCOME_LABELS


def register(sub: Any) -> None:
    p = sub.add_parser("template", help="modèle Excel du relevé mensuel d'une entreprise")
    p.add_argument("--company", metavar="SIRET", required=True, help="SIRET de l'entreprise")
    p.add_argument("--month", metavar="AAAA-MM", type=month_arg, required=True, help="mois du relevé")
    p.add_argument(
        "-o", "--output", metavar="FICHIER.xlsx", type=Path, required=True, help="fichier à écrire"
    )
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("import-hours", help="importer un relevé d'heures rempli par une entreprise (.xlsx)")
    p.add_argument("file", metavar="FICHIER.xlsx", type=Path, help="le relevé rempli")
    p.add_argument("--dry-run", action="store_true", help="montrer le résultat sans rien enregistrer")
    p.add_argument("--json", action="store_true", help="résultat de chaque ligne en JSON pour les scripts")
    p.set_defaults(func=cmd_import_hours)


def cmd_template(ctx: Context) -> int:
    args = ctx.args
    store = ctx.store()
    target, count = hours_service.write_company_template(
        store.sessions, args.company, args.month, args.output
    )
    ctx.say(f"Modèle de relevé écrit : {target} ({count} ligne(s), {month_label(args.month)}).")
    if count == 0:
        ctx.warn("Attention : cette entreprise n'a aucun contrat actif ce mois-ci ; le modèle est vide.")
    return 0


def cmd_import_hours(ctx: Context) -> int:
    args = ctx.args
    store = ctx.store()
    result = hours_import.import_file(store.sessions, args.file, dry_run=args.dry_run, store=store)
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
    if result.errors:
        ctx.warn(
            f"Erreur : {len(result.errors)} ligne(s) en erreur dans « {result.file_name} » : rien n'a été "
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

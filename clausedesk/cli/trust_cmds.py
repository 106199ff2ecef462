"""Commands of trust: restore, passphrase (change, recovery kit, recover), person export/erase, purge."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.core.errors import StoreError
from clausedesk.core.formatting import date_fr
from clausedesk.core.services import rgpd
from clausedesk.db import backup_rotation, keyring
from clausedesk.db.lock import StoreLock

ENV_NEW = "CLAUSEDESK_NEW_PASSPHRASE"
ENV_RECOVERY = "CLAUSEDESK_RECOVERY_SECRET"
ENV_BACKUP = "CLAUSEDESK_BACKUP_PASSPHRASE"


def register(sub: Any) -> None:
    p = sub.add_parser("restore", help="restaurer une sauvegarde (la base actuelle est sauvegardée avant)")
    p.add_argument("file", metavar="FICHIER", type=Path, help="sauvegarde à restaurer")
    p.add_argument("--yes", action="store_true", help="confirmer le remplacement de la base actuelle")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("passphrase", help="phrase de passe de la base chiffrée")
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = ps.add_parser("change", help=f"changer la phrase de passe (nouvelle : {ENV_NEW} ou saisie)")
    q.set_defaults(func=cmd_passphrase_change)
    q = ps.add_parser(
        "recovery-kit", help=f"écrire le kit de secours de l'employeur (secret : {ENV_RECOVERY})"
    )
    q.add_argument("-o", "--output", metavar="FICHIER", type=Path, required=True, help="fichier du kit")
    q.set_defaults(func=cmd_recovery_kit)
    q = ps.add_parser("recover", help="rouvrir la base avec le kit de secours et choisir une nouvelle phrase")
    q.add_argument("--kit", metavar="FICHIER", type=Path, required=True, help="kit de secours")
    q.set_defaults(func=cmd_recover)

    p = sub.add_parser("person", help="droits des personnes (accès, effacement)")
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = ps.add_parser("export", help="tout ce que la base sait d'une personne (droit d'accès), en JSON")
    q.add_argument("uuid", metavar="UUID")
    q.add_argument("-o", "--output", metavar="FICHIER.json", type=Path, required=True)
    q.add_argument(
        "--include-sensitive",
        action="store_true",
        help="inclure RQTH/AAH/invalidité (seulement pour remettre le fichier à la personne)",
    )
    q.set_defaults(func=cmd_person_export)
    q = ps.add_parser("erase", help="effacer une personne (les heures restent, anonymes)")
    q.add_argument("uuid", metavar="UUID")
    q.add_argument("--yes", action="store_true", help="confirmer l'effacement, définitif")
    q.set_defaults(func=cmd_person_erase)

    p = sub.add_parser("purge", help="appliquer la durée de conservation (personnes sans contact)")
    p.add_argument("--dry-run", action="store_true", help="montrer sans rien effacer")
    p.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    p.set_defaults(func=cmd_purge)


def _ask(env: str, prompt: str, *, confirm: bool) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise StoreError(f"{prompt} : définissez la variable {env} (aucune saisie possible ici).")
    value = getpass.getpass(f"{prompt} : ")
    if confirm and getpass.getpass("Confirmez : ") != value:
        raise StoreError("Les deux saisies diffèrent : rien n'a été modifié.")
    return value


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n < 2 else many}"


def _need_yes(ctx: Context, what: str) -> None:
    if not ctx.args.yes:
        raise StoreError(f"{what} Ajoutez --yes pour confirmer ; rien n'a été modifié.")


def cmd_restore(ctx: Context) -> int:
    from clausedesk.db.restore import restore

    _need_yes(ctx, "La restauration remplace la base actuelle (elle est sauvegardée avant).")
    result = restore(ctx.paths, ctx.args.file, source_passphrase=os.environ.get(ENV_BACKUP) or None)
    ctx.say(f"Base restaurée depuis {result.restored_from}.")
    if result.previous_store_backup:
        ctx.say(f"L'ancienne base est sauvegardée dans {result.previous_store_backup}.")
    return 0


def cmd_passphrase_change(ctx: Context) -> int:
    from clausedesk.sync.setup import change_passphrase

    old = keyring.passphrase()
    new = _ask(ENV_NEW, "Nouvelle phrase de passe", confirm=True)
    result = change_passphrase(ctx.paths, old, new)
    key = " et la clé de signature des paquets" if result.companions_resealed else ""
    ctx.say(
        f"Phrase de passe changée : la base, ses sauvegardes{key} sont rechiffrées "
        f"({_count(result.backups_reencrypted, 'sauvegarde rechiffrée', 'sauvegardes rechiffrées')})."
    )
    if result.backups_left:
        left = _count(result.backups_left, "sauvegarde", "sauvegardes")
        same = "laissées telles quelles" if result.backups_left > 1 else "laissée telle quelle"
        ctx.say(f"{left} d'une autre phrase de passe : {same}.")
    ctx.say(
        "Refaites le kit de secours : l'ancien n'ouvre plus la base (clausedesk passphrase recovery-kit)."
    )
    return 0


def cmd_recovery_kit(ctx: Context) -> int:
    from clausedesk.db.rekey import write_recovery_kit

    secret = _ask(ENV_RECOVERY, "Secret de secours de l'employeur", confirm=True)
    target = write_recovery_kit(ctx.paths, ctx.args.output, passphrase=None, secret=secret)
    ctx.say(
        f"Kit de secours écrit : {target}. Remettez-le à l'employeur, avec le secret, séparément ; "
        "ne le laissez pas sur cet ordinateur."
    )
    return 0


def cmd_recover(ctx: Context) -> int:
    from clausedesk.db.rekey import recover

    secret = _ask(ENV_RECOVERY, "Secret de secours de l'employeur", confirm=False)
    new = _ask(ENV_NEW, "Nouvelle phrase de passe", confirm=True)
    result = recover(ctx.paths, ctx.args.kit, secret, new)
    done = _count(result.backups_reencrypted, "sauvegarde rechiffrée", "sauvegardes rechiffrées")
    ctx.say(
        f"Base rouverte et rechiffrée avec la nouvelle phrase de passe ({done}). Refaites un kit de secours."
    )
    from clausedesk.sync.setup import public_bundle

    if public_bundle(ctx.paths) is not None:
        ctx.say(
            "La clé de signature des paquets reste scellée par la phrase de passe perdue : si vous ne la "
            "retrouvez pas, demandez au coordinateur d'inscrire une nouvelle clé."
        )
    return 0


def cmd_person_export(ctx: Context) -> int:
    store = ctx.store()
    target = rgpd.export_person(
        store.sessions, ctx.args.uuid, ctx.args.output, include_sensitive=ctx.args.include_sensitive
    )
    ctx.say(
        f"Données de la personne exportées : {target}. Ce fichier n'est pas chiffré : remettez-le à la "
        "personne puis supprimez-le."
    )
    return 0


def cmd_person_erase(ctx: Context) -> int:
    store = ctx.store()
    with store.session() as session:  # refuse an unknown person before any backup
        rgpd.get_person(session, ctx.args.uuid)
    _need_yes(ctx, "L'effacement est définitif.")
    with StoreLock(ctx.paths):
        backup_rotation.take(ctx.paths, reason="avant-effacement", passphrase=store.passphrase)
        rgpd.erase_person(store.sessions, ctx.args.uuid)
    ctx.say(
        "Personne effacée : son identité, ses coordonnées et ses notes sont supprimées ; ses heures restent "
        "comptées de façon anonyme. L'effacement sera transmis au coordinateur avec le prochain paquet."
    )
    return 0


def cmd_purge(ctx: Context) -> int:
    store = ctx.store()
    plan = rgpd.plan_purge(store.sessions)
    if not ctx.args.dry_run and plan.candidates:
        with StoreLock(ctx.paths):
            backup_rotation.take(ctx.paths, reason="avant-effacement", passphrase=store.passphrase)
            rgpd.apply_purge(store.sessions, plan)
    if ctx.args.json:
        ctx.print_json({**plan.as_json(), "dry_run": bool(ctx.args.dry_run)})
        return 0
    n = len(plan.candidates)
    if ctx.args.dry_run:
        verb = "seraient effacées" if n > 1 else "serait effacée"
    else:
        verb = "ont été effacées" if n > 1 else "a été effacée"
    ctx.say(
        f"Conservation : {plan.retention_months} mois après le dernier contact (avant le "
        f"{date_fr(plan.cutoff)}), sauf contrat en cours."
    )
    for c in plan.candidates:
        last = date_fr(c.last_contact) if c.last_contact else "jamais"
        ctx.say(f"  {c.display_name} — dernier contact : {last}")
    ctx.say(f"{_count(n, 'personne', 'personnes')} {verb}.")
    return 0

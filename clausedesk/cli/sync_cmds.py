"""Commands of departmental synchronisation: keys, monthly package, coordinator's work, referential."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from clausedesk.cli import directory_cmds
from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import FrenchParser, month_arg, year_arg
from clausedesk.cli.targets_cmds import add_targets
from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.files import read_bounded
from clausedesk.core.formatting import hours, number, plural
from clausedesk.sync import (
    comite_figures,
    consolidation,
    importer,
    keys,
    overview,
    package,
    referential,
    setup,
)
from clausedesk.sync.keys import Identity
from clausedesk.sync.manifest import AGGREGATES, RECORDS, check_hashes, parse_aggregates, parse_records

ENV_PASSPHRASE = "CLAUSEDESK_PASSPHRASE"


def _passphrase(confirm: bool = False) -> bytes:
    """From CLAUSEDESK_PASSPHRASE, else asked on the terminal (twice when creating a key)."""
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env.encode("utf-8")
    if not sys.stdin.isatty():
        raise ValidationError(
            "Phrase de passe",
            f"introuvable : définissez {ENV_PASSPHRASE} ou lancez la commande dans un terminal",
        )
    first = getpass.getpass("Phrase de passe de la clé : ")
    if confirm and getpass.getpass("Confirmez la phrase de passe : ") != first:
        raise ValidationError("Phrase de passe", "les deux saisies diffèrent ; rien n'a été créé")
    return first.encode("utf-8")


def _unlock(ctx: Context) -> Identity:
    return setup.unlock(ctx.paths, _passphrase())


def _coordinator(ctx: Context) -> Identity:
    identity = _unlock(ctx)
    if not identity.is_coordinator:
        raise ConflictError("Ce dossier n'est pas celui d'un coordinateur (« clausedesk coordinator init »).")
    return identity


def _group(sub: Any, name: str, help_text: str) -> Any:
    parser = sub.add_parser(name, help=help_text)
    return parser.add_subparsers(
        dest=f"{name}_command",
        title="commandes",
        metavar="COMMANDE",
        parser_class=FrenchParser,
        required=True,
    )


def add_database_url(group: Any, whose: str) -> None:
    """The `--database-url` option of a command group whose store may be on PostgreSQL."""
    group.add_argument(
        "--database-url",
        metavar="URL",
        help=f"base {whose} sur PostgreSQL (postgresql://utilisateur:motdepasse@serveur:5432/base ; "
        "sinon CLAUSEDESK_DATABASE_URL, sinon le fichier chiffré du dossier de données)",
    )


def register(sub: Any) -> None:
    k = _group(sub, "keys", "clé du facilitateur (signature des paquets)")
    p = k.add_parser("init", help="créer la clé de signature (chiffrée par une phrase de passe)")
    p.add_argument("--scrypt-n", type=int, default=keys.DEFAULT_SCRYPT_N, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_keys_init)
    p = k.add_parser("export-public", help="écrire la clé publique (format minisign)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER")
    p.set_defaults(func=cmd_export_public)
    p = k.add_parser("trust-coordinator", help="enregistrer la clé publique du coordinateur")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p.set_defaults(func=cmd_trust)

    c = _group(sub, "coordinator", "travail du coordinateur départemental")
    group = sub.choices["coordinator"]  # without a command: the coordinator's window
    add_database_url(group, "du coordinateur")
    c.required = False
    group.set_defaults(func=cmd_coord_window)
    p = c.add_parser("init", help="faire de ce dossier celui du coordinateur (clés et secret départemental)")
    p.add_argument("--scrypt-n", type=int, default=keys.DEFAULT_SCRYPT_N, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_coord_init)
    p = c.add_parser("export-public", help="écrire la clé publique du coordinateur")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER")
    p.set_defaults(func=cmd_export_public)
    p = c.add_parser("enroll", help="inscrire la clé d'un facilitateur")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p.add_argument("--name", required=True, metavar="NOM")
    p.set_defaults(func=cmd_enroll)
    p = c.add_parser("revoke", help="révoquer la clé d'un facilitateur")
    p.add_argument("key_id", metavar="IDCLE")
    p.set_defaults(func=cmd_revoke)
    p = c.add_parser("transfer", help="transférer les enregistrements d'un facilitateur à son successeur")
    p.add_argument(
        "--from", dest="from_key", required=True, metavar="IDCLE", help="clé du facilitateur qui part"
    )
    p.add_argument("--to", dest="to_key", required=True, metavar="IDCLE", help="clé du successeur")
    p.set_defaults(func=cmd_transfer)
    p = c.add_parser("import", help="importer des paquets mensuels")
    p.add_argument("files", type=Path, nargs="+", metavar="FICHIER")
    p.add_argument("--json", action="store_true", help="un objet JSON par fichier")
    p.set_defaults(func=cmd_import)
    p = c.add_parser("open", help="vérifier, déchiffrer et écrire le contenu d'un paquet")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DOSSIER")
    p.set_defaults(func=cmd_open)
    p = c.add_parser("stats", help="chiffres consolidés du département (par période et ventilation)")
    p.add_argument("--json", action="store_true")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--year", type=year_arg, metavar="AAAA", help="une année civile")
    period.add_argument("--from", dest="first", type=month_arg, metavar="AAAA-MM", help="premier mois")
    p.add_argument("--to", dest="last", type=month_arg, metavar="AAAA-MM", help="dernier mois (avec --from)")
    p.add_argument("--by", choices=comite_figures.BREAKDOWNS, help="ventilation (clé de chaque objet)")
    p.set_defaults(func=cmd_stats)
    p = c.add_parser("export-xlsx", help="classeur de consolidation")
    p.add_argument("--year", type=year_arg, metavar="AAAA", help="année N, comparée à N-1")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.xlsx")
    p.set_defaults(func=cmd_xlsx)
    p = c.add_parser("comite-pdf", help="document du comité départemental (PDF)")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", type=month_arg, metavar="AAAA-MM", help="dernier mois couvert (cumul)")
    when.add_argument("--year", type=year_arg, metavar="AAAA", help="année N, comparée à N-1")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")
    p.set_defaults(func=cmd_pdf)
    directory_cmds.register(c)
    add_targets(c, "targets", "objectifs des financeurs du département", comite_figures.department_realised)
    from clausedesk.cli.region_cmds import add_coordinator_commands

    add_coordinator_commands(c)
    p = c.add_parser("publish-referential", help="publier le référentiel signé (secret, annuaire, tables)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER")
    p.add_argument("--department", default="", metavar="NOM", help="nom du département")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("package", help="préparer le paquet mensuel signé pour le coordinateur")
    p.add_argument("--month", type=month_arg, required=True, metavar="AAAA-MM")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.cdpkg")
    p.set_defaults(func=cmd_package)
    p = sub.add_parser("import-referential", help="importer le référentiel signé du coordinateur")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p.set_defaults(func=cmd_import_referential)


def cmd_coord_window(ctx: Context) -> int:
    """`clausedesk coordinator [--database-url URL]` alone opens the window on the coordinator's store."""
    from clausedesk.ui.system_libs import check_window_libraries

    if (missing := check_window_libraries()) is not None:
        ctx.warn(missing)
        return 1
    from clausedesk.ui.app import run_gui

    return run_gui(ctx.paths, ctx.database_url())


def cmd_keys_init(ctx: Context) -> int:
    ctx.store(create=True)
    identity = setup.init_facilitator(ctx.paths, _passphrase(confirm=True), ctx.args.scrypt_n)
    ctx.say(f"Clé créée : {identity.public.key_id_hex}")
    ctx.say(f"Empreinte (à lire au coordinateur) : {identity.fingerprint}")
    return 0


def cmd_export_public(ctx: Context) -> int:
    bundle = setup.public_bundle(ctx.paths)
    if bundle is None:
        raise ConflictError("Aucune clé dans ce dossier : lancez d'abord « clausedesk keys init ».")
    keys.write_atomic(ctx.args.output, keys.format_public_bundle(bundle).encode("ascii"))
    ctx.say(f"Clé publique écrite : {ctx.args.output} (empreinte {bundle.fingerprint})")
    return 0


def cmd_trust(ctx: Context) -> int:
    bundle = setup.trust_coordinator(ctx.store(create=True).sessions, ctx.args.file)
    ctx.say(f"Coordinateur enregistré : clé {bundle.signing.key_id_hex}, empreinte {bundle.fingerprint}")
    ctx.say("Vérifiez cette empreinte avec votre coordinateur (par téléphone).")
    return 0


def cmd_coord_init(ctx: Context) -> int:
    store = ctx.store(create=True)
    identity = setup.init_coordinator(ctx.paths, store.sessions, _passphrase(confirm=True), ctx.args.scrypt_n)
    ctx.say(f"Dossier de coordinateur créé : clé {identity.public.key_id_hex}")
    ctx.say(f"Empreinte : {identity.fingerprint}")
    return 0


def cmd_enroll(ctx: Context) -> int:
    bundle = setup.enroll(ctx.store().sessions, ctx.args.file, ctx.args.name)
    ctx.say(f"Facilitateur « {ctx.args.name.strip()} » inscrit : clé {bundle.signing.key_id_hex}")
    ctx.say(f"Empreinte à confirmer avec lui : {bundle.fingerprint}")
    return 0


def cmd_revoke(ctx: Context) -> int:
    from clausedesk.sync import minisign

    key_id = minisign.key_id_hex(minisign.key_id_from_hex(ctx.args.key_id))
    name = overview.revoke(ctx.store().sessions, key_id)
    ctx.say(f"Clé {key_id} de « {name} » révoquée : ses prochains paquets seront refusés.")
    return 0


def cmd_transfer(ctx: Context) -> int:
    from clausedesk.sync import handover

    done = handover.transfer(ctx.store().sessions, ctx.args.from_key, ctx.args.to_key)
    noun = "enregistrement transféré" if done.records == 1 else "enregistrements transférés"
    ctx.say(f"{number(done.records)} {noun} de « {done.from_name} » à « {done.to_name} » "
            "(inscrit au journal du coordinateur).")  # fmt: skip
    ctx.say(f"Seuls les paquets de « {done.to_name} » peuvent désormais les modifier ou les supprimer.")
    return 0


def cmd_import(ctx: Context) -> int:
    store = ctx.store()
    identity = _coordinator(ctx)
    results = importer.import_files(store.sessions, identity, ctx.args.files)
    for result in results:
        if ctx.args.json:
            ctx.print_json(result.to_json())
            continue
        label = {
            "merged": "intégré",
            "duplicate": "déjà reçu",
            "held": "mis en attente",
            "rejected": "REFUSÉ",
        }
        line = f"{result.file} : {label[result.status]}"
        if result.facilitator:
            line += f" ({result.facilitator}, paquet n° {result.sequence}, {result.period})"
        if result.released:
            line += f" ; paquets en attente intégrés : {', '.join(map(str, result.released))}"
        (ctx.warn if result.reason else ctx.say)(line + (f" — {result.reason}" if result.reason else ""))
    return 1 if any(r.status == "rejected" for r in results) else 0


def cmd_open(ctx: Context) -> int:
    store = ctx.store()
    identity = _coordinator(ctx)
    blob = read_bounded(Path(ctx.args.file), importer.MAX_PACKAGE, "Le paquet")
    with store.session() as session:
        opened = importer.open_package(session, blob, identity)
        check_hashes(opened.files, opened.manifest)
        parse_records(opened.files[RECORDS])
        parse_aggregates(opened.files[AGGREGATES], opened.manifest.period)
        name = opened.facilitator.name
    out: Path = ctx.args.output
    out.mkdir(parents=True, exist_ok=True)
    for entry, data in sorted(opened.files.items()):
        keys.write_atomic(out / entry, data)
    ctx.say(f"Paquet n° {opened.manifest.sequence} de « {name} » ({opened.manifest.period}) vérifié ; "
            f"{len(opened.files)} fichiers écrits dans {out}.")  # fmt: skip
    return 0


def cmd_stats(ctx: Context) -> int:
    args = ctx.args
    if (args.first is None) != (args.last is None):
        ctx.warn("clausedesk coordinator stats : erreur : --from et --to vont ensemble : donnez le premier "
                 "et le dernier mois (AAAA-MM)")  # fmt: skip
        return 2
    period = (comite_figures.Period.year(args.year) if args.year is not None
              else comite_figures.Period.months(args.first, args.last) if args.first is not None
              else None)  # fmt: skip
    with ctx.store().session() as session:
        if args.by is not None:
            ctx.print_json(comite_figures.figures(session, period or comite_figures.ALL_TIME, args.by))
            return 0
        figures = consolidation.stats(session, *((period.first, period.last) if period else (None, None)))
        figures.update(comite_figures.figures(session, period or comite_figures.ALL_TIME))
        if period is not None:
            figures["period"] = period.to_json()
    if ctx.args.json:
        ctx.print_json(figures)
        return 0
    ctx.say(f"{'Facilitateurs inscrits':<28} {number(figures['facilitators'])}")
    ctx.say(f"{'Paquets intégrés':<28} {number(figures['packages'])}")
    ctx.say(f"{'Marchés':<28} {number(figures['markets'])}")
    ctx.say(f"{'Personnes (distinctes)':<28} {number(figures['participants'])}")
    ctx.say(f"{'Heures réalisées':<28} {hours(figures['hours_total'])}")
    return 0


def cmd_xlsx(ctx: Context) -> int:
    from clausedesk.reports.comite_xlsx import write_workbook

    report = overview.department_report(ctx.store().sessions, None, date.today(), ctx.args.year)
    write_workbook(ctx.args.output, report.figures, report.tables, report.threshold, report.comparison,
                   ctx.args.year, report.coverage, report.annual)  # fmt: skip
    ctx.say(f"Classeur écrit : {ctx.args.output}")
    return 0


def cmd_pdf(ctx: Context) -> int:
    from clausedesk.reports.comite import write_comite_pdf

    report = overview.department_report(ctx.store().sessions, ctx.args.month, date.today(), ctx.args.year)
    assert report.last is not None  # --month or --year is required
    write_comite_pdf(ctx.args.output, report.last, report.figures, report.tables, report.late,
                     report.threshold, report.department, report.first, report.comparison,
                     report.targets, report.coverage)  # fmt: skip
    ctx.say(f"Document du comité écrit : {ctx.args.output}")
    return 0


def cmd_publish(ctx: Context) -> int:
    store = ctx.store()
    identity = _coordinator(ctx)
    version = referential.publish(store.sessions, identity, ctx.args.output, ctx.args.department)
    ctx.say(f"Référentiel version {version} écrit : {ctx.args.output}")
    ctx.say("Il contient le secret départemental : transmettez-le comme un mot de passe.")
    return 0


def cmd_package(ctx: Context) -> int:
    store = ctx.store()
    if setup.is_coordinator(ctx.paths):
        raise ConflictError("Ce dossier est celui du coordinateur : il ne prépare pas de paquet mensuel.")
    identity = _unlock(ctx)
    built = package.write_package(store.sessions, identity, ctx.args.month, ctx.args.output)
    ctx.say(
        f"Paquet n° {built.sequence} ({built.period}) écrit : {built.path} — "
        f"{plural(built.record_count, 'enregistrement', 'enregistrements')}, "
        f"chiffré pour le coordinateur {built.recipient_key_id}."
    )
    return 0


def cmd_import_referential(ctx: Context) -> int:
    result = referential.import_referential(ctx.store(create=True).sessions, ctx.args.file)
    ctx.say(f"Référentiel version {result.version} importé ({result.department or 'département'} ; "
            f"{plural(result.facilitators, 'facilitateur', 'facilitateurs')} dans l'annuaire).")  # fmt: skip
    return 0

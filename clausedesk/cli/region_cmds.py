"""Commands of the region (`clausedesk region …`) and the coordinator's side of it (trust, secret, export).

The region's folder is made by `region init` (keys and the regional pseudonym secret); it enrols the
departments' coordinator keys, publishes the signed regional referential that hands the secret down,
imports the departments' consolidated packages and gives the regional figures and bilan. Its store is the
data folder's file, or a PostgreSQL database (`region --database-url URL`, or CLAUSEDESK_DATABASE_URL),
the keys staying in the data folder, as for the coordinator.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import year_arg
from clausedesk.cli.sync_cmds import _group, _passphrase, _unlock, add_database_url, cmd_export_public
from clausedesk.core.errors import ConflictError
from clausedesk.core.formatting import hours, number
from clausedesk.db.store import Store
from clausedesk.sync import keys, region_figures, region_referential
from clausedesk.sync.comite_figures import ALL_TIME, Period
from clausedesk.sync.keys import Identity

_LABELS = {"merged": "intégré", "duplicate": "déjà reçu", "held": "mis en attente", "rejected": "REFUSÉ"}


def _region_store(ctx: Context) -> Store:
    """The region's store (ConflictError when the data folder is not a region's)."""
    store = ctx.store()
    if not region_referential.is_region(store.sessions):
        what = f"La base {store.location} n'est pas celle"
        if store.file_based:
            what = "Ce dossier n'est pas celui"
        raise ConflictError(f"{what} d'une région (« clausedesk region init »).")
    return store


def _region(ctx: Context) -> tuple[Store, Identity]:
    """The region's store and its unlocked keys."""
    return _region_store(ctx), _unlock(ctx)


def register(sub: Any) -> None:
    r = _group(sub, "region", "travail de la région (consolidation des départements)")
    add_database_url(sub.choices["region"], "de la région")
    p = r.add_parser("init", help="faire de ce dossier celui de la région (clés et secret régional)")
    p.add_argument("--name", default="", metavar="NOM", help="nom de la région")
    p.add_argument("--scrypt-n", type=int, default=keys.DEFAULT_SCRYPT_N, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_init)
    p = r.add_parser("export-public", help="écrire la clé publique de la région (pour les coordinateurs)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER")
    p.set_defaults(func=cmd_export_public)
    p = r.add_parser("enroll", help="inscrire la clé d'un coordinateur départemental")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p.add_argument("--name", required=True, metavar="NOM", help="nom du département")
    p.set_defaults(func=cmd_enroll)
    p = r.add_parser("publish-referential", help="publier le référentiel régional signé (secret régional)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER")
    p.set_defaults(func=cmd_publish)
    p = r.add_parser("import", help="importer des paquets départementaux")
    p.add_argument("files", type=Path, nargs="+", metavar="FICHIER")
    p.add_argument("--json", action="store_true", help="un objet JSON par fichier")
    p.set_defaults(func=cmd_import)
    p = r.add_parser("stats", help="chiffres consolidés de la région")
    p.add_argument("--json", action="store_true")
    p.add_argument("--year", type=year_arg, metavar="AAAA", help="une année civile")
    p.add_argument("--by", choices=region_figures.BREAKDOWNS, help="ventilation (un objet par département)")
    p.set_defaults(func=cmd_stats)
    p = r.add_parser("bilan-pdf", help="bilan régional (PDF) : par département, année N comparée à N-1")
    p.add_argument("--year", type=year_arg, required=True, metavar="AAAA")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")
    p.set_defaults(func=cmd_bilan)


def add_coordinator_commands(c: Any) -> None:
    """The coordinator's commands towards its region (registered in the `coordinator` group)."""
    p = c.add_parser("trust-region", help="enregistrer la clé publique de la région")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p.set_defaults(func=cmd_trust_region)
    p = c.add_parser("import-region-referential", help="importer le référentiel signé de la région")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p.set_defaults(func=cmd_import_region_referential)
    p = c.add_parser("export-region", help="paquet consolidé et signé du département pour la région")
    p.add_argument("--year", type=year_arg, required=True, metavar="AAAA")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER")
    p.set_defaults(func=cmd_export_region)


def cmd_init(ctx: Context) -> int:
    store = ctx.store(create=True)
    identity = region_referential.init_region(ctx.paths, store.sessions, _passphrase(confirm=True),
                                              ctx.args.name, ctx.args.scrypt_n)  # fmt: skip
    ctx.say(f"Dossier de la région créé : clé {identity.public.key_id_hex}")
    ctx.say(f"Empreinte (à lire aux coordinateurs) : {identity.fingerprint}")
    return 0


def cmd_enroll(ctx: Context) -> int:
    store = _region_store(ctx)
    bundle = region_referential.enroll(store.sessions, ctx.args.file, ctx.args.name)
    ctx.say(f"Département « {ctx.args.name.strip()} » inscrit : clé {bundle.signing.key_id_hex}")
    ctx.say(f"Empreinte à confirmer avec son coordinateur : {bundle.fingerprint}")
    return 0


def cmd_publish(ctx: Context) -> int:
    store, identity = _region(ctx)
    version = region_referential.publish(store.sessions, identity, ctx.args.output)
    ctx.say(f"Référentiel régional version {version} écrit : {ctx.args.output}")
    ctx.say("Il contient le secret régional : transmettez-le aux coordinateurs comme un mot de passe.")
    return 0


def cmd_import(ctx: Context) -> int:
    from clausedesk.sync import region_import

    store, identity = _region(ctx)
    results = region_import.import_files(store.sessions, identity, ctx.args.files)
    for result in results:
        if ctx.args.json:
            ctx.print_json(result.to_json())
            continue
        line = f"{result.file} : {_LABELS[result.status]}"
        if result.department:
            line += f" ({result.department}, paquet n° {result.sequence}, année {result.year})"
        if result.released:
            line += f" ; paquets en attente intégrés : {', '.join(map(str, result.released))}"
        (ctx.warn if result.reason else ctx.say)(line + (f" — {result.reason}" if result.reason else ""))
    return 1 if any(r.status == "rejected" for r in results) else 0


def cmd_stats(ctx: Context) -> int:
    period = None if ctx.args.year is None else Period.year(ctx.args.year)
    store = _region_store(ctx)
    with store.session() as session:
        if ctx.args.by is not None:
            ctx.print_json(region_figures.figures(session, period or ALL_TIME, ctx.args.by))
            return 0
        figures = region_figures.stats(session, period)
    if ctx.args.json:
        ctx.print_json(figures)
        return 0
    ctx.say(f"{'Départements inscrits':<28} {number(figures['departments'])}")
    ctx.say(f"{'Paquets intégrés':<28} {number(figures['packages'])}")
    ctx.say(f"{'Personnes (distinctes)':<28} {number(figures['people'])}")
    ctx.say(f"{'Heures réalisées':<28} {hours(figures['hours_total'])}")
    return 0


def cmd_bilan(ctx: Context) -> int:
    from clausedesk.reports.region_bilan import write_region_bilan
    from clausedesk.sync.region_report import region_report

    store = _region_store(ctx)
    write_region_bilan(ctx.args.output, region_report(store.sessions, ctx.args.year))
    ctx.say(f"Bilan régional {ctx.args.year} écrit : {ctx.args.output}")
    return 0


def cmd_trust_region(ctx: Context) -> int:
    bundle = region_referential.trust_region(ctx.store().sessions, ctx.args.file)
    ctx.say(f"Région enregistrée : clé {bundle.signing.key_id_hex}, empreinte {bundle.fingerprint}")
    ctx.say("Vérifiez cette empreinte avec la région (par téléphone).")
    return 0


def cmd_import_region_referential(ctx: Context) -> int:
    done = region_referential.import_referential(ctx.store().sessions, ctx.args.file)
    ctx.say(f"Référentiel régional version {done.version} importé ({done.region or 'région'} ; "
            f"{number(done.departments)} département{'s' if done.departments > 1 else ''} inscrit"
            f"{'s' if done.departments > 1 else ''}).")  # fmt: skip
    ctx.say("Publiez maintenant le référentiel départemental (« coordinator publish-referential ») : il "
            "transmettra le secret régional à vos facilitateurs.")  # fmt: skip
    return 0


def cmd_export_region(ctx: Context) -> int:
    from clausedesk.sync.region_package import write_region_package

    store = ctx.store()
    identity = _unlock(ctx)
    built = write_region_package(store.sessions, identity, ctx.args.year, ctx.args.output)
    noun = "enregistrement" if built.record_count == 1 else "enregistrements"
    ctx.say(f"Paquet régional n° {built.sequence} ({built.year}) écrit : {built.path} — "
            f"{number(built.record_count)} {noun} ({number(built.people)} personnes), chiffré pour la "
            f"région {built.recipient_key_id}.")  # fmt: skip
    return 0

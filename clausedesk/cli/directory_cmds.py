"""Commands of the coordinator's directory: `coordinator directory [set]`, `chef-de-file`, `coverage`."""

from __future__ import annotations

from datetime import date
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import FrenchParser, year_arg
from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import hours
from clausedesk.sync import coverage, directory
from clausedesk.sync.comite_figures import Period


def register(coordinator: Any) -> None:
    """Add the directory's commands to the `coordinator` group."""
    parser = coordinator.add_parser(
        "directory", help="annuaire des facilitateurs (structure, territoire, contacts)"
    )
    parser.add_argument("--json", action="store_true", help="un objet par facilitateur")
    parser.set_defaults(func=cmd_list)
    actions = parser.add_subparsers(dest="directory_command", title="commandes", metavar="COMMANDE",
                                    parser_class=FrenchParser)  # fmt: skip
    p = actions.add_parser("set", help="fixer la structure, le territoire ou les contacts d'un facilitateur")
    p.add_argument("key_id", metavar="IDCLE")
    p.add_argument("--structure", metavar="STRUCTURE", help=", ".join(directory.STRUCTURES))
    p.add_argument("--territory", metavar="EPCI,…",
                   help="SIREN des EPCI (et codes INSEE de communes) couverts, séparés par des virgules ; "
                        "remplace le territoire précédent (\"\" le vide)")  # fmt: skip
    p.add_argument("--contact", action="append", metavar="CONTACT",
                   help="une ligne de contact (téléphone, courriel…), répétable ; "
                        "remplace les précédentes")  # fmt: skip
    p.set_defaults(func=cmd_set)
    p = coordinator.add_parser(
        "chef-de-file", help="désigner le facilitateur chef de file d'un donneur d'ordre"
    )
    p.add_argument("--buyer", required=True, metavar="SIRET", help="SIRET du donneur d'ordre")
    p.add_argument("--facilitator", required=True, metavar="IDCLE", help="clé du facilitateur désigné")
    p.set_defaults(func=cmd_chef_de_file)
    p = coordinator.add_parser("coverage", help="couverture du département par EPCI et zones blanches")
    p.add_argument("--json", action="store_true")
    p.add_argument("--year", type=year_arg, metavar="AAAA", help="année des heures (défaut : en cours)")
    p.add_argument("--months", type=int, default=coverage.DEFAULT_MONTHS, metavar="N",
                   help="mois sans paquet qui font d'un EPCI avec marchés une zone blanche "
                        "(3 par défaut)")  # fmt: skip
    p.set_defaults(func=cmd_coverage)


def cmd_list(ctx: Context) -> int:
    with ctx.store().session() as session:
        rows = directory.directory(session)
    if ctx.args.json:
        ctx.print_json(rows)
        return 0
    if not rows:
        ctx.say("Aucun facilitateur inscrit : « clausedesk coordinator enroll FICHIER --name NOM ».")
    for row in rows:
        state = " (clé révoquée)" if row["revoked"] else ""
        structure = row["structure_label"] or "structure non renseignée"
        ctx.say(f"{row['name']}{state} — clé {row['key_id']} — {structure}")
        ctx.say(f"  territoire : {', '.join(row['territory'] + row['communes']) or 'non renseigné'}")
        ctx.say(f"  dernier paquet : {row['last_package_month'] or 'aucun'}")
        if row["chef_de_file_for"]:
            ctx.say(f"  chef de file pour : {', '.join(row['chef_de_file_for'])}")
        for contact in row["contacts"]:
            ctx.say(f"  contact : {contact}")
    return 0


def cmd_set(ctx: Context) -> int:
    args = ctx.args
    if args.structure is None and args.territory is None and args.contact is None:
        ctx.warn("clausedesk coordinator directory set : erreur : rien à changer : donnez --structure, "
                 "--territory ou --contact")  # fmt: skip
        return 2
    done = directory.set_entry(
        ctx.store().sessions, args.key_id, args.structure, args.territory, args.contact
    )
    ctx.say(f"Annuaire mis à jour pour « {done.name} » (clé {done.key_id}) ; "
            "publiez le référentiel pour le transmettre aux facilitateurs.")  # fmt: skip
    return 0


def cmd_chef_de_file(ctx: Context) -> int:
    done = directory.set_chef_de_file(ctx.store().sessions, ctx.args.buyer, ctx.args.facilitator)
    ctx.say(f"« {done.name} » est chef de file pour le donneur d'ordre {done.siret}"
            + (f" (à la place de « {done.replaced} »)." if done.replaced else "."))  # fmt: skip
    return 0


def cmd_coverage(ctx: Context) -> int:
    if ctx.args.months < 1:
        raise ValidationError("--months", f"au moins 1 mois ({ctx.args.months} donné)")
    today = date.today()
    period = Period.year(ctx.args.year or today.year)
    with ctx.store().session() as session:
        found = coverage.coverage(session, today, period, ctx.args.months)
    if ctx.args.json:
        ctx.print_json(found.to_json())
        return 0
    if not found.departments:
        ctx.say("Département inconnu : renseignez le territoire des facilitateurs (« coordinator "
                "directory set IDCLE --territory EPCI,… ») ou importez leurs paquets.")  # fmt: skip
        return 0
    ctx.say("Département : " + ", ".join(f"{name} ({code})" for code, name in found.departments))
    for row in found.epcis:
        who = ", ".join(row.facilitators) or "—"
        flag = f"ZONE BLANCHE ({row.reason})" if row.zone_blanche else "couvert"
        ctx.say(f"{row.name} ({row.code}) : {flag} ; facilitateurs : {who} ; marchés : {row.markets} ; "
                f"heures {found.period.first[:4]} : {hours(row.hours_total)}")  # fmt: skip
    return 0

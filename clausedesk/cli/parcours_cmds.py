"""Commands of parcours records: conventions de globalisation (allocations of hours), pre-hiring training."""

from __future__ import annotations

from datetime import date
from typing import Any

from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import FrenchParser, date_arg, month_arg
from clausedesk.core.formatting import hours, month_label
from clausedesk.core.services import conventions, trainings
from clausedesk.core.services.trainings import TraineeOutcome


def register(sub: Any) -> None:
    parser = sub.add_parser("convention", help="conventions de globalisation des heures")
    actions = parser.add_subparsers(dest="convention_command", title="commandes", metavar="COMMANDE",
                                    parser_class=FrenchParser, required=True)  # fmt: skip
    p = actions.add_parser(
        "add", help="enregistrer une convention de globalisation (une entreprise, ses lots)"
    )
    p.add_argument("--ref", required=True, metavar="RÉF", help="référence de la convention")
    p.add_argument("--title", required=True, metavar="INTITULÉ")
    p.add_argument("--company", required=True, metavar="SIRET", help="l'entreprise qui réalise les heures")
    p.add_argument("--lot", action="append", default=[], required=True, metavar="RÉF_LOT",
                   help="un lot couvert par la convention (répétable, deux au moins)")  # fmt: skip
    p.add_argument("--from", dest="start", type=date_arg, required=True, metavar="DATE", help="début")
    p.add_argument("--to", dest="end", type=date_arg, required=True, metavar="DATE", help="fin")
    p.add_argument("--signed", type=date_arg, metavar="DATE", help="date de signature")
    p.set_defaults(func=cmd_add)
    p = actions.add_parser("allocate", help="affecter des heures d'un lot de la convention à un autre")
    p.add_argument("ref", metavar="RÉF", help="référence de la convention")
    p.add_argument("--from-lot", required=True, metavar="RÉF_LOT", help="lot où les heures ont été faites")
    p.add_argument("--to-lot", required=True, metavar="RÉF_LOT", help="lot auquel elles sont affectées")
    p.add_argument("--month", required=True, type=month_arg, metavar="AAAA-MM", help="mois des heures")
    p.add_argument("--hours", required=True, metavar="N", help="heures affectées")
    p.add_argument("--reason", required=True, metavar="MOTIF", help="motif de l'affectation")
    p.set_defaults(func=cmd_allocate)
    register_trainings(sub)


def cmd_add(ctx: Context) -> int:
    a = ctx.args
    data = conventions.ConventionInput(a.ref, a.title, a.company, a.start, a.end, a.lot, a.signed)
    with ctx.store().session() as session:
        ref = conventions.add_convention(session, data)
    ctx.say(f"Convention « {ref} » enregistrée ({len(a.lot)} lots).")
    return 0


def cmd_allocate(ctx: Context) -> int:
    a = ctx.args
    data = conventions.AllocationInput(a.ref, a.from_lot, a.to_lot, a.month, a.hours, a.reason)
    with ctx.store().session() as session:
        done = conventions.allocate(session, data, date.today())
    ctx.say(
        f"{hours(done.hours)} faites en {month_label(done.month)} affectées du lot « {done.from_lot} » "
        f"au lot « {done.to_lot} » (convention « {done.convention_ref} ») ; il en reste {hours(done.left)} "
        "affectables sur ce mois."
    )
    return 0


def register_trainings(sub: Any) -> None:
    parser = sub.add_parser("training", help="formations préalables à l'embauche (sessions, stagiaires)")
    actions = parser.add_subparsers(dest="training_command", title="commandes", metavar="COMMANDE",
                                    parser_class=FrenchParser, required=True)  # fmt: skip
    p = actions.add_parser("add", help="enregistrer une session de formation")
    p.add_argument("--title", required=True, metavar="INTITULÉ")
    p.add_argument("--organisation", required=True, metavar="ORGANISME")
    p.add_argument("--funder", metavar="FINANCEUR")
    p.add_argument("--place", metavar="LIEU")
    p.add_argument("--from", dest="start", type=date_arg, required=True, metavar="DATE", help="premier jour")
    p.add_argument("--to", dest="end", type=date_arg, required=True, metavar="DATE", help="dernier jour")
    p.add_argument("--hours", required=True, metavar="N", help="durée de la session en heures")
    p.add_argument("--lot", action="append", default=[], metavar="RÉF_LOT", help="lot préparé (répétable)")
    p.add_argument("--offer", action="append", default=[], metavar="UUID", help="offre préparée (répétable)")
    p.add_argument("--count-on", metavar="RÉF_LOT",
                   help="lot (parmi --lot) où comptent les heures suivies, s'il compte la formation")
    p.set_defaults(func=cmd_training_add)
    p = actions.add_parser("trainee", help="inscrire un stagiaire, ou noter ses heures et son issue")
    p.add_argument("session", metavar="SESSION", help="identifiant de la session (voir « list trainings »)")
    p.add_argument("--person", required=True, metavar="UUID", help="participant (voir « list participants »)")
    p.add_argument("--hours", default="0", metavar="N", help="heures suivies")
    p.add_argument("--outcome", default="en_cours", choices=[c for c, _ in TraineeOutcome.choices()],
                   help="issue : en_cours, termine, embauche ou abandon")  # fmt: skip
    p.set_defaults(func=cmd_trainee)


def cmd_training_add(ctx: Context) -> int:
    a = ctx.args
    data = trainings.SessionInput(a.title, a.organisation, a.start, a.end, a.hours, a.funder, a.place, a.lot,
                                  a.offer, a.count_on)  # fmt: skip
    with ctx.store().session() as session:
        uuid = trainings.add_session(session, data)
    ctx.say(f"Session de formation « {a.title.strip()} » enregistrée : {uuid}")
    return 0


def cmd_trainee(ctx: Context) -> int:
    a = ctx.args
    data = trainings.TraineeInput(a.session, a.person, a.hours, a.outcome)
    with ctx.store().session() as session:
        name, created = trainings.save_trainee(session, data)
    what = "inscrit sur la session" if created else "mis à jour"
    ctx.say(f"Stagiaire {name} {what} ({TraineeOutcome.label_of(a.outcome).lower()}).")
    return 0

"""The command line: the parser, the list of command modules, and running a command with French errors.

Each module of COMMAND_MODULES has `register(subparsers)` adding its sub-commands; each sub-command
sets `func(ctx) -> int`. Exit codes: 0 done, 1 refused (French message on stderr, nothing changed),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError

from clausedesk import __version__, logsetup
from clausedesk.cli.context import Context
from clausedesk.cli.french_argparse import FrenchParser
from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.oserrors import database_reason, os_reason
from clausedesk.paths import resolve

COMMAND_MODULES = [
    "clausedesk.cli.store_cmds",
    "clausedesk.cli.hours_cmds",
    "clausedesk.cli.demo_cmd",
    "clausedesk.cli.report_cmds",
    "clausedesk.cli.sync_cmds",
    "clausedesk.cli.recruitment_cmds",
    "clausedesk.cli.trust_cmds",
    "clausedesk.cli.ui_cmds",
]

log = logging.getLogger("clausedesk")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="clausedesk",
        description="ClauseDesk : suivi des clauses sociales d'insertion. Sans commande, ouvre la fenêtre.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"ClauseDesk {__version__}",
        help="afficher la version et quitter",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DOSSIER",
        help="dossier des données (sinon CLAUSEDESK_DATA_DIR, sinon le dossier de l'utilisateur)",
    )
    sub = parser.add_subparsers(
        dest="command", title="commandes", metavar="COMMANDE", parser_class=FrenchParser
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run a command; returns the exit code (argparse exits 2 itself on usage errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from clausedesk.ui.app import run_gui

        return run_gui(resolve(args.data_dir))
    ctx = Context(args=args, paths=resolve(args.data_dir))
    logsetup.configure(ctx.paths)
    try:
        return int(args.func(ctx))
    except ClauseDeskError as exc:
        print(f"Erreur : {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu : rien n'a été modifié.", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"Erreur d'accès au fichier{where} : {os_reason(exc)}. "
            "Rien n'a été modifié ; corrigez puis recommencez.",
            file=sys.stderr,
        )
        return 1
    except DBAPIError as exc:  # the database engine refused (disk full, file locked, damaged...)
        log.error("database error in command %s: %s", args.command, type(exc.orig).__name__)
        print(f"Erreur : {database_reason(exc)} Rien n'a été modifié.", file=sys.stderr)
        return 1
    except Exception:  # never a traceback for the user; the log keeps the details
        log.exception("unexpected error in command %s", args.command)
        print(
            "Erreur inattendue : la commande n'a pas abouti et rien n'a été modifié. "
            "Les détails sont dans le journal de l'application.",
            file=sys.stderr,
        )
        return 1
    finally:
        ctx.close()

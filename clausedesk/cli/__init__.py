"""The command line: the parser, the command modules, and running a command with French errors.

Each command module has `register(subparsers)` adding its sub-commands; each sub-command sets
`func(ctx) -> int`. COMMANDS maps every command name to its module, so running one command imports
only its module (the app starts faster); help and usage errors load them all. Exit codes: 0 done,
1 refused (French message on stderr, nothing changed), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from clausedesk import __version__, logsetup
from clausedesk.cli.french_argparse import FrenchParser
from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.oserrors import database_reason, disk_trouble, os_reason
from clausedesk.paths import resolve

_STORE, _HOURS, _REPORTS, _SYNC, _TRUST = (
    "clausedesk.cli.store_cmds",
    "clausedesk.cli.hours_cmds",
    "clausedesk.cli.report_cmds",
    "clausedesk.cli.sync_cmds",
    "clausedesk.cli.trust_cmds",
)
# command name → the module that registers it (tests/cli checks this stays true)
COMMANDS: dict[str, str] = {
    "stats": _STORE,
    "list": _STORE,
    "check": _STORE,
    "backup": _STORE,
    "template": _HOURS,
    "import-hours": _HOURS,
    "demo": "clausedesk.cli.demo_cmd",
    "export-xlsx": _REPORTS,
    "dashboard": _REPORTS,
    "bilan": _REPORTS,
    "forecast": _REPORTS,
    "attestation": _REPORTS,
    "sent": _REPORTS,
    "keys": _SYNC,
    "coordinator": _SYNC,
    "package": _SYNC,
    "import-referential": _SYNC,
    "offer-sheet": "clausedesk.cli.recruitment_cmds",
    "restore": _TRUST,
    "passphrase": _TRUST,
    "person": _TRUST,
    "purge": _TRUST,
    "screenshots": "clausedesk.cli.ui_cmds",
    "targets": "clausedesk.cli.targets_cmds",
    "region": "clausedesk.cli.region_cmds",
    "convention": "clausedesk.cli.parcours_cmds",
    "training": "clausedesk.cli.parcours_cmds",
}
COMMAND_MODULES = list(dict.fromkeys(COMMANDS.values()))
_HELP = {"-h", "--help"}

log = logging.getLogger("clausedesk")


def _command_word(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv` (skipping global options and their values), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--data-dir":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _modules_for(argv: Sequence[str]) -> list[str]:
    word = _command_word(argv)
    if word in COMMANDS:
        return [COMMANDS[word]]
    if word is None and not _HELP.intersection(argv):
        return []  # the window, or --version: no command module needed
    return COMMAND_MODULES  # help, or an unknown command: list them all


def _garbled(value: str) -> bool:
    """Bytes that were not UTF-8 reach Python as lone surrogates (U+DC80..U+DCFF)."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _garbled_text(args: argparse.Namespace) -> str | None:
    """The first text argument that was not UTF-8, made printable (file names may be any bytes)."""
    for name, value in vars(args).items():
        if name == "data_dir":
            continue  # a folder name may be any bytes
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and _garbled(item):
                return item.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(name).register(sub)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run a command; returns the exit code (argparse exits 2 itself on usage errors)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_modules_for(arguments))
    args = parser.parse_args(arguments)
    garbled = _garbled_text(args)
    if garbled is not None:
        parser.print_usage(sys.stderr)
        print(
            f"clausedesk : erreur : la valeur « {garbled} » contient des octets qui ne sont pas du texte "
            "(UTF-8) : retapez-la au clavier ou copiez-la depuis ClauseDesk.",
            file=sys.stderr,
        )
        return 2
    if args.command is None:
        from clausedesk.ui.system_libs import check_window_libraries

        if (missing := check_window_libraries()) is not None:
            print(missing, file=sys.stderr)  # before Qt loads: its own abort is in English
            return 1
        from clausedesk.db.engine import ENV_DATABASE_URL
        from clausedesk.ui.app import run_gui

        # CLAUSEDESK_DATABASE_URL: the coordinator's window on its PostgreSQL store
        return run_gui(resolve(args.data_dir), os.environ.get(ENV_DATABASE_URL) or None)
    from sqlalchemy.exc import DBAPIError

    from clausedesk.cli.context import Context

    ctx = Context(args=args, paths=resolve(args.data_dir))
    logsetup.configure(ctx.paths)
    try:
        ctx.refuse_file_commands_on_server()
        return int(args.func(ctx))
    except ClauseDeskError as exc:
        print(f"Erreur : {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu : rien n'a été modifié.", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        log.error("file error in command %s: errno %s", args.command, exc.errno)
        print(
            f"Erreur d'accès au fichier{where} : {os_reason(exc)}. "
            "Rien n'a été modifié ; corrigez puis recommencez.",
            file=sys.stderr,
        )
        return 1
    except DBAPIError as exc:  # the database engine refused (disk full, file locked, damaged...)
        log.error("database error in command %s: %s", args.command, type(exc.orig).__name__)
        trouble = disk_trouble(ctx.paths.root, str(exc.orig))
        reason = f"{trouble}." if trouble else database_reason(exc)
        print(f"Erreur : {reason} Rien n'a été modifié.", file=sys.stderr)
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

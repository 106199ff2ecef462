"""argparse speaking French: its own messages translated, usage errors exit with code 2."""

from __future__ import annotations

import argparse
from datetime import date
from typing import NoReturn

_FR = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s (%(matches)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "subcommands": "commandes",
}


def _translate(message: str) -> str:
    return _FR.get(message, message)


argparse._ = _translate  # type: ignore[attr-defined]  # argparse looks `_` up at call time


class FrenchParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage()
        self.exit(2, f"{self.prog} : erreur : {message}\nAide : {self.prog} --help\n")


def month_arg(value: str) -> str:
    """argparse type for YYYY-MM."""
    from clausedesk.core.errors import ValidationError
    from clausedesk.core.rules.progress import check_month

    try:
        return check_month(value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(f"mois « {value} » invalide : format attendu AAAA-MM") from exc


def year_arg(value: str) -> int:
    """argparse type for YYYY (a plausible year)."""
    text = value.strip()
    if not (len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2199):
        raise argparse.ArgumentTypeError(f"année « {value} » invalide : format attendu AAAA (ex. 2025)")
    return int(text)


def date_arg(value: str) -> date:
    """argparse type for a day: AAAA-MM-JJ or JJ/MM/AAAA."""
    text = value.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            parsed = date(year, month, day)
        else:
            parsed = date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"date « {value} » invalide : format attendu AAAA-MM-JJ ou JJ/MM/AAAA"
        ) from exc
    if not 1900 <= parsed.year <= 2199:
        raise argparse.ArgumentTypeError(f"date « {value} » invalide : année entre 1900 et 2199 attendue")
    return parsed

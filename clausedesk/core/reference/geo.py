"""Official communes, EPCIs and departments (INSEE's geographic code, via Etalab's découpage administratif).

Read-only lookups over the tables in clausedesk/resources/geo, written by scripts/refresh_geo.py from a
maintained data package (never typed by hand). Loaded once, on first use (about 0.1 s). Names are
searched without accents or case; a former commune (déléguée, associée) or a municipal district is
found by its own name and leads to the current commune it belongs to.
"""

from __future__ import annotations

import heapq
import threading
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from clausedesk.core.reference.tables import once, read_rows, read_source

EPCI_KINDS = {
    "CC": "communauté de communes",
    "CA": "communauté d'agglomération",
    "CU": "communauté urbaine",
    "METRO": "métropole",
    "MET69": "métropole de Lyon",
}


class Commune(NamedTuple):  # a tuple: 37,590 made at each load, ten times faster than a frozen dataclass
    code: str
    name: str
    department: str
    epci: str | None  # SIREN of its EPCI; None for the few communes outside any (islands)
    postal_codes: tuple[str, ...]
    population: int
    part_of: str | None = None  # for a former commune or a municipal district: the current commune's code

    @property
    def label(self) -> str:
        """« Grenoble (38185) », as shown everywhere a commune is named."""
        return f"{self.name} ({self.code})"


class Epci(NamedTuple):
    code: str  # SIREN, 9 digits
    name: str
    kind: str  # CC, CA, CU, METRO, MET69
    communes: tuple[str, ...]
    departments: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return EPCI_KINDS.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class _Tables:
    communes: dict[str, Commune]  # current communes and municipal districts by code
    every: tuple[Commune, ...]  # current, former communes and districts, each searchable by its name
    epcis: dict[str, Epci]
    departments: dict[str, str]
    source: str


_SEPARATORS = str.maketrans({ch: " " for ch in "-'’.,/()"} | {"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces, « st » as « saint »."""
    text = text.casefold().translate(_SEPARATORS)
    if not text.isascii():  # accents dropped (most names have none: the load folds 50,000 names)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = text.split()
    if "st" in words or "ste" in words:
        words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(words)


@once
def _tables() -> _Tables:
    communes: dict[str, Commune] = {}
    every: list[Commune] = []
    for code, name, dept, epci, status, parent, postal, population in read_rows("geo", "communes.tsv.gz"):
        commune = Commune(code, name, dept, epci or None, tuple(postal.split()), int(population or 0),
                          parent or None)
        if status in ("", "municipal"):
            communes[code] = commune
        every.append(commune)
    epcis: dict[str, Epci] = {}
    for code, name, kind, members in read_rows("geo", "epci.tsv.gz"):
        codes = tuple(members.split(","))
        spans = tuple(sorted({communes[c].department for c in codes if c in communes}))
        epcis[code] = Epci(code, name, kind, codes, spans)
    departments = {code: name for code, name, _region in read_rows("geo", "departements.tsv.gz")}
    return _Tables(communes, tuple(every), epcis, departments, read_source("geo"))


@once
def _codes() -> tuple[tuple[str, Commune], ...]:
    """Every current commune under « code postal postal… », for a search by INSEE or postal code."""
    return tuple((" ".join((c.code, *c.postal_codes)), c) for c in _tables().communes.values())


@once
def _names() -> tuple[tuple[str, Commune], ...]:
    """Every commune's folded name, built on the first search by name (lookups by code skip it)."""
    return tuple((fold(c.name), c) for c in _tables().every)


@once
def _by_name() -> dict[str, tuple[Commune, ...]]:
    """Every commune (current, former, district) under its folded name: a whole name found at once."""
    out: dict[str, list[Commune]] = {}
    for name, c in _names():
        out.setdefault(name, []).append(c)
    return {name: tuple(found) for name, found in out.items()}


def communes_named(text: str) -> tuple[Commune, ...]:
    """The communes whose whole name is the text (accents, case, « st » aside): one, several or none."""
    return _by_name().get(fold(text), ())


_READY = threading.Event()


def load_tables() -> None:
    """The first part of `preload` (the communes, EPCIs and departments), for a loader that pauses."""
    _tables()


def load_names() -> None:
    """The second part of `preload` (every name folded, as searched)."""
    _names()


def preload() -> None:
    """Load the tables and the names searched (about 0.5 s, once): call it off the GUI thread."""
    _by_name()
    _codes()
    _READY.set()


def ready() -> bool:
    """True once `preload` is done: the GUI thread may then search by a whole name without waiting."""
    return _READY.is_set()


def source() -> str:
    """Which release of the geographic code is shipped, e.g. « @etalab/decoupage-administratif 6.0.0 … »."""
    return _tables().source


def commune(code: str) -> Commune | None:
    """The current commune (or municipal district) with this INSEE code, or None."""
    return _tables().communes.get(code.strip().upper())


def commune_label(code: str | None) -> str:
    """« Grenoble (38185) » for a known code, the bare code otherwise, « » for none."""
    if not code:
        return ""
    found = commune(code)
    return found.label if found else code


def epci(code: str) -> Epci | None:
    return _tables().epcis.get(code.strip())


def epci_of_commune(code: str) -> str | None:
    """The SIREN of the EPCI a commune belongs to (a district: its city's), or None."""
    found = commune(code)
    return found.epci if found else None


def department_name(code: str) -> str | None:
    return _tables().departments.get(code.strip().upper())


def departments() -> dict[str, str]:
    return dict(_tables().departments)


def communes_of_department(department: str) -> list[Commune]:
    return [c for c in _tables().communes.values() if c.department == department and c.part_of is None]


def epcis_of_department(department: str) -> list[Epci]:
    """The EPCIs with at least one commune in the department, by name."""
    found = [e for e in _tables().epcis.values() if department in e.departments]
    return sorted(found, key=lambda e: fold(e.name))


def search_communes(text: str, limit: int = 20, department: str | None = None) -> list[Commune]:
    """Communes whose name starts with (then contains) the text, or with this INSEE or postal code.

    The most populated first among equals; a former commune's name finds its current commune
    (returned as the former one, whose `part_of` says where it belongs).
    """
    text = text.strip()
    if not text:
        return []
    if text.isdigit() or (len(text) == 5 and text[:2].upper() in ("2A", "2B")):
        code = text.upper()
        hits = [c for key, c in _codes() if key.startswith(code) or f" {text}" in key]
        if department:
            hits = [c for c in hits if c.department == department]
        return heapq.nsmallest(limit, hits, key=lambda c: (c.code != code, -c.population, c.code))
    wanted = fold(text)
    scored: list[tuple[int, int, str, Commune]] = []
    for name, c in _names():
        if wanted not in name:  # a cheap sieve (C speed) before ranking
            continue
        if name == wanted:
            rank = 0
        elif name.startswith(wanted):
            rank = 1
        elif f" {wanted}" in f" {name}":
            rank = 2
        else:
            continue
        if department and c.department != department:
            continue
        rank += 3 if c.part_of else 0
        scored.append((rank, -c.population, c.code, c))
    return [s[3] for s in heapq.nsmallest(limit, scored, key=lambda s: s[:3])]


def commune_choices(text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(code to store, label) pairs for a picker: « Grenoble (38185) ».

    A former commune (déléguée, associée) leads to the current one it belongs to, named after it:
    « Arbignieu, aujourd'hui Arboys en Bugey (01015) »; a municipal district keeps its own code.
    """
    out: dict[str, str] = {}
    for c in search_communes(text, limit):
        current = commune(c.code)
        if current == c:
            out.setdefault(c.code, c.label)
        elif c.part_of and (parent := commune(c.part_of)) is not None:
            out.setdefault(parent.code, f"{c.name}, aujourd'hui {parent.label}")
    return list(out.items())


def epci_choices(text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(SIREN, label) pairs for a picker: « Grenoble-Alpes-Métropole (200040715) »."""
    return [(e.code, e.label) for e in search_epcis(text, limit)]


def search_epcis(text: str, limit: int = 20, department: str | None = None) -> list[Epci]:
    """EPCIs by SIREN or by a word of their name (« grenoble » finds « Grenoble-Alpes-Métropole »)."""
    text = text.strip()
    if not text:
        return []
    pool = list(_tables().epcis.values())
    if department:
        pool = [e for e in pool if department in e.departments]
    if text.isdigit():
        return sorted((e for e in pool if e.code.startswith(text)), key=lambda e: e.code)[:limit]
    wanted = fold(text)
    hits = [(0 if fold(e.name).startswith(wanted) else 1, fold(e.name), e) for e in pool
            if f" {wanted}" in f" {fold(e.name)}"]
    return [h[2] for h in sorted(hits, key=lambda h: h[:2])][:limit]

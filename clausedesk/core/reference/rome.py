"""The ROME 4.0 (France Travail's job reference): job sheets by code, found by their title or a job title.

Read-only lookups over the tables in clausedesk/resources/rome, written by scripts/refresh_rome.py from
France Travail's RefRomeCsv files (never typed by hand). Each ROME code is a job sheet (« F1703 Maçon /
Maçonne ») known under many job titles, its « appellations » (« Maçon bâtisseur / Maçonne bâtisseuse de
pierres sèches »): a search matches both, without accents or case, and answers sheets. Loaded once, on
first use.
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import dataclass

from clausedesk.core.reference.geo import fold
from clausedesk.core.reference.tables import once, read_rows, read_source


@dataclass(frozen=True)
class Job:
    code: str  # letter + 4 digits, e.g. F1703
    title: str  # « Maçon / Maçonne »
    parent: str  # the sheet it hangs from (itself for a main sheet)

    @property
    def label(self) -> str:
        """« F1703 — Maçon / Maçonne », as shown everywhere a ROME code is named."""
        return f"{self.code} — {self.title}"


@dataclass(frozen=True)
class Match:
    """A job sheet found by a search, with the job title that matched when it is not the sheet's own."""

    job: Job
    via: str | None = None  # the job title matched, e.g. « Chef d'équipe maçon / Cheffe d'équipe maçonne »

    @property
    def label(self) -> str:
        return self.job.label if self.via is None else f"{self.job.label} (« {self.via} »)"


@dataclass(frozen=True)
class _Tables:
    jobs: dict[str, Job]
    titles: tuple[tuple[str, str, bool, bool], ...]  # (title, code, main title of its sheet, seldom used)
    source: str


@once
def _tables() -> _Tables:
    jobs = {code: Job(code, title, parent) for code, title, parent in read_rows("rome", "metiers.tsv.gz")}
    titles = tuple((title, code, main == "1", rare == "1")
                   for _ogr, title, code, main, rare in read_rows("rome", "appellations.tsv.gz"))  # fmt: skip
    return _Tables(jobs, titles, read_source("rome"))


@once
def _index() -> tuple[tuple[str, int, Job, str | None], ...]:
    """Every searchable name folded: each sheet's title, then each appellation (with a rank penalty)."""
    tables = _tables()
    out: list[tuple[str, int, Job, str | None]] = [(fold(j.title), 0, j, None) for j in tables.jobs.values()]
    for title, code, main, rare in tables.titles:
        job = tables.jobs[code]
        if title != job.title:
            out.append((fold(title), 1 if main else 3 if rare else 2, job, title))
    return tuple(out)


@once
def _by_title() -> dict[str, frozenset[str]]:
    """The codes of each folded sheet title and job title: a title typed in full, found at once."""
    out: dict[str, set[str]] = {}
    for name, _penalty, found, _via in _index():
        out.setdefault(name, set()).add(found.code)
    return {name: frozenset(codes) for name, codes in out.items()}


def codes_titled(text: str) -> frozenset[str]:
    """The ROME codes of the sheets or job titles whose whole title is the text (accents, case aside)."""
    return _by_title().get(fold(text), frozenset())


_READY = threading.Event()


def load_tables() -> None:
    """The first part of `preload` (the job sheets and job titles), for a loader that pauses."""
    _tables()


def load_index() -> None:
    """The second part of `preload` (every title folded, as searched)."""
    _index()


def preload() -> None:
    """Load the tables and the names searched (about 0.2 s, once): call it off the GUI thread."""
    _by_title()
    _READY.set()


def ready() -> bool:
    """True once `preload` is done: the GUI thread may then read a whole title without waiting."""
    return _READY.is_set()


def source() -> str:
    """Which release is shipped, e.g. « ROME 4.0, RefRomeCsv v460 (France Travail, Licence Ouverte 2.0) »."""
    return _tables().source


def job(code: str) -> Job | None:
    """The job sheet with this ROME code (« f1703 » is « F1703 »), or None."""
    return _tables().jobs.get(code.strip().upper())


def title(code: str) -> str:
    """The sheet's title (« Maçon / Maçonne ») or « » for an unknown code."""
    found = job(code)
    return found.title if found else ""


def job_label(code: str | None) -> str:
    """« F1703 — Maçon / Maçonne » for a known code, the bare code otherwise, « » for none."""
    if not code:
        return ""
    found = job(code)
    return found.label if found else code


def job_with_code(job_label: str | None, code: str | None) -> str:
    """« Coffreur bancheur (F1701 — Coffreur / Coffreuse) »: a post's own wording with its ROME job named.

    Just « F1703 — Maçon / Maçonne » when the wording is missing or the title's start (« Maçon »); never a
    bare code."""
    named = (job_label or "").strip()
    if not code:
        return named
    found = job(code)
    if not named or (found is not None and fold(found.title).startswith(fold(named))):
        return found.label if found else code
    return f"{named} ({found.label if found else code})"


def appellations(code: str) -> list[str]:
    """The job titles of a sheet, its main ones first."""
    wanted = code.strip().upper()
    found = [(not main, rare, t) for t, c, main, rare in _tables().titles if c == wanted]
    return [t for _m, _r, t in sorted(found)]


def search(text: str, limit: int = 20) -> list[Match]:
    """Job sheets whose title or one of whose job titles holds every word typed (as a word's start).

    « maçon » finds F1703 by its title, « chef d'équipe maçon » finds the sheet of that job title; a
    code or its start (« F17 ») lists the codes. A title that starts with the text comes first, then the
    sheet's own title before a job title, the shorter before the longer; each sheet once.
    """
    text = text.strip()
    if not text:
        return []
    compact = text.replace(" ", "").upper()
    if len(compact) <= 5 and compact[:1].isalpha() and compact[1:].isdigit() and len(compact) > 1:
        hits = sorted(c for c in _tables().jobs if c.startswith(compact))
        return [Match(_tables().jobs[c]) for c in hits[:limit]]
    words = fold(text).split()
    if not words:
        return []
    longest = max(words, key=len)
    wanted = " ".join(words)
    scored: list[tuple[int, int, int, str, Job, str | None]] = []
    for name, penalty, found, via in _index():
        if longest not in name:  # a cheap first sieve (C speed) before the word-by-word check
            continue
        padded = f" {name}"
        if not all(f" {w}" in padded for w in words):
            continue
        scored.append((0 if name.startswith(wanted) else 1, penalty, len(name), found.code, found, via))
    best: dict[str, Match] = {}
    for hit in heapq.nsmallest(limit * 8, scored, key=lambda s: s[:4]):
        if hit[4].code not in best:
            best[hit[4].code] = Match(hit[4], hit[5])
    return list(best.values())[:limit]


def choices(text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(code, label) pairs for a picker: « F1703 — Maçon / Maçonne » and the job title typed for."""
    return [(m.job.code, m.label) for m in search(text, limit)]

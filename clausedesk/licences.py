"""Licence notices of ClauseDesk and of every bundled library (for the "À propos" dialog and the bundle)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from importlib.resources import files

_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)

# Qt for Python ships no licence text in its wheels: the LGPL v3 (and the GPL v3 it refers to) are bundled.
QT_PACKAGES = {"pyside6-essentials", "pyside6-addons", "shiboken6", "pyside6"}


@dataclass(frozen=True)
class Notice:
    name: str
    version: str
    licence: str
    text: str


def _requirements(name: str) -> list[str]:
    try:
        reqs = metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return []
    out = []
    for req in reqs:
        if "extra ==" in req:
            continue
        match = re.match(r"[A-Za-z0-9_.\-]+", req)
        if match:
            out.append(match.group(0))
    return out


def runtime_distributions(root: str = "clausedesk") -> list[str]:
    """The distributions ClauseDesk needs at run time (its requirements, recursively)."""
    seen: dict[str, None] = {}
    todo = _requirements(root)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen[key] = None
        todo.extend(_requirements(name))
    return sorted(seen)


def _qt_licence() -> str:
    folder = files("clausedesk") / "resources" / "licences"
    texts = [(folder / name).read_text(encoding="utf-8") for name in ("LGPL-3.0.txt", "GPL-3.0.txt")]
    return "\n\n".join(texts)


def notices() -> list[Notice]:
    """One notice per bundled library: name, version, licence and the licence texts it ships."""
    out = []
    for name in runtime_distributions():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        meta = dist.metadata
        licence = meta.get("License-Expression") or meta.get("License") or ""
        if not licence or len(licence) > 80:
            all_classifiers = meta.get_all("Classifier") or []
            classifiers = [c.split("::")[-1].strip() for c in all_classifiers if "License" in c]
            licence = ", ".join(classifiers) or licence[:80]
        texts = []
        for f in dist.files or []:
            if _LICENCE_FILE.search(f.name) and "dist-info" in str(f):
                try:
                    texts.append(f.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue
        if name in QT_PACKAGES:
            texts.append(_qt_licence())
        out.append(Notice(meta["Name"], dist.version, licence, "\n\n".join(texts)))
    return out


def notices_text() -> str:
    parts = ["ClauseDesk utilise les bibliothèques suivantes, chacune sous sa propre licence.\n"]
    for n in notices():
        parts.append(f"{'=' * 78}\n{n.name} {n.version} — {n.licence}\n{'=' * 78}\n{n.text.strip()}\n")
    fonts = files("clausedesk") / "resources" / "fonts" / "LICENSE-DejaVu.txt"
    parts.append(f"{'=' * 78}\nPolices DejaVu\n{'=' * 78}\n{fonts.read_text(encoding='utf-8')}")
    geo = files("clausedesk") / "resources" / "geo"
    source = (geo / "SOURCE").read_text(encoding="utf-8").splitlines()[0]
    parts.append(f"{'=' * 78}\nCode officiel géographique : {source}\n"
                 f"{'=' * 78}\n{(geo / 'LICENSE').read_text(encoding='utf-8')}")
    rome = files("clausedesk") / "resources" / "rome"
    source = (rome / "SOURCE").read_text(encoding="utf-8").splitlines()[0]
    parts.append(f"{'=' * 78}\nRépertoire des métiers : {source}\n"
                 f"{'=' * 78}\n{(rome / 'LICENSE').read_text(encoding='utf-8')}")
    return "\n".join(parts)

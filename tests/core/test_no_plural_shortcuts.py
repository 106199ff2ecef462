"""No string of the program writes a plural as « (s) », « (x) » or « (e) »: real French plurals only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import clausedesk

SHORTCUT = re.compile(r"[a-zà-ÿ]\((s|x|e|es)\)", re.IGNORECASE)


def test_no_plural_shortcut_in_any_string() -> None:
    root = Path(clausedesk.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SHORTCUT.search(node.value):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "\n".join(found)

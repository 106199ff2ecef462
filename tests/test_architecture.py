"""The layers below ui/ never import Qt, and every module says in its first line what it owns."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "clausedesk"
QT_FREE = ("core", "db", "reports", "sync")


def _modules(sub: str) -> list[str]:
    out = []
    for path in sorted((PACKAGE / sub).rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "versions" in rel.parts or rel.name == "env":
            continue
        out.append(".".join(rel.parts).removesuffix(".__init__"))
    return out


def test_core_db_reports_sync_do_not_import_qt() -> None:
    modules = [m for sub in QT_FREE for m in _modules(sub)] + ["clausedesk.cli", "clausedesk.paths"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(sorted(k for k in sys.modules if k.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
    assert len(modules) > 20


def test_every_module_starts_with_a_docstring() -> None:
    missing = []
    for path in PACKAGE.rglob("*.py"):
        if "versions" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not ast.get_docstring(tree):
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []


def _imported_modules(tree: ast.AST) -> set[str]:
    """Every module an AST imports, wherever the import stands (function bodies, TYPE_CHECKING blocks)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _imports_db(path: Path) -> bool:
    modules = _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
    return any(m == "clausedesk.db" or m.startswith("clausedesk.db.") for m in modules)


def test_no_ui_module_imports_the_storage_layer() -> None:
    """Screens go through ui.operations and the core services: no `clausedesk.db` import under ui/."""
    offenders = sorted(
        str(path.relative_to(PACKAGE / "ui"))
        for path in (PACKAGE / "ui").rglob("*.py")
        if _imports_db(path)
    )
    assert offenders == []


def test_the_import_check_sees_every_form_of_import() -> None:
    tree = ast.parse(
        "def f():\n    from clausedesk.db.repositories import browse\n"
        "if TYPE_CHECKING:\n    import clausedesk.db.store\n"
        "from clausedesk import db\n"
    )
    modules = _imported_modules(tree)
    assert {"clausedesk.db.repositories", "clausedesk.db.store", "clausedesk.db"} <= modules


def test_ui_runs_no_sql_itself() -> None:
    """SQLAlchemy's select()/text() or a session query in ui/ means SQL outside clausedesk/db."""
    construct = re.compile(r"(?<![.\w])(select|insert|update|delete|text)\(")
    query = re.compile(r"session\.(execute|scalars|scalar|query)\(")
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if query.search(text) or ("sqlalchemy" in text and construct.search(text)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


# The operations layer and the application session hold the open store, the start-up dialog opens it
# (before any window exists); no other module of ui/ may reach it.
STORE_HOLDERS = {"operations.py", "appsession.py", "trust/passphrase.py"}


def _store_reaches(tree: ast.AST) -> list[str]:
    """`x.store` (but `paths.store`, the file's path), `x.session(`/`x.sessions`, `ops._store`, a `Store`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else getattr(node.value, "attr", "")
            if node.attr == "store" and base != "paths":
                found.append(f"{base}.store (ligne {node.lineno})")
            elif node.attr in ("session", "sessions", "_store"):
                found.append(f"{base}.{node.attr} (ligne {node.lineno})")
        elif isinstance(node, ast.Name) and node.id == "Store":
            found.append(f"Store (ligne {node.lineno})")
    return found


def test_no_ui_module_reaches_the_store_or_opens_a_session() -> None:
    """Screens hold `ctx.ops`, never the store: no `ctx.store`, no `store.session()`, no session factory."""
    offenders = {
        str(path.relative_to(PACKAGE / "ui")): found
        for path in (PACKAGE / "ui").rglob("*.py")
        if str(path.relative_to(PACKAGE / "ui")) not in STORE_HOLDERS
        if (found := _store_reaches(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_store_check_sees_what_the_old_screens_did() -> None:
    tree = ast.parse(
        "with ctx.store.session() as s:\n    pass\n"
        "run_task(self, 't', job, self.ctx.store.sessions)\n"
        "first = not paths.store.exists()\n"
    )
    found = _store_reaches(tree)
    assert "ctx.store (ligne 1)" in found and "store.session (ligne 1)" in found
    assert "store.sessions (ligne 3)" in found and "ctx.store (ligne 3)" in found
    assert not any("ligne 4" in f for f in found)  # paths.store is the file's path, not the open store

"""Quiet feedback: a refusal to delete before any confirmation; irreversible choices default to « Non »."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from clausedesk.db.models import Company, Contract
from clausedesk.db.repositories import listing
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import create_screen
from clausedesk.ui.sync.screen import SyncScreen
from clausedesk.ui.widgets.confirm import confirm_delete
from tests.ui.helpers import when_modal


def test_refusal_comes_before_the_confirmation(qtbot: Any, demo_store: Any, monkeypatch: Any) -> None:
    make_application()
    ctx = UiContext(store=demo_store, paths=demo_store.paths)
    with demo_store.session() as s:
        used = s.query(Company).join(Contract, Contract.company_id == Company.id).filter(
            Contract.deleted_at.is_(None)).first()  # fmt: skip
        assert used is not None
        company = {"uuid": used.uuid}
    asked: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)  # fmt: skip
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert confirm_delete(ctx, parent, "company", company["uuid"], "cette entreprise") is False
    assert asked == []  # never asked « Supprimer ? » for a deletion that will be refused
    assert warned and warned[0].startswith("L'entreprise ne peut pas être supprimée : elle est encore")
    with demo_store.session() as s:
        assert company["uuid"] in {c["uuid"] for c in listing.companies(s)}  # nothing deleted


def test_becoming_the_coordinator_defaults_to_no(qtbot: Any, store: Any) -> None:
    make_application()
    screen = create_screen(UiContext(store=store, paths=store.paths))
    qtbot.addWidget(screen)
    assert isinstance(screen, SyncScreen)
    seen: dict[str, Any] = {}

    def act(box: QMessageBox) -> None:
        seen["default"] = box.defaultButton()
        seen["no"] = box.button(QMessageBox.StandardButton.No)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)

    when_modal(QMessageBox, act, seen)
    button = next(b for b in screen.findChildren(QPushButton)
                  if b.text() == "Ce poste est celui du coordinateur départemental…")  # fmt: skip
    button.click()
    assert "error" not in seen, seen.get("error")
    assert seen["default"] is seen["no"] and seen["default"] is not None

"""The « none_dealloc » crashes: the Qt binding must not drop a reference to None on each call.

PySide6 6.12.0 on Python 3.11 (where None is not immortal) released a reference to None on every
call of a method returning nothing (QLabel.setText, QTreeWidgetItem.setData, QListWidget.clear…):
after some hundred thousand calls, which a large store reaches when the recruitment board, the
candidates list or the hours screen fill themselves, None was freed and the process died with
« Fatal Python error: none_dealloc ». pyproject.toml excludes that release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QTreeWidgetItem

from clausedesk.ui.app import make_application


def test_void_qt_calls_keep_none_alive() -> None:
    make_application()
    label, item, tree_item, lst = QLabel(), QListWidgetItem("a"), QTreeWidgetItem(["a"]), QListWidget()
    calls = 2000
    before = sys.getrefcount(None)
    for _ in range(calls // 4):
        label.setText("Chargement…")
        item.setData(Qt.ItemDataRole.UserRole, "uuid")
        tree_item.setData(0, Qt.ItemDataRole.UserRole, "uuid")
        lst.clear()
    lost = before - sys.getrefcount(None)
    assert lost < calls // 10, f"{lost} références à None perdues en {calls} appels"

"""Pickers that never load a whole table: a combo that asks the store for matches as a person types.

`attach_lookup(ops, combo, search)` makes a `QComboBox` editable: it first lists the first matches of
nothing typed, then, 200 ms after each keystroke, the first matches of the text typed
(`search(session, text, limit)`, run on the worker thread through the operations layer). Typing
clears the choice until one is picked from the list, so a form never saves a value that is not the
one shown. `choose(combo, key, label)` shows an existing value (a record being edited).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QComboBox

Search = Callable[[Any, str, int], list[tuple[str, str]]]

LIMIT = 50


class _Lookup(QObject):
    def __init__(
        self, ops: Any, combo: QComboBox, search: Any, keep_first: bool, limit: int,
        scope: Callable[[], Any] | None,
    ) -> None:  # fmt: skip
        super().__init__(combo)
        self.ops, self.combo, self.search, self.limit, self.scope = ops, combo, search, limit, scope
        self.first: tuple[str, Any] | None = None
        if keep_first and combo.count():
            self.first = (combo.itemText(0), combo.itemData(0))
        self.asked = self.answered = 0
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setCompleter(None)  # type: ignore[arg-type]
        combo.lineEdit().setPlaceholderText("Tapez pour chercher…")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.query)
        combo.lineEdit().textEdited.connect(self._typed)

    def _typed(self, text: str) -> None:
        """A keystroke: the choice is cleared (the text no longer names it) and matches are asked soon."""
        combo = self.combo
        if combo.currentIndex() >= 0 and text != combo.itemText(combo.currentIndex()):
            cursor = combo.lineEdit().cursorPosition()
            combo.blockSignals(True)
            combo.setCurrentIndex(-1)
            combo.setEditText(text)
            combo.lineEdit().setCursorPosition(cursor)
            combo.blockSignals(False)
            combo.currentIndexChanged.emit(-1)
        self.timer.start()

    def query(self, text: str | None = None) -> None:
        typed = self.combo.currentText().strip() if text is None else text
        search, limit = self.search, self.limit
        args = () if self.scope is None else (self.scope(),)  # read on the GUI thread, never the worker
        self.asked += 1
        asked = self.asked  # only the last search is answered (an older one is dropped by `latest`)

        def fill(rows: list[tuple[str, str]]) -> None:
            self.answered = asked
            self._fill(rows, typed)

        def failed(exc: BaseException) -> None:
            self.answered = asked
            from clausedesk.ui.errors import present

            present(self.combo, exc)

        self.ops.read(self.combo, lambda s: search(s, typed, limit, *args), fill, on_error=failed,
                      latest="lookup", busy=False)  # fmt: skip

    def _fill(self, rows: list[tuple[str, str]], typed: str) -> None:
        combo = self.combo
        if self.timer.isActive() or (combo.currentIndex() < 0 and combo.currentText().strip() != typed):
            return  # typed again since this search was asked: the next search's matches will come
        before = combo.currentData()
        shown = combo.currentText()
        kept = before if combo.currentIndex() >= 0 and shown == combo.itemText(combo.currentIndex()) else None
        combo.blockSignals(True)
        combo.clear()
        if self.first is not None:
            combo.addItem(*self.first)
        for key, label in rows:
            combo.addItem(label, key)
        if kept is not None and combo.findData(kept) < 0:
            combo.addItem(shown, kept)  # the value chosen stays, even when not among the first matches
        index = combo.findData(kept) if kept is not None else -1
        if index < 0 and not typed and self.first is not None:
            index = 0
        combo.setCurrentIndex(index)
        if index < 0:
            combo.setEditText(shown)
        combo.blockSignals(False)
        if combo.currentData() != before:
            combo.currentIndexChanged.emit(combo.currentIndex())
        if typed and combo.lineEdit().hasFocus() and rows:
            combo.showPopup()


def attach_lookup(
    ops: Any, combo: QComboBox, search: Search | Callable[..., list[tuple[str, str]]], *,
    keep_first: bool = False, limit: int = LIMIT, scope: Callable[[], Any] | None = None,
) -> QComboBox:
    """Turn `combo` into a lookup (see the module); `keep_first` keeps its first item (« tous »).

    With `scope`, its value (read from other widgets, on the GUI thread) is passed to `search` as a
    fourth argument: the lots of the employer chosen.
    """  # fmt: skip
    lookup = _Lookup(ops, combo, search, keep_first, limit, scope)
    if not keep_first:  # a field of a form: wide enough for its hint and a name (« Tapez … » before)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(max(combo.minimumContentsLength(), 24))
    combo.setProperty("lookup", True)
    setattr(combo, "_lookup", lookup)  # noqa: B010
    lookup.query("")
    return combo


def requery(combo: QComboBox) -> None:
    """Ask again (the search depends on another field that changed): the text typed, else the first ones."""
    lookup: _Lookup = combo._lookup  # type: ignore[attr-defined]
    lookup.query(combo.currentText().strip() if combo.currentIndex() < 0 else "")


def pending(combo: QComboBox) -> bool:
    """True while a search of this lookup runs (tests wait for it)."""
    lookup: _Lookup = combo._lookup  # type: ignore[attr-defined]
    return lookup.asked != lookup.answered


def choose(combo: QComboBox, key: str, label: str) -> None:
    """Show `key` chosen (added to the list when the first matches do not include it)."""
    index = combo.findData(key)
    if index < 0:
        combo.addItem(label, key)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    if combo.lineEdit() is not None:
        combo.lineEdit().setCursorPosition(0)  # a long name read from its start

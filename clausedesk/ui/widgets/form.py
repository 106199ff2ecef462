"""Declarative forms that stay still: errors in reserved space once a field is left, saving says why not."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core import validate as v
from clausedesk.core.errors import ClauseDeskError, ValidationError
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.widgets.fields import CheckGroup, DateField, FileField
from clausedesk.ui.widgets.form_parts import ERROR_STYLE, HINT_STYLE, ErrorLine, Field, display
from clausedesk.ui.widgets.reference_lookup import (
    attach_reference,
    picked,
    problem,
    reference_combo,
    settle,
    show,
)

log = logging.getLogger("clausedesk.ui")

class FormDialog(FittedDialog):
    """A dialog built from `fields`; `save(values)` runs the service and may raise ClauseDeskError.

    The Enregistrer button stays disabled while a field is wrong, and the reason is shown under
    it. A failure while saving is shown in the dialog, which stays open with the typing kept.
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: list[Field],
        save: Callable[[dict[str, Any]], Any],
        values: dict[str, Any] | None = None,
        cross_check: Callable[[dict[str, Any]], None] | None = None,
        intro: str = "",
        preview: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("form_dialog")
        self.fields = fields
        self._save = save
        # with a task runner (open_form gives the window's), `save` runs on the worker thread: the form
        # says « Enregistrement… » and the window never waits for a read still running there
        self.runner: Any = None
        self.saving = False
        self._cross_check = cross_check
        self._preview = preview
        self.result_value: Any = None
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLine] = {}
        # fields whose error is shown: left once, or all of them after a try to save
        self.shown: set[str] = set()
        self._recheck = QTimer(self)  # one check once a lookup's list is refilled, not one per row
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(0)
        self._recheck.timeout.connect(self.revalidate)
        outer = QVBoxLayout(self)
        self.intro: QLabel | None = None
        if intro:
            self.intro = QLabel(intro)
            self.intro.setObjectName("form_intro")
            self.intro.setWordWrap(True)
            outer.addWidget(self.intro)
        body = QWidget()
        self.body = body
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(2)
        for f in fields:
            w = self._make(f)
            w.setObjectName(f"field_{f.key}")
            if f.tip:
                w.setToolTip(f.tip)
            if not w.accessibleName():
                w.setAccessibleName(f.label)
            if f.kind in ("text", "multiline", "date", "decimal", "file", "lookup"):
                watched = w.edit if isinstance(w, FileField) else w
                watched.installEventFilter(self)
                watched.setProperty("form_key", f.key)
            self.widgets[f.key] = w
            label = QLabel(f.label + (" *" if f.required else ""))
            label.setObjectName(f"label_{f.key}")
            label.setBuddy(w)
            form.addRow(label, w)
            self.errors[f.key] = ErrorLine(f"error_{f.key}")
            form.addRow("", self.errors[f.key])
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # it scrolls up and down only: the dialog is never narrower than its labels and fields (a
        # sideways scroll showed « aison sociale », the start of the label scrolled off)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.minimumSizeHint().width() + bar)
        self.scroll = scroll
        outer.addWidget(scroll, 1)
        self.preview = QLabel("")
        self.preview.setObjectName("form_preview")
        self.preview.setStyleSheet("font-weight: 600; color: #1f3b5a;")
        self.preview.setVisible(preview is not None)
        outer.addWidget(self.preview)
        self.reason = QLabel("")
        self.reason.setObjectName("save_reason")
        self.reason.setStyleSheet(ERROR_STYLE)
        self.reason.setWordWrap(True)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.reason.setFixedHeight(2 * self.reason.fontMetrics().lineSpacing() + 4)  # reserved: nothing moves
        outer.addWidget(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.activated.connect(self.try_save)
        if values:
            self.set_values(values)
        self._initial = self.values()
        # a value brought in (a record being edited) is checked in full at once
        self.shown = {f.key for f in fields if self._initial[f.key] not in (None, "", [], False)}
        self.revalidate()
        self.fit_to_content()
        from clausedesk.ui.widgets.accessible import name_widgets

        name_widgets(self)

    def fit_to_content(self) -> None:
        """As wide as the longest label and field need, as tall as the fields, within the screen."""
        hint = self.body.sizeHint()
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        max_w = room.width() - 40 if room is not None else 1300
        max_h = room.height() - 60 if room is not None else 700
        extra = self.reason.height() + self.buttons.sizeHint().height() + 60
        if self._preview is not None:
            extra += self.preview.sizeHint().height()
        width = min(max(560, hint.width() + 48), max_w)
        if self.intro is not None:
            extra += self.intro.heightForWidth(width - 24)
        self.resize(width, min(hint.height() + extra, max_h))

    # --- building -------------------------------------------------------------------------------
    def _make(self, f: Field) -> QWidget:
        if f.kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setFixedHeight(70)
            w.textChanged.connect(self.revalidate)
            return w
        if f.kind == "date":
            d = DateField()
            d.textChanged.connect(self.revalidate)
            return d
        if f.kind == "lookup":
            combo = reference_combo(f.reference, f"field_{f.key}")
            combo.currentIndexChanged.connect(self.revalidate)
            combo.editTextChanged.connect(self.revalidate)
            # the propositions found in the background say whether a text names something: check again
            combo.model().rowsInserted.connect(lambda *_a: self._recheck.start())
            combo.model().rowsRemoved.connect(lambda *_a: self._recheck.start())
            combo.model().modelReset.connect(lambda *_a: self._recheck.start())  # clear() resets
            return combo
        if f.kind == "choice":
            c = QComboBox()
            if not f.required:
                c.addItem("—", None)
            for code, label in f.choices:
                c.addItem(label, code)
            c.currentIndexChanged.connect(self.revalidate)
            return c
        if f.kind == "file":
            picker = FileField(f.label, f.file_filter)
            picker.textChanged.connect(self.revalidate)
            return picker
        if f.kind == "bool":
            b = QCheckBox()
            b.toggled.connect(self.revalidate)
            return b
        if f.kind == "checks":
            g = CheckGroup(f.choices)
            g.changed.connect(self.revalidate)
            return g
        e = QLineEdit()
        if f.placeholder:
            e.setPlaceholderText(f.placeholder)
        e.textChanged.connect(self.revalidate)
        return e

    # --- values ---------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.key]
            if isinstance(w, QPlainTextEdit):
                out[f.key] = w.toPlainText()
            elif isinstance(w, DateField):
                out[f.key] = w.value()
            elif f.kind == "lookup":
                out[f.key] = picked(w)  # type: ignore[arg-type]
            elif isinstance(w, QComboBox):
                out[f.key] = w.currentData()
            elif isinstance(w, QCheckBox):
                out[f.key] = w.isChecked()
            elif isinstance(w, CheckGroup):
                out[f.key] = w.value()
            elif isinstance(w, (QLineEdit, FileField)):
                out[f.key] = w.text()
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            if f.key not in values:
                continue
            w, value = self.widgets[f.key], values[f.key]
            if isinstance(w, QPlainTextEdit):
                w.setPlainText(value or "")
            elif isinstance(w, DateField):
                w.set_value(value)
            elif f.kind == "lookup":
                show(w, value)  # type: ignore[arg-type]
            elif isinstance(w, QComboBox):
                i = w.findData(value)
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, CheckGroup):
                w.set_value(list(value or []))
            elif isinstance(w, (QLineEdit, FileField)):
                w.setText(display(value))

    def mark_clean(self) -> None:
        """What the fields hold now is the saved state (after filling dependent lists by code)."""
        self._initial = self.values()
        self.revalidate()

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    # --- validation -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """A field's error shows once the field is left (not while the first characters are typed)."""
        popup = Qt.FocusReason.PopupFocusReason  # a lookup's list opening: the field is not left
        if event.type() == QEvent.Type.FocusOut and event.reason() != popup:  # type: ignore[attr-defined]
            key = watched.property("form_key")
            if key and key not in self.shown:
                self.shown.add(str(key))
                self.revalidate()
        return super().eventFilter(watched, event)

    def show_all_errors(self) -> None:
        self.shown = {f.key for f in self.fields}
        self.revalidate()

    def _problem(self, f: Field, value: Any) -> str | None:
        w = self.widgets[f.key]
        try:
            if isinstance(w, DateField):
                p = w.problem()
                if p:
                    return p
                if f.required and value is None:
                    return "une date est attendue (jj/mm/aaaa)."
            elif f.kind == "decimal":
                v.decimal(value, f.label, required=f.required, minimum=f.minimum, maximum=f.maximum)
            elif f.kind in ("text", "multiline", "file"):
                v.text(value, f.label, required=f.required, max_len=f.max_len)
            elif f.kind == "lookup":
                refusal = problem(w)  # type: ignore[arg-type]
                if refusal:
                    return refusal
                if f.required and not value:
                    return "choisissez une valeur dans la liste."
            elif f.kind == "choice" and f.required and not value:
                return "choisissez une valeur dans la liste."
            elif f.kind == "checks" and f.required and not value:
                return "cochez au moins une case."
            if f.check is not None and value not in (None, "", []):
                f.check(value.strip() if isinstance(value, str) else value)
        except ValidationError as exc:
            return exc.reason
        return None

    def revalidate(self) -> bool:
        values = self.values()
        first: str | None = None
        missing: list[str] = []  # required fields still empty and not yet left: a hint, not an error
        for f in self.fields:
            problem = self._problem(f, values[f.key])
            # a list or boxes show their error once chosen; left empty, they are a hint like the others
            empty = values[f.key] in (None, "", [])
            visible = f.key in self.shown or (f.kind in ("choice", "bool", "checks") and not empty)
            self.errors[f.key].setText(problem if problem and visible else "")
            typed = f.kind == "lookup" and self.widgets[f.key].currentText().strip()  # type: ignore[attr-defined]
            if problem and not visible and values[f.key] in (None, "", []) and not typed:
                missing.append(f.label)
            elif problem and first is None:
                first = f"{f.label} : {problem}"
        if first is None and missing:
            hint = "Pour enregistrer, remplissez : " + ", ".join(missing) + "."
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(hint)
            self.reason.setStyleSheet(HINT_STYLE)
            self.reason.setText(hint)
            self._update_preview(values)
            return False
        if first is None and self._cross_check is not None:
            try:
                self._cross_check(values)
            except ValidationError as exc:
                first = exc.message
        self._update_preview(values)
        self.save_button.setEnabled(first is None and not self.saving)
        why = f"Enregistrement impossible — {first}" if first else ""
        self.save_button.setToolTip(why or "Enregistrer (Ctrl+S)")
        self.reason.setStyleSheet(ERROR_STYLE)
        self.reason.setText(why)
        return first is None

    def _update_preview(self, values: dict[str, Any]) -> None:
        if self._preview is not None:
            try:
                self.preview.setText(self._preview(values))
            except (ClauseDeskError, ArithmeticError, ValueError):
                self.preview.setText("")

    # --- saving and closing ---------------------------------------------------------------------
    def try_save(self) -> bool:
        """Check, then save; True when the values were handed to the save (saved, or being saved)."""
        if self.saving:
            return False
        for f in self.fields:
            if f.kind == "lookup":
                settle(self.widgets[f.key])  # type: ignore[arg-type]
        self.shown = {f.key for f in self.fields}
        if not self.revalidate():
            return False
        values = self.values()
        if self.runner is None:
            try:
                result = self._save(values)
            except Exception as exc:
                self._refused(exc)
                return False
            self._saved(result)
            return True
        self.saving = True
        self.save_button.setEnabled(False)
        self.reason.setStyleSheet(HINT_STYLE)
        self.reason.setText("Enregistrement…")
        save = self._save
        self.runner.submit(lambda progress: save(values), on_done=self._saved, on_error=self._refused,
                           owner=self, urgent=True)  # fmt: skip
        return True

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.result_value = result
        self._initial = self.values()
        self.reason.setText("")
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        """The store refused (its reason in place) or failed: nothing was written, the typing is kept."""
        self.saving = False
        self.revalidate()
        self.reason.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, ClauseDeskError):
            self.reason.setText(f"Enregistrement refusé : {exc.message}")
            return
        log.error("unexpected error while saving a form", exc_info=exc)
        self.reason.setText(
            "Une erreur inattendue a empêché l'enregistrement ; rien n'a été modifié. "
            "Votre saisie est conservée."
        )

    def reject(self) -> None:
        if self.saving:  # being saved: the form closes itself once the store has answered
            return
        if self.is_dirty():
            from clausedesk.ui.widgets.confirm import answer_of, discard_question

            if answer_of(discard_question(self)) != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        # Enter in a one-line field saves (when possible), as people expect in a form.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPlainTextEdit
        ):
            self.try_save()
            return
        super().keyPressEvent(event)


def open_form(
    ctx: Any,
    parent: QWidget | None,
    title: str,
    fields: list[Field],
    save: Callable[[dict[str, Any]], Any],
    *,
    kind: str,
    values: dict[str, Any] | None = None,
    on_saved: Callable[[Any], None] | None = None,
    **options: Any,
) -> FormDialog:
    """Open a form (window-modal, not blocking); after saving, announce `kind` changed and call back."""
    dialog = FormDialog(parent, title, fields, save, values, **options)
    dialog.runner = getattr(ctx.ops, "runner", None)  # saved on the worker, the window free meanwhile
    for f in fields:
        if f.kind == "lookup":
            attach_reference(ctx.ops, dialog.widgets[f.key], f.reference)  # type: ignore[arg-type]

    def _done() -> None:
        ctx.bus.changed.emit(kind)
        if on_saved is not None:
            on_saved(dialog.result_value)

    dialog.accepted.connect(_done)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

"""Declarative forms that validate as you type, say why saving is impossible, and guard unsaved edits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
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
from clausedesk.core.formatting import number
from clausedesk.ui.widgets.fields import CheckGroup, DateField, FileField

log = logging.getLogger("clausedesk.ui")

ERROR_STYLE = "color: #b00020;"


@dataclass
class Field:
    """One input of a form. `check(value)` raises ValidationError for a bad value (optional)."""

    key: str
    label: str
    kind: str = "text"  # text | multiline | date | decimal | choice | bool | checks | file
    file_filter: str = ""  # kind "file": the file dialog's filter, e.g. "Images (*.png *.jpg)"
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    check: Callable[[Any], Any] | None = None
    placeholder: str = ""
    tip: str = ""
    max_len: int = 300
    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number(value, 0 if value == value.to_integral_value() else 2).replace("\u202f", " ")
    return str(value)


class FormDialog(QDialog):
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
        self._cross_check = cross_check
        self._preview = preview
        self.result_value: Any = None
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        if intro:
            lab = QLabel(intro)
            lab.setWordWrap(True)
            outer.addWidget(lab)
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for f in fields:
            w = self._make(f)
            w.setObjectName(f"field_{f.key}")
            if f.tip:
                w.setToolTip(f.tip)
            self.widgets[f.key] = w
            label = QLabel(f.label + (" *" if f.required else ""))
            label.setBuddy(w)
            form.addRow(label, w)
            err = QLabel("")
            err.setObjectName(f"error_{f.key}")
            err.setStyleSheet(ERROR_STYLE)
            err.setWordWrap(True)
            err.hide()
            self.errors[f.key] = err
            form.addRow("", err)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
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
        outer.addWidget(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        if values:
            self.set_values(values)
        self._initial = self.values()
        self.revalidate()
        self.resize(560, min(120 + 58 * len(fields), 720))

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
            elif isinstance(w, QComboBox):
                i = w.findData(value)
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, CheckGroup):
                w.set_value(list(value or []))
            elif isinstance(w, (QLineEdit, FileField)):
                w.setText(_display(value))

    def mark_clean(self) -> None:
        """What the fields hold now is the saved state (after filling dependent lists by code)."""
        self._initial = self.values()
        self.revalidate()

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    # --- validation -----------------------------------------------------------------------------
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
        for f in self.fields:
            problem = self._problem(f, values[f.key])
            err = self.errors[f.key]
            err.setText(problem or "")
            err.setVisible(bool(problem))
            if problem and first is None:
                first = f"{f.label} : {problem}"
        if first is None and self._cross_check is not None:
            try:
                self._cross_check(values)
            except ValidationError as exc:
                first = exc.message
        if self._preview is not None:
            try:
                self.preview.setText(self._preview(values))
            except (ClauseDeskError, ArithmeticError, ValueError):
                self.preview.setText("")
        self.save_button.setEnabled(first is None)
        self.save_button.setToolTip(first or "")
        self.reason.setText(f"Enregistrement impossible — {first}" if first else "")
        return first is None

    # --- saving and closing ---------------------------------------------------------------------
    def try_save(self) -> bool:
        if not self.revalidate():
            return False
        try:
            self.result_value = self._save(self.values())
        except ClauseDeskError as exc:
            self.reason.setText(f"Enregistrement refusé : {exc.message}")
            return False
        except Exception:
            log.exception("unexpected error while saving a form")
            self.reason.setText(
                "Une erreur inattendue a empêché l'enregistrement ; rien n'a été modifié. "
                "Votre saisie est conservée."
            )
            return False
        self._initial = self.values()
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Modifications non enregistrées",
                "Vous avez modifié ce formulaire sans l'enregistrer. Abandonner ces modifications ?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
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

    def _done() -> None:
        ctx.bus.changed.emit(kind)
        if on_saved is not None:
            on_saved(dialog.result_value)

    dialog.accepted.connect(_done)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

"""Settings: one form for the organisation and territory settings, one tab per reference table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import number
from clausedesk.core.services import browsing, reference_edit
from clausedesk.core.settings import SETTINGS
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.form import Field, FormDialog, open_form
from clausedesk.ui.widgets.refresh import RefreshWhenShown
from clausedesk.ui.widgets.tables import SmallTable

SORTIE_LABELS = [
    ("emploi_durable", "Emploi durable"), ("emploi_transition", "Emploi de transition"),
    ("sortie_positive", "Sortie positive"), ("autre", "Autre"),
]  # fmt: skip

TABLES = [
    ("categories", "Publics", ["Code", "Libellé", "Donnée sensible", "Avis motivé", "Actif"]),
    ("contract_types", "Types de contrat", ["Code", "Libellé", "Actif"]),
    ("outcomes", "Situations et sorties", ["Code", "Libellé", "Catégorie de sortie", "Actif"]),
    ("trades", "Corps d'état", ["Code", "Libellé", "Part main-d'œuvre", "Actif"]),
    ("structures", "Règles par structure",
     ["Structure", "Libellé", "Modalités", "Types de contrat", "Actif"]),  # fmt: skip
]


def _yes(b: bool) -> str:
    return "oui" if b else "non"


def _cells(table: str, r: Any) -> list[str]:
    if table == "categories":
        return [r.code, r.label, _yes(r.sensitive), _yes(r.requires_reason), _yes(r.active)]
    if table == "outcomes":
        return [
            r.code,
            r.label,
            dict(SORTIE_LABELS).get(r.sortie_category, r.sortie_category),
            _yes(r.active),
        ]
    if table == "trades":
        return [r.code, r.label, f"{number(r.labour_share_pct)} %", _yes(r.active)]
    if table == "structures":
        return [r.code, r.label, r.modalities, r.contract_types, _yes(r.active)]
    return [r.code, r.label, _yes(r.active)]


def _fields(table: str) -> list[Field]:
    fields = [
        Field("code", "Code", required=True, max_len=40),
        Field("label", "Libellé", required=True, max_len=200),
    ]
    if table == "categories":
        fields += [
            Field("sensitive", "Donnée sensible (santé : jamais exportée par personne)", "bool"),
            Field("requires_reason", "Exige un avis motivé (validateur et motif)", "bool"),
        ]
    elif table == "outcomes":
        fields.append(
            Field("sortie_category", "Catégorie de sortie", "choice", required=True, choices=SORTIE_LABELS)
        )
    elif table == "trades":
        fields.append(
            Field("labour_share_pct", "Part main-d'œuvre (%)", "decimal", required=True, maximum=Decimal(100))
        )
    elif table == "structures":
        fields[0] = Field("code", "Type de structure (code)", required=True, max_len=40,
                          tip="entreprise, ei, aci, ai, etti, eiti, geiq, ea ou esat")  # fmt: skip
        fields += [
            Field("modalities", "Modalités possibles (codes séparés par des virgules)", required=True,
                  max_len=400, tip="embauche_directe, mise_a_disposition, sous_traitance, formation"),
            Field("contract_types", "Types de contrat possibles (codes séparés par des virgules)",
                  required=True, max_len=1000, tip="codes de l'onglet « Types de contrat »"),
        ]  # fmt: skip
    fields.append(Field("active", "Actif (proposé dans les listes)", "bool"))
    return fields


LOGO_FILTER = "Images PNG ou JPEG (*.png *.jpg *.jpeg)"


def _check_logo(path: str) -> None:
    p = Path(path)
    if p.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise ValidationError("Logo", "choisissez une image PNG ou JPEG (fichier .png, .jpg ou .jpeg).")
    if not p.is_file():
        raise ValidationError("Logo", f"fichier {path} introuvable : choisissez-le avec « Parcourir… ».")


def settings_form(ctx: UiContext, parent: QWidget) -> FormDialog:
    current = ctx.ops.call(browsing.all_settings)
    fields = []
    for spec in SETTINGS:

        def check(raw: Any, spec: Any = spec) -> None:
            spec.parse(str(raw))

        if spec.key == "organisation_logo":
            fields.append(Field(spec.key, "Logo (image PNG ou JPEG)", "file", check=_check_logo,
                                file_filter=LOGO_FILTER, max_len=1000,
                                tip="Imprimé en tête des tableaux de bord et bilans"))  # fmt: skip
            continue
        kind = "multiline" if spec.key == "organisation_address" else "text"
        fields.append(Field(spec.key, spec.label, kind, required=spec.kind is not str, check=check))
    values = {k: (number(v, 2) if isinstance(v, Decimal) else str(v)) for k, v in current.items()}

    def save(v: dict[str, Any]) -> None:
        ctx.ops.call(lambda s: reference_edit.save_settings(s, {k: str(x) for k, x in v.items()}))

    return open_form(ctx, parent, "Paramètres", fields, save, kind="settings", values=values)


class SettingsScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: Any = None
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        edit = QPushButton("Modifier les paramètres…")
        edit.setObjectName("edit_settings")
        edit.clicked.connect(lambda: setattr(self, "dialog", settings_form(ctx, self)))
        top.addWidget(edit)
        box.addLayout(top)
        self.tabs = QTabWidget()
        self.tables: dict[str, SmallTable] = {}
        for key, title, headers in TABLES:
            page = QWidget()
            pbox = QVBoxLayout(page)
            bar = QHBoxLayout()
            for text, name, slot in (
                ("Ajouter", f"add_{key}", lambda _c=False, k=key: self.edit_row(k, None)),
                (
                    "Modifier",
                    f"edit_{key}",
                    lambda _c=False, k=key: self.edit_row(k, self.tables[k].current_key()),
                ),
            ):
                b = QPushButton(text)
                b.setObjectName(name)
                b.clicked.connect(slot)
                bar.addWidget(b)
            bar.addStretch(1)
            pbox.addLayout(bar)
            table = SmallTable(headers)
            table.setObjectName(f"table_{key}")
            table.opened.connect(lambda code, k=key: self.edit_row(k, code))
            self.tables[key] = table
            pbox.addWidget(table, 1)
            self.tabs.addTab(page, title)
        box.addWidget(self.tabs, 1)
        self.loading = False
        self._refresh = RefreshWhenShown(self, self.refresh)
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, kind: str) -> None:
        if kind in ("settings", "reference", "demo"):
            self._refresh.request()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._refresh.shown()

    def refresh(self) -> None:
        """Read the settings and the reference tables in the background, then show them."""
        self.loading = True

        def read(s: Any) -> tuple[dict[str, Any], dict[str, list[Any]]]:
            return browsing.all_settings(s), {key: reference_edit.rows(s, key) for key, _t, _h in TABLES}

        self.ctx.ops.read(self, read, self._show, latest="settings")

    def _show(self, read: tuple[dict[str, Any], dict[str, list[Any]]]) -> None:
        self.loading = False
        current, data = read
        lines = []
        for spec in SETTINGS:
            value = current[spec.key]
            shown = number(value, 2) if isinstance(value, Decimal) else str(value)
            lines.append(
                f"<tr><td style='color:#555;padding-right:12px'>{spec.label}</td><td>{shown or '—'}</td></tr>"
            )
        self.summary.setText(f"<h2>Paramètres</h2><table>{''.join(lines)}</table>")
        for key, table in self.tables.items():
            table.set_rows([_cells(key, r) for r in data[key]], [r.code for r in data[key]])

    def edit_row(self, table: str, code: str | None) -> None:
        values: dict[str, Any] = {"active": True}
        if code:
            keys = [f.key for f in _fields(table)]

            def read(s: Any) -> dict[str, Any]:
                row = next(r for r in reference_edit.rows(s, table) if r.code == code)
                return {key: getattr(row, key) for key in keys}

            values = self.ctx.ops.call(read)

        def save(v: dict[str, Any]) -> str:
            return self.ctx.ops.call(
                lambda s: str(reference_edit.save_row(s, table, v, code).code)  # type: ignore[attr-defined]
            )

        self.dialog = open_form(
            self.ctx, self, "Table de référence", _fields(table), save, kind="reference", values=values
        )

"""Facilitator mode of the synchronisation screen: identity boxes, what will be sent, the package, history."""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import month_label, number, plural
from clausedesk.sync import consolidation, overview, package, setup
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import common, jobs
from clausedesk.ui.sync.common import RowsModel, local_datetime, note, of_month, table_view
from clausedesk.ui.sync.directory_box import DirectoryBox
from clausedesk.ui.sync.identity import IdentityBoxes
from clausedesk.ui.sync.passphrase import ask_passphrase
from clausedesk.ui.sync.preview import PreviewBox
from clausedesk.ui.tasks import Cancelled
from clausedesk.ui.widgets.month import MonthField


class FacilitatorPanel(QWidget):
    """What a facilitator sees; `became_coordinator` when the folder is made a coordinator's."""

    became_coordinator = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.files = common.FileChooser(self)
        self.status: overview.FacilitatorStatus | None = None
        self.last_built: package.BuiltPackage | None = None
        self.identity = IdentityBoxes(ctx, self.files)
        # -- the month's package
        self.month = MonthField(consolidation.previous_month(date.today()))  # as on every screen
        self.month.setObjectName("mois")
        self.refresh_button = QPushButton("Actualiser")
        self.package_button = QPushButton("Préparer le paquet du mois…")
        self.package_button.setObjectName("preparer")
        self.package_button.setDefault(True)
        self.preview = PreviewBox()
        self.result = note("resultat")
        self.result.setStyleSheet("color: #1b5e20;")
        pkg_box = QGroupBox("Paquet du mois pour le coordinateur")
        pkg_layout = QVBoxLayout(pkg_box)
        line = QHBoxLayout()
        for widget in (QLabel("Mois :"), self.month, self.refresh_button, self.package_button):
            line.addWidget(widget)
        line.addStretch(1)
        pkg_layout.addLayout(line)
        pkg_layout.addWidget(self.preview, 1)
        pkg_layout.addWidget(self.result)
        # -- history
        self.history_model = RowsModel(
            ["N°", "Mois", "Préparé le", "Enregistrements", "Fichier", "Empreinte du manifeste (SHA-256)"],
            [0, 3],
        )
        self.history = table_view(self.history_model, "historique")
        hist_box = QGroupBox("Paquets préparés")
        QVBoxLayout(hist_box).addWidget(self.history)
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addWidget(pkg_box, 3)
        layout.addWidget(hist_box, 2)
        self.directory = DirectoryBox(ctx)
        layout.addWidget(self.directory, 2)
        self.identity.changed.connect(self._identity_changed)
        self.identity.message.connect(self.result.setText)
        self.identity.became_coordinator.connect(self.became_coordinator)
        self.refresh_button.clicked.connect(self.refresh_preview)
        self.month.month_changed.connect(lambda _m: self.refresh_preview())
        self.package_button.clicked.connect(self.build_package)
        self._stale = True
        self.state_loading = self._preview_after_state = False
        ctx.bus.changed.connect(self._data_changed)
        self.reload()

    # -- state -----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the key, trust and history in the background; then the preview, if it waits for them."""
        paths = self.ctx.paths
        self.state_loading = True

        def read(sessions: Any) -> tuple[overview.FacilitatorStatus, list[overview.SentRow]]:
            return overview.facilitator_status(paths, sessions), overview.sent_history(sessions)

        show = self._show_state
        self.ctx.ops.read_sessions(self, read, lambda found: show(*found), latest="state", busy=False)

    def _show_state(self, status: overview.FacilitatorStatus, history: list[overview.SentRow]) -> None:
        self.status = status
        self.state_loading = False
        self.identity.show_status(status)
        self.package_button.setEnabled(status.ready)
        rows, tips = [], []
        for sent in history:
            digest = sent.manifest_sha256
            rows.append([str(sent.sequence), month_label(sent.period), local_datetime(sent.created_at),
                         number(sent.record_count), sent.file_name, f"{digest[:16]}…"])  # fmt: skip
            tips.append(["", "", "", "", "", digest])
        self.history_model.set_rows(rows, tips=tips)
        self.directory.reload(status.key_id)
        if self._preview_after_state or (self._stale and self.isVisible()):
            self._preview_after_state = False
            self.refresh_preview()

    def _identity_changed(self) -> None:
        self._preview_after_state = True  # the preview follows once the new state is read
        self.reload()

    def _data_changed(self, _kind: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh_preview()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh_preview()

    def _period(self) -> str | None:
        return self.month.month

    def refresh_preview(self) -> None:
        status = self.status
        if status is None:
            self._stale = True  # computed once the key and trust are read
            return
        if not status.ready:
            self._stale = False
            self.preview.show_error(_missing(status))
            return
        period = self._period()
        if period is None:
            return
        self._stale = False
        self.preview.waiting(period)
        self.ctx.ops.task(self, "Calcul du contenu du paquet…", jobs.preview, period,
                 on_done=self._preview_done, on_error=self._preview_failed, show_progress=False)  # fmt: skip

    def _preview_done(self, result: overview.Preview) -> None:
        if shiboken6.isValid(self):
            self.preview.show_preview(result)

    def _preview_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.preview.show_error(exc.message if isinstance(exc, ClauseDeskError) else str(exc))

    # -- actions ---------------------------------------------------------------------------------
    def build_package(self) -> None:
        period = self._period()
        status = self.status
        if period is None or status is None or not status.ready:
            return
        path = self.files.save(
            f"Enregistrer le paquet {of_month(period)}", f"paquet_{period}_{status.key_id}.cdpkg",
            "Paquet ClauseDesk (*.cdpkg)",
        )  # fmt: skip
        if path is None:
            return
        identity = ask_passphrase(
            self, "Signer le paquet",
            f"Le paquet {of_month(period)} va être signé avec votre clé. Saisissez sa phrase de passe.",
            lambda phrase: setup.unlock(self.ctx.paths, phrase),
        )  # fmt: skip
        if identity is None:
            return
        self.result.clear()
        title = f"Préparation du paquet {of_month(period)}…"
        self.ctx.ops.task(self, title, jobs.build_package, identity, period, path,
                 on_done=self._built, on_error=self._build_failed)  # fmt: skip

    def _built(self, built: package.BuiltPackage) -> None:
        if not shiboken6.isValid(self):
            return
        self.last_built = built
        self.reload()
        self.result.setText(
            f"Paquet n° {built.sequence} ({month_label(built.period)}) enregistré : {built.path} — "
            f"{plural(built.record_count, 'enregistrement', 'enregistrements')}. Envoyez ce fichier au "
            "coordinateur (courriel ou clé USB) : il est chiffré pour lui seul."
        )
        self.refresh_preview()

    def _build_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.reload()
        if isinstance(exc, ClauseDeskError):
            QMessageBox.warning(self, "ClauseDesk", exc.message)
        elif not isinstance(exc, Cancelled):
            common.unexpected(self, exc)


def _missing(status: overview.FacilitatorStatus) -> str:
    """What the facilitator must still do before preparing a package."""
    if not status.has_key:
        return "Pour préparer un paquet, créez d'abord votre clé (« Créer ma clé… »)."
    if status.coordinator_key_id is None:
        return (
            "Pour préparer un paquet, enregistrez la clé publique de votre coordinateur "
            "(« Enregistrer la clé du coordinateur… »)."
        )
    return "Pour préparer un paquet, importez le référentiel départemental (« Importer le référentiel… »)."

"""Coordinator mode, first tab: own key, referential, enrolled facilitators (who is late), package import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import month_label, number, plural
from clausedesk.sync import importer, keys, overview, setup
from clausedesk.sync.errors import os_reason
from clausedesk.ui.context import UiContext
from clausedesk.ui.feedback import tell
from clausedesk.ui.sync import common, jobs
from clausedesk.ui.sync.common import RowsModel, local_date, note, of_month, table_view
from clausedesk.ui.sync.enroll import EnrollDialog
from clausedesk.ui.sync.passphrase import ask_passphrase
from clausedesk.ui.tasks import Cancelled

#: French word of each import status, as the results table shows it.
STATUS_LABELS = {
    "merged": "intégré",
    "duplicate": "déjà reçu",
    "held": "mis en attente",
    "rejected": "refusé",
}


class CoordinatorPanel(QWidget):
    """`imported` after packages were imported (the indicators tab reloads)."""

    imported = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.files = common.FileChooser(self)
        self.status: overview.CoordinatorStatus | None = None
        self.results: list[importer.ImportResult] = []
        # -- key and referential
        self.fingerprint = common.fingerprint_label("empreinte")
        self.key_info = note("cle_info")
        self.export_key_button = QPushButton("Exporter la clé publique du coordinateur…")
        self.department = QLineEdit()
        self.department.setObjectName("departement")
        self.department.setPlaceholderText("ex. : Seine-Saint-Denis (93)")
        self.publish_button = QPushButton("Publier le référentiel…")
        self.referential_info = note("referentiel_info")
        key_box = QGroupBox("Clé du coordinateur")
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(QLabel("Empreinte (à lire aux facilitateurs par téléphone) :"))
        key_layout.addWidget(self.fingerprint)
        key_layout.addWidget(self.key_info)
        key_layout.addWidget(self.export_key_button)
        ref_box = QGroupBox("Référentiel départemental")
        ref_layout = QVBoxLayout(ref_box)
        line = QHBoxLayout()
        line.addWidget(QLabel("Département :"))
        line.addWidget(self.department, 1)
        ref_layout.addLayout(line)
        ref_layout.addWidget(self.referential_info)
        ref_layout.addWidget(self.publish_button)
        top = QHBoxLayout()
        top.addWidget(key_box, 1)
        top.addWidget(ref_box, 1)
        # -- facilitators
        self.expected = note("mois_attendu")
        self.facilitators_model = RowsModel(
            ["Facilitateur", "Clé", "Empreinte", "Inscrit le", "Dernier paquet", "Dernier mois reçu",
             "En attente", "État"], [4, 6],
        )  # fmt: skip
        self.facilitators = table_view(self.facilitators_model, "facilitateurs")
        self.enroll_button = QPushButton("Inscrire un facilitateur…")
        self.revoke_button = QPushButton("Révoquer la clé…")
        fac_box = QGroupBox("Facilitateurs du département")
        fac_layout = QVBoxLayout(fac_box)
        fac_layout.addWidget(self.expected)
        fac_layout.addWidget(self.facilitators, 1)
        line = QHBoxLayout()
        line.addWidget(self.enroll_button)
        line.addWidget(self.revoke_button)
        line.addStretch(1)
        fac_layout.addLayout(line)
        # -- import
        self.import_button = QPushButton("Importer des paquets…")
        self.import_button.setObjectName("importer")
        self.import_button.setDefault(True)
        self.summary = note("import_resume")
        self.results_model = RowsModel(["Fichier", "Résultat", "Facilitateur", "N°", "Mois", "Motif"], [3])
        self.results_view = table_view(self.results_model, "resultats")
        imp_box = QGroupBox("Import des paquets mensuels")
        imp_layout = QVBoxLayout(imp_box)
        line = QHBoxLayout()
        line.addWidget(self.import_button)
        line.addWidget(self.summary, 1)
        imp_layout.addLayout(line)
        imp_layout.addWidget(self.results_view, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(fac_box, 3)
        layout.addWidget(imp_box, 2)
        self.export_key_button.clicked.connect(self.export_key)
        self.publish_button.clicked.connect(self.publish)
        self.enroll_button.clicked.connect(self.enroll)
        self.revoke_button.clicked.connect(self.revoke)
        self.import_button.clicked.connect(self.import_packages)
        self.reload()

    def reload(self) -> None:
        status = self.status = self.ctx.ops.call_sessions(
            lambda sessions: overview.coordinator_status(self.ctx.paths, sessions, date.today())
        )
        self.fingerprint.setText(status.fingerprint or "—")
        self.key_info.setText(f"Identifiant de clé : {status.key_id or '—'}")
        if not self.department.text():
            self.department.setText(status.department)
        if status.referential_version:
            self.referential_info.setText(
                f"Dernière version publiée : {status.referential_version}. Republiez-le après chaque "
                "inscription ou révocation, et transmettez-le comme un mot de passe (il contient le secret "
                "départemental)."
            )
        else:
            self.referential_info.setText("Référentiel jamais publié : les facilitateurs en ont besoin.")
        self.expected.setText(f"Chaque facilitateur doit avoir envoyé le paquet {of_month(status.expected)}.")
        rows, keys_, tips = [], [], []
        for f in status.facilitators:
            if f.revoked_at is not None:
                state = f"révoquée le {local_date(f.revoked_at)}"
            elif f.late:
                state = "EN RETARD"
            else:
                state = "à jour"
            rows.append([f.name, f.key_id, f.fingerprint, local_date(f.enrolled_at),
                         str(f.last_sequence) if f.last_sequence else "—",
                         month_label(f.last_period) if f.last_period else "aucun",
                         number(f.held) if f.held else "", state])  # fmt: skip
            keys_.append(f.key_id)
            held_tip = (
                "Paquets reçus après un paquet manquant : intégrés dès qu'il arrivera." if f.held else ""
            )
            tips.append(["", "", "", "", "", "", held_tip, ""])
        self.facilitators_model.set_rows(rows, keys_, tips)

    # -- key and referential ---------------------------------------------------------------------
    def export_key(self) -> None:
        bundle = setup.public_bundle(self.ctx.paths)
        if bundle is None:
            return
        path = self.files.save("Exporter la clé publique", "coordinateur.pub", "Clé publique (*.pub)")
        if path is None:
            return
        try:
            keys.write_atomic(path, keys.format_public_bundle(bundle).encode("ascii"))
        except OSError as exc:
            QMessageBox.warning(self, "ClauseDesk", f"Impossible d'écrire {path} : {os_reason(exc)}.")
            return
        self.summary.setText(f"Clé publique écrite : {path}. Transmettez-la aux facilitateurs.")

    def _unlock(self, why: str) -> keys.Identity | None:
        identity: keys.Identity | None = ask_passphrase(
            self, "Clés du coordinateur", f"{why} Saisissez la phrase de passe des clés du coordinateur.",
            lambda phrase: setup.unlock(self.ctx.paths, phrase),
        )  # fmt: skip
        return identity

    def publish(self) -> None:
        path = self.files.save("Publier le référentiel", "referentiel.cdref", "Référentiel (*.cdref)")
        if path is None:
            return
        identity = self._unlock("Le référentiel va être signé.")
        if identity is None:
            return
        department = self.department.text().strip()
        self.ctx.ops.task(self, "Publication du référentiel…", jobs.publish_referential, identity, path,
                          department, on_done=lambda v: self._published(v, path))  # fmt: skip

    def _published(self, version: int, path: Path) -> None:
        if shiboken6.isValid(self):
            self.reload()
            self.summary.setText(f"Référentiel version {version} écrit : {path}.")

    # -- facilitators ----------------------------------------------------------------------------
    def enroll(self) -> None:
        path = self.files.open("Clé publique du facilitateur", "Clé publique (*.pub);;Tous les fichiers (*)")
        if path is None:
            return
        try:
            bundle = keys.read_public_bundle(path)
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "ClauseDesk", exc.message)
            return
        dialog = EnrollDialog(self, self.ctx, path, bundle)
        accepted = dialog.exec() == EnrollDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.reload()
            self.summary.setText(f"{dialog.enrolled_name} inscrit. Pensez à republier le référentiel.")

    def revoke(self) -> None:
        key_id = common.selected_key(self.facilitators)
        if key_id is None:
            tell(self, "Choisissez d'abord dans la liste le facilitateur dont la clé est à révoquer.")
            return
        answer = QMessageBox.question(
            self, "Révoquer la clé",
            f"Révoquer la clé {key_id} ?\n\nSes paquets déjà intégrés restent ; les suivants seront refusés. "
            "Une clé révoquée ne peut pas être réinscrite : le facilitateur devra créer une nouvelle clé.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            name = self.ctx.ops.call_sessions(lambda sessions: overview.revoke(sessions, key_id))
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "ClauseDesk", exc.message)
            return
        self.reload()
        self.summary.setText(f"Clé de {name} révoquée. Pensez à republier le référentiel.")

    # -- import ----------------------------------------------------------------------------------
    def import_packages(self) -> None:
        files = self.files.open_many("Paquets mensuels à importer", "Paquets ClauseDesk (*.cdpkg);;Tous (*)")
        if not files:
            return
        identity = self._unlock("Les paquets vont être déchiffrés.")
        if identity is None:
            return
        self.summary.clear()
        self.ctx.ops.task(self, "Import des paquets…", jobs.import_packages, identity, files,
                 on_done=self._imported, on_error=self._import_failed)  # fmt: skip

    def _imported(self, results: list[importer.ImportResult]) -> None:
        if not shiboken6.isValid(self):
            return
        self.results = results
        rows, tips = [], []
        for r in results:
            month = month_label(r.period) if r.period else ""
            rows.append([Path(r.file).name, STATUS_LABELS.get(r.status, r.status), r.facilitator or "",
                         str(r.sequence or ""), month, _reason(r)])  # fmt: skip
            tips.append([r.file, "", "", "", "", r.reason or ""])
        self.results_model.set_rows(rows, tips=tips)
        counts = {s: sum(1 for r in results if r.status == s) for s in STATUS_LABELS}
        parts = [f"{counts[s]} {label}" for s, label in STATUS_LABELS.items() if counts[s]]
        self.summary.setText(f"{plural(len(results), 'fichier', 'fichiers')} : " + ", ".join(parts) + ".")
        self.reload()
        self.imported.emit()
        self.ctx.bus.changed.emit("coordinator")

    def _import_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.reload()
        self.imported.emit()
        if isinstance(exc, Cancelled):
            self.summary.setText("Import interrompu : les paquets déjà traités restent intégrés.")
        elif isinstance(exc, ClauseDeskError):
            QMessageBox.warning(self, "ClauseDesk", exc.message)
        else:
            common.unexpected(self, exc)


def _reason(result: importer.ImportResult) -> str:
    if result.reason:
        return result.reason
    if result.released:
        return "paquets en attente intégrés à la suite : n° " + ", ".join(map(str, result.released))
    if result.status == "held":
        return "un paquet précédent manque : celui-ci sera intégré dès son arrivée"
    if result.status == "duplicate":
        return "déjà importé : rien n'a changé"
    return plural(result.records, "enregistrement", "enregistrements")

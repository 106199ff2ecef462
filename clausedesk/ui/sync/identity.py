"""The facilitator's identity boxes: own key (fingerprint, creation, export), coordinator and referential."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import plural
from clausedesk.sync import keys, overview, referential, setup
from clausedesk.sync.errors import os_reason
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import common
from clausedesk.ui.sync.common import FileChooser, local_date, note
from clausedesk.ui.sync.passphrase import ask_passphrase
from clausedesk.ui.widgets.confirm import YES, answer_of, question_box

KEY_FILTER = "Clé publique (*.pub);;Tous les fichiers (*)"


def coordinator_question(parent: QWidget | None) -> QMessageBox:
    """Irreversible: « Non » is the default button."""
    return question_box(
        parent, "Dossier du coordinateur",
        "Faire de ce dossier de données celui du coordinateur départemental\u00a0?\n\n"
        "Le coordinateur ne prépare pas de paquets : il reçoit ceux des facilitateurs et consolide "
        "le département. Ce choix est définitif pour ce dossier.",
    )  # fmt: skip


class IdentityBoxes(QWidget):
    """`changed` after a key, coordinator or referential was recorded; `message(text)` to tell the user."""

    changed = Signal()
    message = Signal(str)
    became_coordinator = Signal()

    def __init__(self, ctx: UiContext, files: FileChooser) -> None:
        super().__init__()
        self.ctx, self.files = ctx, files
        self.status: overview.FacilitatorStatus | None = None
        # -- my key
        self.fingerprint = common.fingerprint_label("empreinte")
        self.key_info = note("cle_info")
        self.create_key_button = QPushButton("Créer ma clé…")
        self.export_key_button = QPushButton("Exporter ma clé publique…")
        self.coordinator_button = QPushButton("Ce poste est celui du coordinateur départemental…")
        self.coordinator_button.setFlat(True)
        self.coordinator_button.setStyleSheet("color: #4a6785; text-decoration: underline;")
        key_box = QGroupBox("Ma clé de signature")
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(QLabel("Empreinte (à lire au coordinateur par téléphone) :"))
        key_layout.addWidget(self.fingerprint)
        key_layout.addWidget(self.key_info)
        row = QHBoxLayout()
        row.addWidget(self.create_key_button)
        row.addWidget(self.export_key_button)
        row.addStretch(1)
        key_layout.addLayout(row)
        key_layout.addWidget(self.coordinator_button)
        key_layout.addStretch(1)
        # -- coordinator and referential
        self.coordinator_info = note("coordinateur_info")
        self.trust_button = QPushButton("Enregistrer la clé du coordinateur…")
        self.referential_info = note("referentiel_info")
        self.referential_button = QPushButton("Importer le référentiel…")
        dept_box = QGroupBox("Coordinateur départemental")
        dept_layout = QVBoxLayout(dept_box)
        dept_layout.addWidget(self.coordinator_info)
        dept_layout.addWidget(self.trust_button)
        dept_layout.addWidget(self.referential_info)
        dept_layout.addWidget(self.referential_button)
        dept_layout.addStretch(1)
        top = QHBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(key_box, 1)
        top.addWidget(dept_box, 1)
        self.create_key_button.clicked.connect(self.create_key)
        self.export_key_button.clicked.connect(self.export_key)
        self.coordinator_button.clicked.connect(self.make_coordinator)
        self.trust_button.clicked.connect(self.trust_coordinator)
        self.referential_button.clicked.connect(self.import_referential)

    def show_status(self, status: overview.FacilitatorStatus) -> None:
        self.status = status
        if status.has_key:
            self.fingerprint.setText(status.fingerprint or "")
            self.key_info.setText(f"Identifiant de clé : {status.key_id}")
        else:
            self.fingerprint.setText("—")
            self.key_info.setText(
                "Aucune clé sur ce poste. Créez-la : elle signe vos paquets mensuels, pour que le "
                "coordinateur sache qu'ils viennent bien de vous."
            )
        self.create_key_button.setVisible(not status.has_key)
        self.coordinator_button.setVisible(not status.has_key)
        self.export_key_button.setEnabled(status.has_key)
        if status.coordinator_key_id:
            self.coordinator_info.setText(
                f"Coordinateur enregistré le {local_date(status.trusted_at)} : "
                f"clé {status.coordinator_key_id}, empreinte {status.coordinator_fingerprint}."
            )
            self.trust_button.setText("Remplacer la clé du coordinateur…")
        else:
            self.coordinator_info.setText("Aucun coordinateur enregistré : demandez-lui sa clé publique.")
            self.trust_button.setText("Enregistrer la clé du coordinateur…")
        if status.referential_version:
            where = f" ({status.department})" if status.department else ""
            self.referential_info.setText(
                f"Référentiel départemental version {status.referential_version}{where}, "
                f"importé le {local_date(status.referential_at)}."
            )
        else:
            self.referential_info.setText(
                "Référentiel départemental non importé : il est nécessaire pour préparer un paquet."
            )
        self.referential_button.setEnabled(status.coordinator_key_id is not None)

    # -- actions ---------------------------------------------------------------------------------
    def create_key(self) -> None:
        identity = ask_passphrase(
            self, "Créer ma clé",
            "Votre clé de signature est gardée chiffrée sur ce poste. Choisissez une phrase de passe : elle "
            "vous sera demandée à chaque paquet. Sans elle, la clé est inutilisable.",
            lambda phrase: setup.init_facilitator(self.ctx.paths, phrase), confirm=True,
        )  # fmt: skip
        if identity is not None:
            self.changed.emit()
            self.message.emit(
                "Clé créée. Exportez votre clé publique et envoyez-la au coordinateur, puis lisez-lui "
                "votre empreinte par téléphone."
            )

    def make_coordinator(self) -> None:
        if answer_of(coordinator_question(self)) != YES:
            return
        identity = ask_passphrase(
            self, "Clés du coordinateur",
            "Choisissez la phrase de passe qui protégera les clés du coordinateur (signature du référentiel "
            "et déchiffrement des paquets).",
            lambda phrase: self.ctx.ops.call_sessions(
                lambda sessions: setup.init_coordinator(self.ctx.paths, sessions, phrase)
            ),
            confirm=True,
        )  # fmt: skip
        if identity is not None:
            self.became_coordinator.emit()

    def export_key(self) -> None:
        status = self.status
        if status is None or not status.has_key:
            return
        path = self.files.save("Exporter ma clé publique", f"facilitateur_{status.key_id}.pub", KEY_FILTER)
        if path is None:
            return
        bundle = setup.public_bundle(self.ctx.paths)
        assert bundle is not None
        try:
            keys.write_atomic(path, keys.format_public_bundle(bundle).encode("ascii"))
        except OSError as exc:
            QMessageBox.warning(self, "ClauseDesk", f"Impossible d'écrire {path} : {os_reason(exc)}.")
            return
        self.message.emit(
            f"Clé publique écrite : {path}. Envoyez ce fichier au coordinateur et lisez-lui votre empreinte "
            f"({bundle.fingerprint}) par téléphone."
        )

    def trust_coordinator(self) -> None:
        path = self.files.open("Clé publique du coordinateur", KEY_FILTER)
        if path is None:
            return
        try:
            bundle = keys.read_public_bundle(path)
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "ClauseDesk", exc.message)
            return
        answer = QMessageBox.question(
            self, "Vérifier l'empreinte du coordinateur",
            f"Empreinte de cette clé :\n\n{bundle.fingerprint}\n\n"
            "Appelez votre coordinateur et vérifiez qu'il lit la même empreinte sur son écran. "
            "Enregistrer cette clé ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.ops.call_sessions(lambda sessions: setup.trust_coordinator(sessions, path))
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "ClauseDesk", exc.message)
            return
        self.changed.emit()
        self.message.emit(f"Coordinateur enregistré (clé {bundle.signing.key_id_hex}).")

    def import_referential(self) -> None:
        path = self.files.open("Référentiel départemental", "Référentiel (*.cdref);;Tous les fichiers (*)")
        if path is None:
            return
        try:
            imported = self.ctx.ops.call_sessions(
                lambda sessions: referential.import_referential(sessions, path)
            )
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "ClauseDesk", exc.message)
            return
        except OSError as exc:
            QMessageBox.warning(self, "ClauseDesk", f"Impossible de lire {path} : {os_reason(exc)}.")
            return
        self.changed.emit()
        self.message.emit(
            f"Référentiel version {imported.version} importé "
            f"({plural(imported.facilitators, 'facilitateur', 'facilitateurs')} dans l'annuaire)."
        )

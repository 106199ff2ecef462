"""The errors of synchronisation: a refused package (naming the failed check) and an unusable key store."""

from __future__ import annotations

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.oserrors import os_reason as os_reason  # re-exported for the sync modules

#: Machine name of each check of a package → its French label, as shown to the user.
CHECK_LABELS: dict[str, str] = {
    "size": "taille",
    "archive": "structure de l'archive",
    "decrypt": "déchiffrement",
    "signature": "signature",
    "key": "clé du signataire",
    "recipient": "destinataire",
    "sequence": "numéro de séquence",
    "chain": "chaînage des paquets",
    "hash": "empreinte des fichiers",
    "schema": "format des données",
    "content": "contenu des enregistrements",
    "owner": "propriétaire des enregistrements",
}


class PackageError(ClauseDeskError):
    """A package (or signature, or public key) refused by one check.

    `check` is the machine name of the failed check (a key of `CHECK_LABELS`, e.g. "signature");
    `detail` is the French explanation; the message names the check and gives the detail.
    """

    def __init__(self, check: str, detail: str) -> None:
        label = CHECK_LABELS.get(check, check)
        super().__init__(f"Paquet refusé — contrôle « {label} » : {detail}")
        self.check = check
        self.detail = detail


class IdentityError(ClauseDeskError):
    """The local keys cannot be created or unlocked (wrong passphrase, missing or damaged file...)."""

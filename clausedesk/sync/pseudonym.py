"""Keyed pseudonyms of people: HMAC-SHA256 of the normalised name and birth date under the department secret.

Two facilitators who follow the same person compute the same pseudonym, so the coordinator counts
that person once; without the secret nobody can test a guessed name against a pseudonym.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from datetime import date

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.people import normalise_name

SECRET_SIZE = 32
_DOMAIN = b"ClauseDesk pseudonym v1\x00"


def new_secret() -> str:
    """A fresh department secret (32 random bytes, base64)."""
    return base64.b64encode(os.urandom(SECRET_SIZE)).decode("ascii")


def secret_bytes(secret_b64: str) -> bytes:
    """Decode a department secret; ValidationError when it is not 32 bytes of base64."""
    try:
        raw = base64.b64decode(secret_b64, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != SECRET_SIZE:
        raise ValidationError("Secret départemental", "illisible : réimportez le référentiel du coordinateur")
    return raw


def pseudonym(secret: bytes, last_name: str, first_name: str, birth: date | None) -> str:
    """64 hex digits; equal for "Éloïse D'Aubigné" and "eloise d aubigne" born the same day."""
    message = "|".join(
        (normalise_name(last_name), normalise_name(first_name), "" if birth is None else birth.isoformat())
    ).encode("utf-8")
    return hmac.new(secret, _DOMAIN + message, hashlib.sha256).hexdigest()


class Pseudonymiser:
    """`pseudonym` bound to one secret, callable as (last, first, birth) → pseudonym."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) != SECRET_SIZE:
            raise ValidationError("Secret départemental", f"{SECRET_SIZE} octets attendus")
        self._secret = secret

    def __call__(self, last_name: str, first_name: str, birth: date | None) -> str:
        return pseudonym(self._secret, last_name, first_name, birth)

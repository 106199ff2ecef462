"""The typed errors a user can cause; each carries a French message saying what is wrong and what to do."""

from __future__ import annotations


class ClauseDeskError(Exception):
    """Base of every error meant for the user. `message` is French and complete."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(ClauseDeskError):
    """A value refused at a field: `field` names it (French label), `message` says what is expected."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} : {message}")
        self.field = field
        self.reason = message


class NotFoundError(ClauseDeskError):
    """A reference (marché, SIRET, uuid...) that the store does not know."""


class ConflictError(ClauseDeskError):
    """The change contradicts what the store holds (duplicate, record changed meanwhile...)."""


class StoreError(ClauseDeskError):
    """The store cannot be opened or used (missing, damaged, newer than the application...)."""

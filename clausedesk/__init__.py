"""ClauseDesk: the desk of the facilitators of social clauses in public procurement."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clausedesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+inconnu"

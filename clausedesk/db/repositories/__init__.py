"""Repositories: every query of the store, grouped by aggregate. Services call these; widgets never do."""

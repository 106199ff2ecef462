"""The store: SQLAlchemy models, the connection factory, migrations and repositories (all SQL lives here)."""

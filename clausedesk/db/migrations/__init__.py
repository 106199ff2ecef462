"""Alembic migrations of the store schema (env.py and versions/)."""

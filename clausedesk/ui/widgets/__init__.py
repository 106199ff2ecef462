"""Shared widgets: French date field, forms, lazy SQL-backed table model, search and trash dialogs."""

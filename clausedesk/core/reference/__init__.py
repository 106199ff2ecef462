"""Reference data shipped with ClauseDesk (official codes, refreshed by scripts in scripts/)."""

"""Pure domain rules: identifiers, hours objective, progress, people, outcomes. No I/O, no Qt."""

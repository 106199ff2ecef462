"""Deterministic demonstration data: realistic French buyers, marchés, companies, people and hours."""

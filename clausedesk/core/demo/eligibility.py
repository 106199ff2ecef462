"""Eligibility in the demo: validations dated before the person's first contract, age publics that agree."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from clausedesk.core.rules.publics import TYPED_AGE_CATEGORIES, age_publics

if TYPE_CHECKING:
    from clausedesk.core.demo.generator import DemoData, Reference, Row


def validations_before_contracts(data: DemoData) -> bool:
    """A person's validation is dated before their earliest contract (eligibility is judged at the
    start): contracts added after the first one, recruitment's included, can start earlier."""
    first: dict[int, date] = {}
    for c in data.tables.get("contract", []):
        pid = c["participant_id"]
        first[pid] = min(first.get(pid, c["start_date"]), c["start_date"])
    moved = False
    for val in data.tables["eligibility_validation"]:
        start = first.get(val["participant_id"])
        if start is not None and val["validated_on"] > start:
            val["validated_on"] = start - timedelta(days=7)
            moved = True
    return moved


def age_categories_agree(data: DemoData, ref: Reference) -> None:
    """An age public is validated only when the birth date agrees on the validation day (the rule of
    `core.rules.publics`); a validation left without category becomes DELD."""
    people = data.tables["participant"]
    validations = {v["id"]: v for v in data.tables["eligibility_validation"]}
    codes = {cid: code for code, cid in ref.categories.items()}
    links = data.tables.setdefault("validation_category", [])
    kept: list[Row] = []
    for link in links:
        val = validations[link["validation_id"]]
        public = TYPED_AGE_CATEGORIES.get(codes.get(link["category_id"], ""))
        birth = people[val["participant_id"] - 1]["birth_date"]
        if public is None or public in age_publics(birth, val["validated_on"]):
            kept.append(link)
    left = {link["validation_id"] for link in kept}
    kept += [{"validation_id": vid, "category_id": ref.categories["DELD"]}
             for vid in validations if vid not in left]  # fmt: skip
    data.tables["validation_category"] = kept

"""The `decade` demo looks like one facilitator's ten years (issue 13): every screen is judged on it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from clausedesk.core import reference_defaults as d
from clausedesk.core.demo.generator import Reference, generate
from clausedesk.core.rules.progress import month_bounds, months_between
from clausedesk.core.rules.publics import TYPED_AGE_CATEGORIES, age_publics

UNTIL = "2026-10"
REF = Reference(
    categories={c.code: i for i, c in enumerate(d.PUBLIC_CATEGORIES, start=1)},
    contract_types={c.code: i for i, c in enumerate(d.CONTRACT_TYPES, start=1)},
    outcomes={o.code: i for i, o in enumerate(d.OUTCOMES, start=1)},
)


def test_decade_is_a_realistic_facilitator() -> None:
    t = generate("decade", 1, UNTIL, REF).tables
    months = months_between("2016-11", UNTIL)
    lots_running, at_work = [], defaultdict(set)
    for month in months:
        first, last = month_bounds(month)
        running = [lot for lot in t["lot"] if lot["start_date"] <= last and lot["end_date"] >= first]
        lots_running.append(len(running))
    person_of = {c["id"]: c["participant_id"] for c in t["contract"]}
    for entry in t["hour_entry"]:
        if entry["hours_worked"] > 0:
            at_work[entry["month"]].add(person_of[entry["contract_id"]])
    people = [len(at_work[m]) for m in months]
    # "tens of marchés and one or two hundred people a year": in any month 30 to 150 lots, 50 to 300 people
    assert min(lots_running) >= 30 and max(lots_running) <= 150, (min(lots_running), max(lots_running))
    assert min(people) >= 50 and max(people) <= 300, (min(people), max(people))

    # no meeting after the demo's last month; the comité départemental has its own meetings
    assert max(m["held_on"] for m in t["meeting"]) <= date(2026, 10, 1)
    kinds = {m["kind"] for m in t["meeting"]}
    assert {"comite", "comite_departemental", "federation"} <= kinds
    # owners are people of the story, not roles
    owners = {a["owner"] for a in t["action"]}
    assert not owners & {"Facilitateur", "Entreprise titulaire", "Donneur d'ordre", "Mission locale"}

    # every validated age public agrees with the birth date on the validation day
    code_of = {i: code for code, i in REF.categories.items()}
    validations = {v["id"]: v for v in t["eligibility_validation"]}
    for link in t["validation_category"]:
        public = TYPED_AGE_CATEGORIES.get(code_of[link["category_id"]])
        if public is not None:
            v = validations[link["validation_id"]]
            birth = t["participant"][v["participant_id"] - 1]["birth_date"]
            assert public in age_publics(birth, v["validated_on"])

    # employers carry what their kind can carry (default structure rules)
    rules = {r.code: r for r in d.STRUCTURE_RULES}
    type_of = {i: code for code, i in REF.contract_types.items()}
    for c in t["contract"]:
        kind = t["company"][c["company_id"] - 1]["kind"]
        assert c["modality"] in rules[kind].modalities, (kind, c["modality"])
        ctype = type_of[c["contract_type_id"]]
        assert ctype in rules[kind].contract_types, (kind, ctype)

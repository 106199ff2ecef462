"""Rules that hold together: company kind × modality × contract type."""

from __future__ import annotations

import re

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.reference_defaults import CONTRACT_TYPES, STRUCTURE_RULES
from clausedesk.core.rules.structures import StructureRuleSpec, check_combination, split_codes
from clausedesk.core.vocab import CompanyKind, Modality

LABELS = {**{m.value: m.label for m in Modality}, **{t.code: t.label for t in CONTRACT_TYPES}}
RULES = {
    r.code: StructureRuleSpec(
        r.code, CompanyKind.label_of(r.code), frozenset(r.modalities), frozenset(r.contract_types)
    )
    for r in STRUCTURE_RULES
}


def test_defaults_cover_every_kind_with_known_codes() -> None:
    assert set(RULES) == {k.value for k in CompanyKind}
    for rule in RULES.values():
        assert rule.modalities <= {m.value for m in Modality}
        assert rule.contract_types <= {t.code for t in CONTRACT_TYPES}


@pytest.mark.parametrize(
    ("kind", "modality", "ctype"),
    [
        ("ei", "sous_traitance", "CDDI"),
        ("etti", "mise_a_disposition", "MISSION"),
        ("ai", "mise_a_disposition", "MAD"),
        ("geiq", "mise_a_disposition", "PROFESSIONNALISATION"),
        ("geiq", "mise_a_disposition", "APPRENTISSAGE"),
        ("ea", "embauche_directe", "CDD_TREMPLIN"),
        ("esat", "mise_a_disposition", "MAD"),
        ("entreprise", "embauche_directe", "CDI"),
    ],
)
def test_allowed_combinations(kind: str, modality: str, ctype: str) -> None:
    check_combination(RULES[kind], modality, ctype, LABELS)


@pytest.mark.parametrize(
    ("kind", "modality", "ctype", "message"),
    [
        # what the demo held: ESAT "employees" on CDD, EITI workers on CDD
        ("esat", "mise_a_disposition", "CDD", "pas de « CDD » : types de contrat possibles : « Mise"),
        ("esat", "embauche_directe", "MAD", "ne peut pas porter « Embauche directe »"),
        ("eiti", "sous_traitance", "CDD", "ne signe pas de « CDD »"),
        ("entreprise", "sous_traitance", "CDD", "possibles : « Embauche directe » ou « Formation »"),
        ("etti", "mise_a_disposition", "CDDI", "« Contrat de mission (intérim, ETTI) »"),
    ],
)
def test_refused_combinations_say_what_is_allowed(kind: str, modality: str, ctype: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        check_combination(RULES[kind], modality, ctype, LABELS)


def test_no_rule_means_no_check_and_codes_are_split() -> None:
    check_combination(None, "anything", "ANY", LABELS)
    assert split_codes(" embauche_directe, ;sous_traitance,, embauche_directe") == (
        "embauche_directe", "sous_traitance",
    )  # fmt: skip
    assert split_codes(None) == ()

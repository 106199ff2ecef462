"""Tests of the outcome rules: categories, the editable mapping lookup, the default classification."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules import outcomes
from clausedesk.core.rules.outcomes import (
    CONTRACT_KINDS,
    SORTIE_CATEGORIES,
    classify_employment,
    sortie_category,
)

D = Decimal

MAPPING = {
    "cdi": "emploi_durable",
    "cdd_8_mois": "emploi_durable",
    "cdd_4_mois": "emploi_transition",
    "formation_qualifiante": "sortie_positive",
    "demandeur_emploi": "autre",
    "ancienne_valeur": "categorie_supprimee",  # damaged entry
}


def test_sortie_categories() -> None:
    assert SORTIE_CATEGORIES == {
        "emploi_durable": "Emploi durable",
        "emploi_transition": "Emploi de transition",
        "sortie_positive": "Sortie positive",
        "autre": "Autre situation",
    }
    assert list(SORTIE_CATEGORIES) == [
        "emploi_durable",
        "emploi_transition",
        "sortie_positive",
        "autre",
    ]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("cdi", "emploi_durable"),
        ("cdd_8_mois", "emploi_durable"),
        ("cdd_4_mois", "emploi_transition"),
        ("formation_qualifiante", "sortie_positive"),
        ("demandeur_emploi", "autre"),
        ("inconnu", "autre"),  # not in the mapping
        ("", "autre"),
        (None, "autre"),
        ("ancienne_valeur", "autre"),  # mapped to something that is not a category
        ("CDI", "autre"),  # codes are exact
    ],
)
def test_sortie_category(outcome: str | None, expected: str) -> None:
    result = sortie_category(outcome, MAPPING)
    assert result == expected
    assert result in SORTIE_CATEGORIES


def test_sortie_category_follows_an_edited_mapping() -> None:
    edited = {**MAPPING, "cdd_4_mois": "emploi_durable"}
    assert sortie_category("cdd_4_mois", edited) == "emploi_durable"
    assert sortie_category("cdd_4_mois", {}) == "autre"


@pytest.mark.parametrize(
    ("kind", "months", "expected"),
    [
        # always durable
        ("cdi", None, "emploi_durable"),
        ("cdi", D(1), "emploi_durable"),
        ("cdi_inclusion", None, "emploi_durable"),
        ("professionnalisation", D(2), "emploi_durable"),
        ("apprentissage", None, "emploi_durable"),
        ("fonction_publique", None, "emploi_durable"),
        ("creation_entreprise", None, "autre"),  # beyond the Pas-de-Calais definition
        # CDD and intérim by duration
        ("cdd", D(6), "emploi_durable"),
        ("cdd", D(12), "emploi_durable"),
        ("cdd", D("5.99"), "emploi_transition"),
        ("cdd", D(3), "emploi_transition"),
        ("cdd", D("2.9"), "autre"),
        ("cdd", D(0), "autre"),
        ("cdd", None, "autre"),  # unknown duration: never overstated
        ("interim", D(6), "emploi_durable"),
        ("interim", D(4), "emploi_transition"),
        ("interim", D(1), "autre"),
        ("cdd_usage", D(7), "emploi_durable"),
        ("cdd_usage", D(3), "emploi_transition"),
        ("cdd_tremplin", D(6), "emploi_durable"),
        ("cdd_tremplin", D("3.5"), "emploi_transition"),
        # transition: a market-sector contrat aidé as a CDD of 3 months or more, never durable as a CDD
        ("contrat_aide_marchand", None, "autre"),
        ("contrat_aide_marchand", D("2.9"), "autre"),
        ("contrat_aide_marchand", D(3), "emploi_transition"),
        ("contrat_aide_marchand", D(12), "emploi_transition"),
        ("contrat_aide_non_marchand", D(12), "autre"),  # PEC: not in the definition
        # positive exits
        ("formation_qualifiante", None, "sortie_positive"),
        ("embauche_siae", None, "sortie_positive"),
        ("cddi", D(4), "sortie_positive"),
        # anything else
        ("chomage", None, "autre"),
        ("inconnu", D(12), "autre"),
        ("", None, "autre"),
        # case and spaces ignored
        (" CDI ", None, "emploi_durable"),
        ("Interim", D(6), "emploi_durable"),
    ],
)
def test_classify_employment(kind: str, months: D | None, expected: str) -> None:
    assert classify_employment(kind, months) == expected


@pytest.mark.parametrize(
    ("kind", "months"),
    [("cdd", D(-1)), ("interim", D("-0.5")), ("cdd", D("NaN")), ("cdd_usage", D("Infinity"))],
)
def test_classify_employment_refuses_bad_duration(kind: str, months: D) -> None:
    with pytest.raises(ValidationError) as caught:
        classify_employment(kind, months)
    assert caught.value.field == "Durée du contrat"
    assert caught.value.reason == "doit être un nombre de mois positif ou nul"


@pytest.mark.parametrize(
    ("constant", "code"),
    [
        ("CDI", "cdi"),
        ("CDI_INCLUSION", "cdi_inclusion"),
        ("CDD", "cdd"),
        ("CDD_USAGE", "cdd_usage"),
        ("CDD_TREMPLIN", "cdd_tremplin"),
        ("INTERIM", "interim"),
        ("PROFESSIONNALISATION", "professionnalisation"),
        ("APPRENTISSAGE", "apprentissage"),
        ("FONCTION_PUBLIQUE", "fonction_publique"),
        ("CREATION_ENTREPRISE", "creation_entreprise"),
        ("CONTRAT_AIDE_MARCHAND", "contrat_aide_marchand"),
        ("FORMATION_QUALIFIANTE", "formation_qualifiante"),
        ("EMBAUCHE_SIAE", "embauche_siae"),
        ("CDDI", "cddi"),
        ("CONTRAT_AIDE_NON_MARCHAND", "contrat_aide_non_marchand"),
    ],
)
def test_contract_kind_constants(constant: str, code: str) -> None:
    assert getattr(outcomes, constant) == code
    assert code in CONTRACT_KINDS


def test_every_known_kind_yields_a_category() -> None:
    for kind in CONTRACT_KINDS:
        for months in (None, D(1), D(4), D(9)):
            assert classify_employment(kind, months) in SORTIE_CATEGORIES


def test_cui_cie_signed_as_a_cdi_is_durable_and_beyond_text_is_a_choice() -> None:
    assert classify_employment("contrat_aide_marchand", None, open_ended=True) == "emploi_durable"
    assert classify_employment("cdd", D(8), open_ended=True) == "emploi_durable"
    assert classify_employment("creation_entreprise", None) == "autre"
    chosen = {"creation_entreprise": "emploi_durable"}
    assert classify_employment("creation_entreprise", None, beyond_text=chosen) == "emploi_durable"
    damaged = {"creation_entreprise": "x"}
    assert classify_employment("creation_entreprise", None, beyond_text=damaged) == "autre"


def test_default_reference_follows_the_pas_de_calais_text() -> None:
    from clausedesk.core.reference_defaults import CONTRACT_TYPES, OUTCOMES

    kinds = {t.code: t.outcome_kind for t in CONTRACT_TYPES}
    assert kinds["PEC"] == "contrat_aide_non_marchand" and kinds["CUI_CIE"] == "contrat_aide_marchand"
    assert kinds["EMPLOI_FRANC"] == "contrat_aide_marchand" and "PEC_CUI" not in kinds
    assert kinds["CDD_TREMPLIN"] == "cdd_tremplin"  # an entreprise adaptée, not an SIAE hire
    assert set(kinds.values()) <= CONTRACT_KINDS | {"autre"}
    mapping = {o.code: o.sortie_category for o in OUTCOMES}
    assert mapping["EMPLOI_FRANC"] == "emploi_transition" and mapping["CREATION"] == "autre"
    assert mapping["CDI"] == "emploi_durable"
    assert "CUI-CIE" in next(o.label for o in OUTCOMES if o.code == "CDI")
    assert mapping["EMBAUCHE_SIAE"] == "sortie_positive" and mapping["CONTRAT_AIDE_COURT"] == "autre"

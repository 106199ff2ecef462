"""Default reference data of DOMAIN.md, seeded into the editable reference tables of a new store."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CategoryDefault:
    code: str
    label: str
    sensitive: bool = False  # health data (RQTH, AAH, invalidity): never leaves the store per person
    requires_reason: bool = False  # "avis motivé": validator and reason required


PUBLIC_CATEGORIES: tuple[CategoryDefault, ...] = (
    CategoryDefault("DELD", "Demandeur d'emploi de longue durée (12 mois et plus)"),
    CategoryDefault("BRSA", "Bénéficiaire du RSA"),
    CategoryDefault("ASS", "Bénéficiaire de l'ASS"),
    CategoryDefault("AAH", "Bénéficiaire de l'AAH", sensitive=True),
    CategoryDefault("RQTH", "Travailleur handicapé (RQTH)", sensitive=True),
    CategoryDefault("INVALIDITE", "Pensionné d'invalidité", sensitive=True),
    CategoryDefault("JEUNE_SANS_QUALIF", "Jeune de moins de 26 ans sans qualification"),
    CategoryDefault(
        "JEUNE_QUALIF", "Jeune de moins de 26 ans diplômé, sorti du système scolaire depuis 6 mois"
    ),
    CategoryDefault("SENIOR_50", "Demandeur d'emploi de 50 ans et plus"),
    CategoryDefault("QPV", "Résident d'un quartier prioritaire de la ville (QPV)"),
    CategoryDefault("SIAE", "Personne suivie par une SIAE"),
    CategoryDefault("EPIDE_E2C", "Personne suivie par un EPIDE ou une E2C"),
    CategoryDefault("REFUGIE", "Réfugié ou bénéficiaire de la protection internationale"),
    CategoryDefault("AVIS_MOTIVE", "Autre public sur avis motivé", requires_reason=True),
)


@dataclass(frozen=True)
class ContractTypeDefault:
    code: str
    label: str
    outcome_kind: str  # how `core.rules.outcomes.classify_employment` sees it


CONTRACT_TYPES: tuple[ContractTypeDefault, ...] = (
    ContractTypeDefault("CDI", "CDI", "cdi"),
    ContractTypeDefault("CDI_INCLUSION", "CDI inclusion", "cdi_inclusion"),
    ContractTypeDefault("CDD", "CDD", "cdd"),
    ContractTypeDefault("CDD_USAGE", "CDD d'usage", "cdd_usage"),
    ContractTypeDefault("CDDI", "CDD d'insertion (CDDI)", "cddi"),
    ContractTypeDefault("CDD_TREMPLIN", "CDD Tremplin (entreprise adaptée)", "cdd_tremplin"),
    ContractTypeDefault("MISSION", "Contrat de mission (intérim, ETTI)", "interim"),
    ContractTypeDefault("MAD", "Mise à disposition (AI, GEIQ, ESAT)", "interim"),
    ContractTypeDefault("APPRENTISSAGE", "Contrat d'apprentissage", "apprentissage"),
    ContractTypeDefault("PROFESSIONNALISATION", "Contrat de professionnalisation", "professionnalisation"),
    ContractTypeDefault(
        "PEC", "PEC – parcours emploi compétences (secteur non marchand)", "contrat_aide_non_marchand"
    ),
    ContractTypeDefault("CUI_CIE", "CUI-CIE (contrat aidé du secteur marchand)", "contrat_aide_marchand"),
    ContractTypeDefault("EMPLOI_FRANC", "Emploi franc (secteur marchand)", "contrat_aide_marchand"),
    ContractTypeDefault("STAGE_PMSMP", "Stage / PMSMP", "autre"),
    ContractTypeDefault("CREATION", "Création d'entreprise", "creation_entreprise"),
    ContractTypeDefault("AUTRE", "Autre", "autre"),
)
"""PEC (non-market) and CUI-CIE (market) are two types: only the market-sector contrat aidé can be a
sortie de transition (seed 002, Pas-de-Calais). Stores made before 0007 had one « PEC / CUI-CIE » type."""


@dataclass(frozen=True)
class OutcomeDefault:
    code: str
    label: str
    sortie_category: str  # emploi_durable | emploi_transition | sortie_positive | autre


OUTCOMES: tuple[OutcomeDefault, ...] = (
    # emplois durables (Pas-de-Calais definition, seed 002)
    OutcomeDefault("CDI", "CDI (y compris dans le cadre d'un CUI-CIE)", "emploi_durable"),
    OutcomeDefault("CDD_6M", "CDD de 6 mois ou plus (hors contrat aidé)", "emploi_durable"),
    OutcomeDefault("INTERIM_6M", "Contrat de mission de 6 mois ou plus", "emploi_durable"),
    OutcomeDefault("CONTRAT_PRO", "Contrat de professionnalisation", "emploi_durable"),
    OutcomeDefault("APPRENTISSAGE", "Contrat d'apprentissage", "emploi_durable"),
    OutcomeDefault("FONCTION_PUBLIQUE", "Intégration dans la fonction publique", "emploi_durable"),
    # emplois de transition
    OutcomeDefault("CDD_3_6M", "CDD de 3 mois à moins de 6 mois", "emploi_transition"),
    OutcomeDefault("INTERIM_3_6M", "Contrat de mission de 3 mois à moins de 6 mois", "emploi_transition"),
    OutcomeDefault(
        "CONTRAT_AIDE", "Contrat aidé du secteur marchand en CDD de 3 mois ou plus (CUI-CIE)",
        "emploi_transition",
    ),
    OutcomeDefault("EMPLOI_FRANC", "Emploi franc en CDD de 3 mois ou plus", "emploi_transition"),
    # sorties positives
    OutcomeDefault("FORMATION_QUALIFIANTE", "Formation qualifiante à l'issue de l'action", "sortie_positive"),
    OutcomeDefault("EMBAUCHE_SIAE", "Embauche sur un emploi d'insertion en SIAE", "sortie_positive"),
    # beyond the definition: a visible choice, editable in Paramètres (not counted by default)
    OutcomeDefault("CREATION", "Création d'entreprise (hors définition départementale)", "autre"),
    # autres
    OutcomeDefault(
        "CONTRAT_AIDE_COURT", "Contrat aidé de moins de 3 mois ou PEC (secteur non marchand)", "autre"
    ),
    OutcomeDefault("CDD_COURT", "CDD ou contrat de mission de moins de 3 mois", "autre"),
    OutcomeDefault("DEMANDEUR_EMPLOI", "Demandeur d'emploi", "autre"),
    OutcomeDefault("INCONNU", "Situation inconnue", "autre"),
    OutcomeDefault("DEMENAGEMENT", "Déménagement", "autre"),
    OutcomeDefault("AUTRE", "Autre situation", "autre"),
)
"""Default outcomes exactly as the Pas-de-Calais « sorties dynamiques » (seed 002); the mapping stays
editable in Paramètres."""


@dataclass(frozen=True)
class TradeDefault:
    code: str
    label: str
    labour_share_pct: Decimal


TRADES: tuple[TradeDefault, ...] = (
    TradeDefault("GROS_OEUVRE", "Gros œuvre, maçonnerie", Decimal("50")),
    TradeDefault("PEINTURE", "Peinture, revêtements", Decimal("70")),
    TradeDefault("PLATRERIE", "Plâtrerie, cloisons, isolation", Decimal("60")),
    TradeDefault("MENUISERIE", "Menuiseries", Decimal("40")),
    TradeDefault("ELECTRICITE", "Électricité", Decimal("45")),
    TradeDefault("PLOMBERIE", "Plomberie, chauffage, ventilation", Decimal("40")),
    TradeDefault("COUVERTURE", "Couverture, étanchéité", Decimal("45")),
    TradeDefault("CHARPENTE_METAL", "Charpente et structures métalliques", Decimal("20")),
    TradeDefault("VRD", "Voirie et réseaux divers", Decimal("35")),
    TradeDefault("ESPACES_VERTS", "Espaces verts", Decimal("60")),
    TradeDefault("NETTOYAGE", "Nettoyage, propreté", Decimal("80")),
    TradeDefault("DECHETS", "Collecte et tri des déchets", Decimal("60")),
    TradeDefault("RESTAURATION", "Restauration collective", Decimal("50")),
    TradeDefault("AUTRE", "Autre activité", Decimal("40")),
)


@dataclass(frozen=True)
class StructureRuleDefault:
    """What one kind of company can carry: its modalities and contract types (codes)."""

    code: str  # a CompanyKind value
    label: str
    modalities: tuple[str, ...]
    contract_types: tuple[str, ...]


_DIRECT, _MAD, _SUB, _TRAINING = "embauche_directe", "mise_a_disposition", "sous_traitance", "formation"

STRUCTURE_RULES: tuple[StructureRuleDefault, ...] = (
    StructureRuleDefault(
        "entreprise", "Entreprise classique : embauche directe (ou formation)", (_DIRECT, _TRAINING),
        ("CDI", "CDD", "CDD_USAGE", "APPRENTISSAGE", "PROFESSIONNALISATION", "CUI_CIE", "EMPLOI_FRANC",
         "STAGE_PMSMP", "AUTRE"),
    ),
    StructureRuleDefault("ei", "Entreprise d'insertion : CDDI", (_DIRECT, _SUB), ("CDDI", "CDI_INCLUSION")),
    StructureRuleDefault("aci", "Atelier et chantier d'insertion : CDDI", (_DIRECT, _SUB),
                         ("CDDI", "CDI_INCLUSION", "PEC")),
    StructureRuleDefault("ai", "Association intermédiaire : mise à disposition", (_MAD,),
                         ("MAD", "CDI_INCLUSION")),
    StructureRuleDefault("etti", "ETTI : contrat de mission", (_MAD,), ("MISSION", "CDI_INCLUSION")),
    StructureRuleDefault("eiti", "EITI : travailleurs indépendants, sans contrat de travail", (_DIRECT, _SUB),
                         ("AUTRE",)),
    StructureRuleDefault("geiq", "GEIQ : contrat de professionnalisation ou d'apprentissage", (_MAD,),
                         ("PROFESSIONNALISATION", "APPRENTISSAGE")),
    StructureRuleDefault("ea", "Entreprise adaptée : CDI, CDD, CDD Tremplin", (_DIRECT, _SUB),
                         ("CDI", "CDD", "CDD_TREMPLIN")),
    StructureRuleDefault("esat", "ESAT : mise à disposition de travailleurs d'ESAT", (_MAD, _SUB), ("MAD",)),
)  # fmt: skip
"""Default rules « type de structure → modalités et types de contrat » (editable in Paramètres)."""

"""Fixed vocabularies of the trade (codes stored in the store, French labels shown to people).

Lists that differ between territories (public categories, contract types, outcomes) are NOT here:
they are reference tables the user edits; their defaults live in `core.reference_defaults`.
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry a French label: `Member = ("code", "Libellé")`."""

    label: str

    def __new__(cls, code: str, label: str) -> Labelled:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def label_of(cls, code: str | None) -> str:
        if code is None:
            return ""
        try:
            return cls(code).label  # type: ignore[call-arg]
        except ValueError:
            return code


class BuyerKind(Labelled):
    COMMUNE = ("commune", "Commune")
    EPCI = ("epci", "EPCI / intercommunalité")
    DEPARTEMENT = ("departement", "Département")
    REGION = ("region", "Région")
    ETAT = ("etat", "État")
    BAILLEUR = ("bailleur", "Bailleur social")
    HOPITAL = ("hopital", "Établissement hospitalier")
    SEM = ("sem", "SEM / SPL")
    PRIVE = ("prive", "Donneur d'ordre privé")
    AUTRE = ("autre", "Autre acheteur public")


class MarketKind(Labelled):
    TRAVAUX = ("travaux", "Travaux")
    SERVICES = ("services", "Services")
    FOURNITURES = ("fournitures", "Fournitures")


class Mechanism(Labelled):
    """Legal basis of a social clause; one lot may combine several."""

    CONDITION_EXECUTION = ("condition_execution", "Condition d'exécution (art. L2112-2 CCP)")
    CRITERE_ATTRIBUTION = ("critere_attribution", "Critère d'attribution (art. L2152-7 CCP)")
    RESERVE_SIAE = ("reserve_siae", "Marché réservé SIAE (art. L2113-13 CCP)")
    RESERVE_EA_ESAT = ("reserve_ea_esat", "Marché réservé EA / ESAT (art. L2113-12 CCP)")
    RESERVE_ESS = ("reserve_ess", "Marché réservé ESS (art. L2113-15 CCP)")
    MARCHE_INSERTION = ("marche_insertion", "Marché d'insertion et de qualification (art. R2123-1 3° CCP)")


class CompanyKind(Labelled):
    ENTREPRISE = ("entreprise", "Entreprise classique")
    EI = ("ei", "SIAE – Entreprise d'insertion (EI)")
    AI = ("ai", "SIAE – Association intermédiaire (AI)")
    ACI = ("aci", "SIAE – Atelier et chantier d'insertion (ACI)")
    ETTI = ("etti", "SIAE – Entreprise de travail temporaire d'insertion (ETTI)")
    EITI = ("eiti", "SIAE – Entreprise d'insertion par le travail indépendant (EITI)")
    GEIQ = ("geiq", "GEIQ")
    EA = ("ea", "Entreprise adaptée (EA)")
    ESAT = ("esat", "ESAT")

    @property
    def is_siae(self) -> bool:
        return self in (CompanyKind.EI, CompanyKind.AI, CompanyKind.ACI, CompanyKind.ETTI, CompanyKind.EITI)


class AttributionRole(Labelled):
    TITULAIRE = ("titulaire", "Titulaire")
    COTRAITANT = ("cotraitant", "Cotraitant")
    SOUS_TRAITANT = ("sous_traitant", "Sous-traitant")


class Modality(Labelled):
    EMBAUCHE_DIRECTE = ("embauche_directe", "Embauche directe")
    MISE_A_DISPOSITION = ("mise_a_disposition", "Mise à disposition (AI, ETTI, GEIQ)")
    SOUS_TRAITANCE = ("sous_traitance", "Sous-traitance / co-traitance SIAE ou EA")
    FORMATION = ("formation", "Formation")


class HourStatus(Labelled):
    DECLARE = ("declare", "Déclaré")
    VALIDE = ("valide", "Validé")


class SituationMoment(Labelled):
    SORTIE = ("sortie", "À la sortie")
    SUIVI_6_MOIS = ("suivi_6_mois", "Suivi à 6 mois")
    ULTERIEUR = ("ulterieur", "Suivi ultérieur")


class MeetingKind(Labelled):
    CHANTIER = ("chantier", "Réunion de chantier")
    COMITE = ("comite", "Comité de suivi de marché")
    COMITE_DEPARTEMENTAL = ("comite_departemental", "Comité départemental")
    VISITE = ("visite", "Visite d'entreprise")
    DONNEUR_ORDRE = ("donneur_ordre", "Rencontre de donneur d'ordre")
    FEDERATION = ("federation", "Rencontre de fédération")
    AUTRE = ("autre", "Autre réunion")


class Sex(Labelled):
    FEMME = ("F", "Femme")
    HOMME = ("M", "Homme")


class QualificationLevel(Labelled):
    """Levels of the 2019 national nomenclature of diplomas."""

    INFRA_3 = ("infra3", "Sans diplôme (infra niveau 3)")
    N3 = ("3", "Niveau 3 (CAP, BEP)")
    N4 = ("4", "Niveau 4 (baccalauréat)")
    N5 = ("5", "Niveau 5 (bac + 2)")
    N6 = ("6", "Niveau 6 (licence)")
    N7 = ("7", "Niveau 7 et plus (master)")

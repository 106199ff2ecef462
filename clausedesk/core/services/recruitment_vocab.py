"""Vocabularies of recruitment: offer statuses, application steps and the moves allowed between them."""

from __future__ import annotations

from clausedesk.core.vocab import Labelled


class OfferStatus(Labelled):
    OUVERTE = ("ouverte", "Ouverte")
    POURVUE = ("pourvue", "Pourvue")
    ANNULEE = ("annulee", "Annulée")


class Step(Labelled):
    PROPOSEE = ("proposee", "Proposée")
    ELIGIBILITE = ("eligibilite_verifiee", "Éligibilité vérifiée")
    PRESENTEE = ("presentee", "Présentée à l'entreprise")
    ENTRETIEN = ("entretien", "Entretien")
    RETENUE = ("retenue", "Retenue")
    NON_RETENUE = ("non_retenue", "Non retenue")
    DESISTEMENT = ("desistement", "Désistement")


class Mobility(Labelled):
    COMMUNE = ("commune", "Sa commune seulement")
    DEPARTEMENT = ("departement", "Le département")
    LARGE = ("large", "Au-delà du département")


# the steps shown as columns of the board, in order
BOARD_STEPS: tuple[Step, ...] = tuple(Step)
CLOSED_STEPS = frozenset({Step.RETENUE, Step.NON_RETENUE, Step.DESISTEMENT})
OPEN_STEPS = frozenset(set(Step) - CLOSED_STEPS)

# the moves a facilitator may record: forward only, one step at a time; the company may retain
# right after the presentation; any open application may end as "non retenue" or "désistement"
NEXT_STEPS: dict[Step, tuple[Step, ...]] = {
    Step.PROPOSEE: (Step.ELIGIBILITE, Step.NON_RETENUE, Step.DESISTEMENT),
    Step.ELIGIBILITE: (Step.PRESENTEE, Step.NON_RETENUE, Step.DESISTEMENT),
    Step.PRESENTEE: (Step.ENTRETIEN, Step.RETENUE, Step.NON_RETENUE, Step.DESISTEMENT),
    Step.ENTRETIEN: (Step.RETENUE, Step.NON_RETENUE, Step.DESISTEMENT),
    Step.RETENUE: (),
    Step.NON_RETENUE: (),
    Step.DESISTEMENT: (),
}

# the natural next step (keyboard "move right" on the board)
FORWARD: dict[Step, Step] = {
    Step.PROPOSEE: Step.ELIGIBILITE,
    Step.ELIGIBILITE: Step.PRESENTEE,
    Step.PRESENTEE: Step.ENTRETIEN,
    Step.ENTRETIEN: Step.RETENUE,
}

_STEPS = {s.value: s for s in Step}
_STATUSES = {s.value: s for s in OfferStatus}


def step_of(code: str) -> Step:
    """The Step of a stored code (KeyError for an unknown one)."""
    return _STEPS[code]


def status_of(code: str) -> OfferStatus:
    return _STATUSES[code]


# the fourteen "grands domaines" of the ROME (the letter of a code), to label a code nobody named yet
ROME_DOMAINS: dict[str, str] = {
    "A": "Agriculture et pêche, espaces naturels et espaces verts, soins aux animaux",
    "B": "Arts et façonnage d'ouvrages d'art",
    "C": "Banque, assurance, immobilier",
    "D": "Commerce, vente et grande distribution",
    "E": "Communication, média et multimédia",
    "F": "Construction, bâtiment et travaux publics",
    "G": "Hôtellerie-restauration, tourisme, loisirs et animation",
    "H": "Industrie",
    "I": "Installation et maintenance",
    "J": "Santé",
    "K": "Services à la personne et à la collectivité",
    "L": "Spectacle",
    "M": "Support à l'entreprise",
    "N": "Transport et logistique",
}


def rome_domain(code: str) -> str:
    """The French label of the ROME domain of a code ("F1703" → "Construction, bâtiment…"), or ""."""
    return ROME_DOMAINS.get(code[:1].upper(), "")

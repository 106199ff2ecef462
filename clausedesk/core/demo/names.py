"""Word lists for the demonstration data (names, communes of the Val-d'Oise, trades, CPV, NAF, ROME)."""

from __future__ import annotations

LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André",
    "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
    "Diallo", "Traoré", "Koné", "Camara", "Cissé", "Benali", "Haddad", "Belkacem", "Mansouri", "Bouzid",
    "Nguyen", "Tran", "Da Silva", "Pereira", "Ferreira", "Rodrigues", "Lopes", "Yilmaz", "Kaya", "Demir",
    "Mendy", "Sylla", "Diop", "Ndiaye", "Fofana", "Kanté", "Ba", "Sow", "Chérif", "Amrani",
)  # fmt: skip

FIRST_NAMES_F = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Sandrine", "Aurélie", "Camille", "Léa", "Manon", "Chloé",
    "Inès", "Sarah", "Yasmine", "Fatoumata", "Aïcha", "Nadia", "Samia", "Mariam", "Awa", "Lina",
    "Sophie", "Julie", "Laura", "Emma", "Océane", "Amina", "Kadiatou", "Leïla", "Mélissa", "Jessica",
)  # fmt: skip

FIRST_NAMES_M = (
    "Jean", "Pierre", "Nicolas", "Julien", "Thomas", "Kévin", "Maxime", "Alexandre", "Lucas", "Hugo",
    "Mohamed", "Karim", "Mamadou", "Moussa", "Youssef", "Rachid", "Samir", "Ibrahima", "Amadou", "Ousmane",
    "Sébastien", "David", "Mickaël", "Anthony", "Jordan", "Dylan", "Bilal", "Adama", "Sofiane", "Mehdi",
    "François", "Laurent", "Stéphane", "Éric", "Christophe", "Yannick", "Thierry", "Patrick", "Ali", "Omar",
)  # fmt: skip

# (INSEE code, name, has a QPV)
COMMUNES = (
    ("95018", "Argenteuil", True), ("95127", "Cergy", True), ("95585", "Sarcelles", True),
    ("95268", "Garges-lès-Gonesse", True), ("95680", "Villiers-le-Bel", True), ("95277", "Gonesse", True),
    ("95063", "Bezons", True), ("95219", "Ermont", False), ("95252", "Franconville", False),
    ("95203", "Eaubonne", False), ("95280", "Goussainville", True), ("95428", "Montmorency", False),
    ("95607", "Taverny", False), ("95572", "Saint-Ouen-l'Aumône", True), ("95306", "Herblay-sur-Seine", False),
    ("95476", "Osny", False), ("95500", "Pontoise", True), ("95210", "Deuil-la-Barre", False),
    ("95582", "Sannois", False), ("95088", "Bouffémont", False),
)  # fmt: skip

# (trade code, lot title, CPV, ROME jobs, NAF of companies doing it)
TRADES = (
    ("GROS_OEUVRE", "Gros œuvre – maçonnerie", "45262520", ("F1703", "F1704", "F1701"), ("43.99C", "41.20A")),
    ("PEINTURE", "Peinture – revêtements muraux", "45442100", ("F1606",), ("43.34Z",)),
    ("PLATRERIE", "Plâtrerie – cloisons – isolation", "45410000", ("F1604", "F1611"), ("43.31Z",)),
    ("MENUISERIE", "Menuiseries intérieures et extérieures", "45421000", ("F1607",), ("43.32A",)),
    ("ELECTRICITE", "Électricité courants forts et faibles", "45310000", ("F1602",), ("43.21A",)),
    ("PLOMBERIE", "Plomberie – chauffage – ventilation", "45330000", ("F1603",), ("43.22A", "43.22B")),
    ("COUVERTURE", "Couverture – étanchéité", "45261000", ("F1610",), ("43.91B",)),
    ("CHARPENTE_METAL", "Charpente et serrurerie métallique", "45223100", ("H2911",), ("25.11Z",)),
    ("VRD", "Voirie et réseaux divers", "45233140", ("F1702", "F1705"), ("42.11Z", "42.21Z")),
    ("ESPACES_VERTS", "Aménagements paysagers", "45112710", ("A1203",), ("81.30Z",)),
    ("NETTOYAGE", "Nettoyage des locaux", "90910000", ("K2204",), ("81.21Z",)),
    ("DECHETS", "Collecte et tri des déchets", "90511000", ("K2303",), ("38.11Z",)),
    ("RESTAURATION", "Restauration collective", "55524000", ("G1603",), ("56.29A",)),
)  # fmt: skip

JOB_LABELS = {
    "F1703": "Maçon", "F1704": "Manœuvre du BTP", "F1701": "Coffreur-bancheur", "F1606": "Peintre en bâtiment",
    "F1604": "Plaquiste", "F1611": "Solier-moquettiste", "F1607": "Menuisier poseur", "F1602": "Électricien",
    "F1603": "Plombier-chauffagiste", "F1610": "Couvreur", "H2911": "Serrurier-métallier",
    "F1702": "Ouvrier de voirie", "F1705": "Canalisateur", "A1203": "Ouvrier paysagiste",
    "K2204": "Agent de propreté", "K2303": "Agent de tri", "G1603": "Agent de restauration",
}  # fmt: skip

BUYER_NAMES = {
    "commune": ("Ville de {c}",),
    "epci": ("Communauté d'agglomération Cergy-Pontoise", "CA Roissy Pays de France", "CA Val Parisis",
             "Communauté de communes de la Vallée de l'Oise", "CA Plaine Vallée"),
    "departement": ("Département du Val-d'Oise",),
    "region": ("Région Île-de-France",),
    "etat": ("Préfecture du Val-d'Oise", "Rectorat de Versailles"),
    "bailleur": ("Val d'Oise Habitat", "Immobilière 3F", "Emmaüs Habitat", "CDC Habitat", "Logement Francilien",
                 "Pierres et Lumières"),
    "hopital": ("Centre hospitalier René-Dubos", "Hôpital Simone-Veil", "GHEM Simone-Veil"),
    "sem": ("SEM Argenteuil-Bezons Aménagement", "Grand Paris Aménagement", "SPL Val-d'Oise Aménagement"),
    "prive": ("Fondation Hôpital Saint-Joseph",),
}  # fmt: skip

OPERATION_KINDS = (
    "Réhabilitation du groupe scolaire {n}", "Construction de {k} logements quartier {n}",
    "Rénovation urbaine du quartier {n} (NPNRU)", "Extension du gymnase {n}", "Requalification de l'avenue {n}",
    "Construction de la médiathèque {n}", "Entretien du patrimoine {n}", "Restructuration du collège {n}",
)  # fmt: skip

PLACE_NAMES = (
    "Jean-Jaurès", "Victor-Hugo", "Jules-Ferry", "Louise-Michel", "Pasteur", "des Tilleuls", "du Val Nord",
    "Marcel-Pagnol", "Simone-Veil", "Aimé-Césaire", "Lochères", "Dame-Blanche", "Joliot-Curie", "Axe Majeur",
)  # fmt: skip

COMPANY_WORDS = (
    "Bâti", "Construct", "Rénov", "Habitat", "Travaux", "Services", "Environnement", "Ouest", "Vexin", "Oise",
    "Île-de-France", "Avenir", "Génie", "Concept", "Pro", "Solutions", "Réseaux", "Couleurs", "Horizon", "Énergie",
)  # fmt: skip

SIAE_NAMES = (
    "Réagir 95", "Tremplin Emploi", "Chantier Éco-Bâti", "Ateliers du Val", "Inser'Action", "Solidarité Travaux",
    "ETTI Passerelle", "AI Coup de Main", "Jardins de Cocagne", "GEIQ BTP Val-d'Oise", "EA Horizons",
    "ESAT Les Ateliers", "ID'Ées Intérim", "Approche Emploi", "Travail et Partage", "Bâtir Ensemble",
)  # fmt: skip

PRESCRIBERS = ("France Travail Cergy", "France Travail Argenteuil", "Mission locale de Sarcelles",
               "Mission locale Val d'Oise Est", "PLIE de Cergy-Pontoise", "Cap emploi 95",
               "Service insertion du Département", "SIAE Réagir 95")  # fmt: skip

REFERENTS = ("Mme Lemoine", "M. Haddad", "Mme Nguyen", "M. Perrin", "Mme Traoré", "M. Garnier")

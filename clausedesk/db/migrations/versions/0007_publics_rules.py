"""Publics and rules (issue 13): structure rules, PEC split from CUI-CIE, emploi franc, sorties per seed 002.

Schema: the table `structure_rule` (which modalities and contract types each kind of company can carry),
filled with the defaults in a store already seeded (a new store is seeded after its migrations);
`hour_entry.hours_tutoring` (tutoring hours declared with the relevé, 0 for existing entries) and
`attribution.subcontract_amount` / `subcontract_month` (a sub-contracted amount and the month it counts in).
Data, on the editable reference tables and the contracts typed « PEC / CUI-CIE »:
- contract types PEC (non-market), CUI-CIE (market) and Emploi franc are added; the old « PEC / CUI-CIE »
  type is kept for history but no longer offered, and its contracts are split by their employer: an
  ordinary company (market sector) → CUI-CIE, any other employer → PEC (each changed contract's rev is
  bumped so the change reaches the coordinator);
- the contract types' outcome kinds are corrected where they still hold the old default (CDD Tremplin
  and CDDI were "siae", business creation "creation");
- outcomes still holding their old default label or category get the wording and category of the
  Pas-de-Calais definition (seed 002); « Emploi franc » and « Contrat aidé de moins de 3 mois ou PEC »
  are added. A mapping the user edited is left as it is.

Revision ID: 0007_publics_rules
Revises: 0006_bilan_penalties
Create Date: 2026-12-01 21:40:00
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007_publics_rules"
down_revision = "0006_bilan_penalties"
branch_labels = None
depends_on = None

# the defaults of core.reference_defaults.STRUCTURE_RULES as of this revision (a migration is frozen)
_STRUCTURE_RULES = (
    ("entreprise", "Entreprise classique : embauche directe (ou formation)",
     "embauche_directe, formation",
     "CDI, CDD, CDD_USAGE, APPRENTISSAGE, PROFESSIONNALISATION, CUI_CIE, EMPLOI_FRANC, STAGE_PMSMP, AUTRE"),
    ("ei", "Entreprise d'insertion : CDDI",
     "embauche_directe, sous_traitance",
     "CDDI, CDI_INCLUSION"),
    ("aci", "Atelier et chantier d'insertion : CDDI",
     "embauche_directe, sous_traitance",
     "CDDI, CDI_INCLUSION, PEC"),
    ("ai", "Association intermédiaire : mise à disposition",
     "mise_a_disposition",
     "MAD, CDI_INCLUSION"),
    ("etti", "ETTI : contrat de mission",
     "mise_a_disposition",
     "MISSION, CDI_INCLUSION"),
    ("eiti", "EITI : travailleurs indépendants, sans contrat de travail",
     "embauche_directe, sous_traitance",
     "AUTRE"),
    ("geiq", "GEIQ : contrat de professionnalisation ou d'apprentissage",
     "mise_a_disposition",
     "PROFESSIONNALISATION, APPRENTISSAGE"),
    ("ea", "Entreprise adaptée : CDI, CDD, CDD Tremplin",
     "embauche_directe, sous_traitance",
     "CDI, CDD, CDD_TREMPLIN"),
    ("esat", "ESAT : mise à disposition de travailleurs d'ESAT",
     "mise_a_disposition, sous_traitance",
     "MAD"),
)  # fmt: skip
_NEW_TYPES = (
    ("PEC", "PEC – parcours emploi compétences (secteur non marchand)", "contrat_aide_non_marchand"),
    ("CUI_CIE", "CUI-CIE (contrat aidé du secteur marchand)", "contrat_aide_marchand"),
    ("EMPLOI_FRANC", "Emploi franc (secteur marchand)", "contrat_aide_marchand"),
)
# code → (old default outcome kind, new one)
_KIND_FIXES = {
    "CDI_INCLUSION": ("cdi", "cdi_inclusion"),
    "CDD_USAGE": ("cdd", "cdd_usage"),
    "CDDI": ("siae", "cddi"),
    "CDD_TREMPLIN": ("siae", "cdd_tremplin"),
    "CREATION": ("creation", "creation_entreprise"),
}
# code → (old default label, old default category, new label, new category)
_OUTCOME_FIXES = {
    "CDI": ("CDI", "emploi_durable", "CDI (y compris dans le cadre d'un CUI-CIE)", "emploi_durable"),
    "CDD_6M": ("CDD de 6 mois ou plus", "emploi_durable", "CDD de 6 mois ou plus (hors contrat aidé)",
               "emploi_durable"),
    "INTERIM_6M": ("Intérim de 6 mois ou plus", "emploi_durable", "Contrat de mission de 6 mois ou plus",
                   "emploi_durable"),
    "FONCTION_PUBLIQUE": ("Entrée dans la fonction publique", "emploi_durable",
                          "Intégration dans la fonction publique", "emploi_durable"),
    "CREATION": ("Création d'entreprise", "emploi_durable",
                 "Création d'entreprise (hors définition départementale)", "autre"),
    "CDD_3_6M": ("CDD de 3 à 6 mois", "emploi_transition", "CDD de 3 mois à moins de 6 mois",
                 "emploi_transition"),
    "INTERIM_3_6M": ("Intérim de 3 à 6 mois", "emploi_transition",
                     "Contrat de mission de 3 mois à moins de 6 mois", "emploi_transition"),
    "CONTRAT_AIDE": ("Contrat aidé du secteur marchand", "emploi_transition",
                     "Contrat aidé du secteur marchand en CDD de 3 mois ou plus (CUI-CIE)", "emploi_transition"),
    "FORMATION_QUALIFIANTE": ("Formation qualifiante", "sortie_positive",
                              "Formation qualifiante à l'issue de l'action", "sortie_positive"),
    "EMBAUCHE_SIAE": ("Embauche par une SIAE", "sortie_positive",
                      "Embauche sur un emploi d'insertion en SIAE", "sortie_positive"),
    "CDD_COURT": ("CDD ou intérim de moins de 3 mois", "autre",
                  "CDD ou contrat de mission de moins de 3 mois", "autre"),
}  # fmt: skip
_NEW_OUTCOMES = (
    ("EMPLOI_FRANC", "Emploi franc en CDD de 3 mois ou plus", "emploi_transition"),
    ("CONTRAT_AIDE_COURT", "Contrat aidé de moins de 3 mois ou PEC (secteur non marchand)", "autre"),
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _insert(conn: sa.Connection, table: str, code: str, values: dict[str, object]) -> int:
    """Insert a reference row unless its code exists; returns its id."""
    found = conn.execute(sa.text(f"SELECT id FROM {table} WHERE code = :c"), {"c": code}).scalar()
    if found is not None:
        return int(found)
    order = conn.execute(sa.text(f"SELECT COALESCE(MAX(sort_order), 0) + 1 FROM {table}")).scalar()
    now = _now()
    row = {"code": code, "uuid": str(uuid.uuid4()), "rev": 1, "created_at": now, "updated_at": now,
           "active": True, "sort_order": order, **values}  # fmt: skip
    names = ", ".join(row)
    conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in row)})"), row)
    return int(conn.execute(sa.text(f"SELECT id FROM {table} WHERE code = :c"), {"c": code}).scalar_one())


def upgrade() -> None:
    op.create_table(
        "structure_rule",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("modalities", sa.Text(), nullable=False),
        sa.Column("contract_types", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_structure_rule")),
        sa.UniqueConstraint("code", name=op.f("uq_structure_rule_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_structure_rule_uuid")),
    )
    with op.batch_alter_table("hour_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hours_tutoring", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("attribution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subcontract_amount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("subcontract_month", sa.String(length=7), nullable=True))
    conn = op.get_bind()
    now = _now()
    seeded = conn.execute(sa.text("SELECT count(*) FROM contract_type")).scalar()
    if not seeded:  # a store created empty and never seeded: seeding will bring the new defaults
        return
    for code, label, modalities, types in _STRUCTURE_RULES:
        _insert(conn, "structure_rule", code, {"label": label, "modalities": modalities, "contract_types": types})
    ids = {code: _insert(conn, "contract_type", code, {"label": label, "outcome_kind": kind})
           for code, label, kind in _NEW_TYPES}  # fmt: skip
    for code, (old, new) in _KIND_FIXES.items():
        conn.execute(
            sa.text("UPDATE contract_type SET outcome_kind = :new, rev = rev + 1, updated_at = :now "
                    "WHERE code = :code AND outcome_kind = :old"),
            {"new": new, "old": old, "code": code, "now": now},
        )  # fmt: skip
    old_id = conn.execute(sa.text("SELECT id FROM contract_type WHERE code = 'PEC_CUI'")).scalar()
    if old_id is not None:
        for new_id, market in ((ids["CUI_CIE"], True), (ids["PEC"], False)):
            conn.execute(
                sa.text(
                    "UPDATE contract SET contract_type_id = :new, rev = rev + 1, updated_at = :now "
                    "WHERE contract_type_id = :old AND company_id "
                    + ("IN" if market else "NOT IN")
                    + " (SELECT id FROM company WHERE kind = 'entreprise')"
                ),
                {"new": new_id, "old": old_id, "now": now},
            )
        conn.execute(
            sa.text("UPDATE contract_type SET active = 0, label = :label, rev = rev + 1, updated_at = :now "
                    "WHERE id = :id"),
            {"label": "PEC / CUI-CIE (ancien type, remplacé par PEC et CUI-CIE)", "id": old_id, "now": now},
        )  # fmt: skip
    for code, (old_label, old_cat, label, cat) in _OUTCOME_FIXES.items():
        conn.execute(
            sa.text("UPDATE outcome_type SET label = :label, sortie_category = :cat, rev = rev + 1, "
                    "updated_at = :now WHERE code = :code AND label = :old_label AND sortie_category = :old_cat"),
            {"label": label, "cat": cat, "code": code, "old_label": old_label, "old_cat": old_cat, "now": now},
        )  # fmt: skip
    for code, label, cat in _NEW_OUTCOMES:
        _insert(conn, "outcome_type", code, {"label": label, "sortie_category": cat})


def downgrade() -> None:
    """The reference data stays as migrated (the old single type is kept, inactive); the rules go."""
    with op.batch_alter_table("attribution", schema=None) as batch_op:
        batch_op.drop_column("subcontract_month")
        batch_op.drop_column("subcontract_amount")
    with op.batch_alter_table("hour_entry", schema=None) as batch_op:
        batch_op.drop_column("hours_tutoring")
    op.drop_table("structure_rule")

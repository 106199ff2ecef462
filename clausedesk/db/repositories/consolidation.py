"""The department's indicators, computed in SQL (json_extract) over the coordinator's merged records.

Hours are summed as integer hundredths; people are counted by distinct pseudonym, so a person who
worked with two facilitators counts once. `first`/`last` restrict hours (and the people who worked
them) to a range of months; None means no bound.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.core.rules.publics import MOINS_26, PLUS_50, TYPED_AGE_CATEGORIES

_CTE = """
WITH
 p AS (SELECT uuid, json_extract(payload, '$.pseudonym') AS ps, json_extract(payload, '$.sex') AS sex,
              json_extract(payload, '$.commune_code') AS commune, json_extract(payload, '$.qpv') AS qpv
       FROM coord_record WHERE kind = 'participant' AND deleted = 0),
 c AS (SELECT uuid, json_extract(payload, '$.participant') AS participant,
              json_extract(payload, '$.lot') AS lot,
              json_extract(payload, '$.company') AS company, json_extract(payload, '$.modality') AS modality,
              json_extract(payload, '$.contract_type') AS ctype, json_extract(payload, '$.age_band') AS band,
              json_extract(payload, '$.start_date') AS start
       FROM coord_record WHERE kind = 'contract' AND deleted = 0),
 h AS (SELECT json_extract(payload, '$.contract') AS contract, json_extract(payload, '$.lot') AS lot,
              json_extract(payload, '$.month') AS month,
              CAST(ROUND(json_extract(payload, '$.hours_worked') * 100) AS INTEGER) AS cents
       FROM coord_record WHERE kind = 'hour_entry' AND deleted = 0
         AND (:first IS NULL OR json_extract(payload, '$.month') >= :first)
         AND (:last IS NULL OR json_extract(payload, '$.month') <= :last)),
 l AS (SELECT uuid, json_extract(payload, '$.market') AS market,
              json_extract(payload, '$.mechanisms') AS mechs,
              CAST(ROUND(json_extract(payload, '$.target_hours') * 100) AS INTEGER) AS target_cents
       FROM coord_record WHERE kind = 'lot' AND deleted = 0),
 m AS (SELECT uuid, json_extract(payload, '$.kind') AS kind, json_extract(payload, '$.buyer') AS buyer
       FROM coord_record WHERE kind = 'market' AND deleted = 0),
 b AS (SELECT uuid, json_extract(payload, '$.name') AS name, json_extract(payload, '$.kind') AS kind
       FROM coord_record WHERE kind = 'buyer' AND deleted = 0),
 co AS (SELECT uuid, json_extract(payload, '$.name') AS name, json_extract(payload, '$.naf') AS naf
        FROM coord_record WHERE kind = 'company' AND deleted = 0),
 hp AS (SELECT h.cents, h.lot, c.modality, c.company, p.ps FROM h JOIN c ON c.uuid = h.contract
        JOIN p ON p.uuid = c.participant),
 people AS (SELECT DISTINCT ps FROM hp WHERE cents > 0),
 first_contract AS (
   SELECT ps, band, start FROM (
     SELECT p.ps, c.band, c.start, ROW_NUMBER() OVER (PARTITION BY p.ps ORDER BY c.start, c.uuid) AS rn
     FROM c JOIN p ON p.uuid = c.participant WHERE c.uuid IN (SELECT contract FROM h WHERE cents > 0))
   WHERE rn = 1)
"""

_TYPED_AGE = ", ".join(f"'{code}'" for code in sorted(TYPED_AGE_CATEGORIES))
_BAND_UNDER_26, _BAND_50 = AGE_BANDS[0][2], AGE_BANDS[-1][2]
# publics at entry (core.rules.publics): the validations in force on the start of the person's earliest
# contract with hours in the range, typed age categories left out, and the age public of that start
_PUBLICS_AT_ENTRY = f"""
        SELECT code, COUNT(DISTINCT ps) FROM (
          SELECT fc.ps AS ps, je.value AS code
          FROM first_contract AS fc JOIN p ON p.ps = fc.ps
          JOIN coord_record AS v ON v.kind = 'validation' AND v.deleted = 0
               AND json_extract(v.payload, '$.participant') = p.uuid,
               json_each(json_extract(v.payload, '$.categories')) AS je
          WHERE json_extract(v.payload, '$.validated_on') <= fc.start
            AND COALESCE(json_extract(v.payload, '$.valid_until'), fc.start) >= fc.start
            AND je.value NOT IN ({_TYPED_AGE})
          UNION ALL
          SELECT ps, CASE band WHEN '{_BAND_UNDER_26}' THEN '{MOINS_26}' ELSE '{PLUS_50}' END
          FROM first_contract WHERE band IN ('{_BAND_UNDER_26}', '{_BAND_50}'))
        GROUP BY code ORDER BY 2 DESC, 1"""

QUERIES: dict[str, str] = {
    "hours_by_mechanism": """
        SELECT je.value AS label,
               (SELECT SUM(l2.target_cents) FROM l AS l2, json_each(l2.mechs) AS j2
                WHERE j2.value = je.value),
               COALESCE(SUM(hp.cents), 0)
        FROM l, json_each(l.mechs) AS je LEFT JOIN hp ON hp.lot = l.uuid
        GROUP BY je.value ORDER BY je.value""",
    "hours_by_modality": "SELECT modality, SUM(cents) FROM hp GROUP BY modality ORDER BY 2 DESC",
    "markets_by_kind": "SELECT kind, COUNT(*) FROM m GROUP BY kind ORDER BY 2 DESC",
    "markets_by_buyer_kind": """
        SELECT COALESCE(b.kind, '?'), COUNT(*) FROM m LEFT JOIN b ON b.uuid = m.buyer
        GROUP BY 1 ORDER BY 2 DESC""",
    "people_by_age_band": """
        SELECT COALESCE(band, 'inconnu'), COUNT(*) FROM first_contract GROUP BY 1 ORDER BY 1""",
    "people_by_sex": """
        SELECT COALESCE(sex, '?'), COUNT(DISTINCT ps) FROM p WHERE ps IN (SELECT ps FROM people)
        GROUP BY 1 ORDER BY 1""",
    "people_by_category": _PUBLICS_AT_ENTRY,
    "people_by_territory": """
        SELECT COALESCE(commune, 'inconnue') || CASE WHEN qpv THEN ' (QPV)' ELSE '' END, COUNT(DISTINCT ps)
        FROM p WHERE ps IN (SELECT ps FROM people) GROUP BY 1 ORDER BY 2 DESC""",
    "contracts_by_type": """
        SELECT ctype, COUNT(*) FROM c WHERE uuid IN (SELECT contract FROM h) GROUP BY 1 ORDER BY 2 DESC""",
    "sorties": """
        SELECT json_extract(s.payload, '$.sortie_category'), COUNT(DISTINCT p.ps)
        FROM coord_record AS s JOIN p ON p.uuid = json_extract(s.payload, '$.participant')
        WHERE s.kind = 'situation' AND s.deleted = 0 AND json_extract(s.payload, '$.moment') = 'sortie'
        GROUP BY 1 ORDER BY 2 DESC""",
    "hours_by_buyer": """
        SELECT COALESCE(b.name, '?'), SUM(hp.cents) FROM hp JOIN l ON l.uuid = hp.lot
        JOIN m ON m.uuid = l.market LEFT JOIN b ON b.uuid = m.buyer GROUP BY 1 ORDER BY 2 DESC""",
    "hours_by_company": """
        SELECT COALESCE(co.name, '?'), SUM(hp.cents) FROM hp LEFT JOIN co ON co.uuid = hp.company
        GROUP BY 1 ORDER BY 2 DESC""",
    "hours_by_sector": """
        SELECT COALESCE(SUBSTR(co.naf, 1, 2), '?'), SUM(hp.cents) FROM hp LEFT JOIN co ON co.uuid = hp.company
        GROUP BY 1 ORDER BY 2 DESC""",
}


def table(
    session: Session, name: str, first: str | None = None, last: str | None = None
) -> list[tuple[Any, ...]]:
    """Rows of one indicator (label, value[, value]); hours come as integer hundredths."""
    rows = session.execute(text(_CTE + QUERIES[name]), {"first": first, "last": last})
    return [tuple(row) for row in rows]


def totals(session: Session, first: str | None = None, last: str | None = None) -> dict[str, int]:
    """markets, participants (distinct pseudonyms with hours), hours in hundredths, companies, buyers."""
    sql = (
        _CTE
        + """
        SELECT (SELECT COUNT(*) FROM m), (SELECT COUNT(*) FROM people),
               (SELECT COALESCE(SUM(cents), 0) FROM hp),
               (SELECT COUNT(DISTINCT company) FROM hp), (SELECT COUNT(*) FROM b),
               (SELECT COUNT(*) FROM coord_record WHERE kind = 'meeting' AND deleted = 0
                  AND json_extract(payload, '$.kind') = 'comite_departemental'),
               (SELECT COALESCE(SUM(target_cents), 0) FROM l)"""
    )
    row = session.execute(text(sql), {"first": first, "last": last}).one()
    keys = (
        "markets",
        "participants",
        "hours_cents",
        "companies",
        "buyers",
        "committee_meetings",
        "planned_cents",
    )
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}

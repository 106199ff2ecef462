"""The comité's figures over a range of months, in SQL, whole or broken down by facilitator or buyer.

Every query returns rows whose first column is the breakdown key: the facilitator's key id
(`fac`), the buyer's SIRET (`siret`) or '' for the whole department (`all`). Counts of records
(contracts, sorties, meetings, marchés) are per facilitator's record, so that the sums over the
facilitators equal the department's total; people are distinct pseudonyms within each key, so a
person who worked for two facilitators counts once in the total.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.orm import Session

from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.core.rules.publics import MOINS_26, PLUS_50, TYPED_AGE_CATEGORIES

#: Breakdown name → the SQL column carrying its key in every CTE below.
SCOPES = {"all": "''", "facilitator": "fac", "buyer": "siret"}
#: Whose validations count for a key's publics: any facilitator's for the department and a buyer, the
#: facilitator's own for a facilitator (so that the publics by facilitator add up).
_VALIDATION_KEY = {"all": "''", "facilitator": "vf.key_id", "buyer": "fc.key"}
#: A buyer without SIRET (the facilitator's form allows it) is grouped under this key.
NO_SIRET = "sans_siret"

_CTE = f"""
WITH
 f AS (SELECT id, key_id FROM coord_facilitator),
 b AS (SELECT uuid, COALESCE(NULLIF(json_extract(payload, '$.siret'), ''), '{NO_SIRET}') AS siret
       FROM coord_record WHERE kind = 'buyer' AND deleted = 0),
 m AS (SELECT r.uuid, b.siret FROM coord_record AS r
       LEFT JOIN b ON b.uuid = json_extract(r.payload, '$.buyer') WHERE r.kind = 'market' AND r.deleted = 0),
 l AS (SELECT r.uuid, json_extract(r.payload, '$.market') AS market, m.siret
       FROM coord_record AS r LEFT JOIN m ON m.uuid = json_extract(r.payload, '$.market')
       WHERE r.kind = 'lot' AND r.deleted = 0),
 p AS (SELECT uuid, json_extract(payload, '$.pseudonym') AS ps
       FROM coord_record WHERE kind = 'participant' AND deleted = 0),
 c AS (SELECT r.uuid, json_extract(r.payload, '$.participant') AS participant,
              json_extract(r.payload, '$.contract_type') AS ctype,
              json_extract(r.payload, '$.age_band') AS band,
              json_extract(r.payload, '$.start_date') AS start, json_extract(r.payload, '$.lot') AS lot
       FROM coord_record AS r WHERE r.kind = 'contract' AND r.deleted = 0),
 hp AS (SELECT CAST(ROUND(json_extract(h.payload, '$.hours_worked') * 100) AS INTEGER) AS cents,
               json_extract(h.payload, '$.contract') AS contract, l.market, c.ctype, c.band, c.start,
               c.participant, p.ps, f.key_id AS fac, l.siret
        FROM coord_record AS h JOIN f ON f.id = h.facilitator_id
        JOIN c ON c.uuid = json_extract(h.payload, '$.contract')
        JOIN p ON p.uuid = c.participant
        LEFT JOIN l ON l.uuid = json_extract(h.payload, '$.lot')
        WHERE h.kind = 'hour_entry' AND h.deleted = 0
          AND json_extract(h.payload, '$.month') BETWEEN :first AND :last),
 worked AS (SELECT * FROM hp WHERE cents > 0),
 s AS (SELECT json_extract(r.payload, '$.participant') AS participant,
              json_extract(r.payload, '$.sortie_category') AS category, f.key_id AS fac, l.siret
       FROM coord_record AS r JOIN f ON f.id = r.facilitator_id
       LEFT JOIN c ON c.uuid = json_extract(r.payload, '$.contract') LEFT JOIN l ON l.uuid = c.lot
       WHERE r.kind = 'situation' AND r.deleted = 0 AND json_extract(r.payload, '$.moment') = 'sortie'
         AND substr(json_extract(r.payload, '$.observed_on'), 1, 7) BETWEEN :first AND :last),
 mt AS (SELECT json_extract(r.payload, '$.kind') AS kind, f.key_id AS fac, m.siret
        FROM coord_record AS r JOIN f ON f.id = r.facilitator_id
        LEFT JOIN m ON m.uuid = json_extract(r.payload, '$.market')
        WHERE r.kind = 'meeting' AND r.deleted = 0
          AND substr(json_extract(r.payload, '$.held_on'), 1, 7) BETWEEN :first AND :last),
 tr AS (SELECT p.ps, json_extract(t.payload, '$.outcome') AS outcome, f.key_id AS fac, l.siret
        FROM coord_record AS t JOIN f ON f.id = t.facilitator_id
        JOIN coord_record AS ts ON ts.kind = 'training_session' AND ts.deleted = 0
             AND ts.uuid = json_extract(t.payload, '$.session')
        JOIN p ON p.uuid = json_extract(t.payload, '$.participant')
        LEFT JOIN l ON l.uuid = COALESCE(json_extract(ts.payload, '$.counted_lot'),
                                         json_extract(ts.payload, '$.lots[0]'))
        WHERE t.kind = 'trainee' AND t.deleted = 0
          AND substr(json_extract(ts.payload, '$.start_date'), 1, 7) <= :last
          AND substr(json_extract(ts.payload, '$.end_date'), 1, 7) >= :first)
"""

_TYPED_AGE = ", ".join(f"'{code}'" for code in sorted(TYPED_AGE_CATEGORIES))
_BAND_UNDER_26, _BAND_50 = AGE_BANDS[0][2], AGE_BANDS[-1][2]

# publics at entry (core.rules.publics), within each key: the validations in force on the start of the
# person's earliest contract with hours in the range, typed age categories left out, plus the age public
_PUBLICS = f"""
        , fc AS (SELECT key, ps, band, start FROM (
            SELECT {{k}} AS key, ps, band, start,
                   ROW_NUMBER() OVER (PARTITION BY {{k}}, ps ORDER BY start, contract) AS rn FROM worked)
            WHERE rn = 1)
        , pub AS (SELECT DISTINCT key, ps, code FROM (
          SELECT fc.key AS key, fc.ps AS ps, je.value AS code
          FROM fc JOIN p ON p.ps = fc.ps
          JOIN coord_record AS v ON v.kind = 'validation' AND v.deleted = 0
               AND json_extract(v.payload, '$.participant') = p.uuid
          JOIN f AS vf ON vf.id = v.facilitator_id AND {{kv}} = fc.key,
               json_each(json_extract(v.payload, '$.categories')) AS je
          WHERE json_extract(v.payload, '$.validated_on') <= fc.start
            AND COALESCE(json_extract(v.payload, '$.valid_until'), fc.start) >= fc.start
            AND je.value NOT IN ({_TYPED_AGE})
          UNION ALL
          SELECT key, ps, CASE band WHEN '{_BAND_UNDER_26}' THEN '{MOINS_26}' ELSE '{PLUS_50}' END
          FROM fc WHERE band IN ('{_BAND_UNDER_26}', '{_BAND_50}')))
"""

# {k} is replaced by the scope's column; every query yields (key, label, value)
_QUERIES: dict[str, str] = {
    "hours_total": "SELECT {k}, '', COALESCE(SUM(cents), 0) FROM hp GROUP BY 1",
    "people": "SELECT {k}, '', COUNT(DISTINCT ps) FROM worked GROUP BY 1",
    "markets_followed": "SELECT {k}, '', COUNT(DISTINCT market) FROM worked GROUP BY 1",
    "contracts_by_type": "SELECT {k}, ctype, COUNT(DISTINCT contract) FROM worked GROUP BY 1, 2",
    "sorties": "SELECT {k}, category, COUNT(DISTINCT participant) FROM s GROUP BY 1, 2",
    "meetings": "SELECT {k}, kind, COUNT(*) FROM mt GROUP BY 1, 2",
    "trainees": "SELECT {k}, outcome, COUNT(DISTINCT ps) FROM tr GROUP BY 1, 2",
    "publics_at_entry": _PUBLICS + "SELECT key, code, COUNT(DISTINCT ps) FROM pub GROUP BY 1, 2",
    "hours_by_public": _PUBLICS
    + """
        SELECT pub.key, pub.code, SUM(w.cents) FROM pub JOIN worked AS w ON w.ps = pub.ps AND {k} = pub.key
        GROUP BY 1, 2""",
}
FIGURES = tuple(_QUERIES)


def figure_rows(session: Session, scope: str, first: str, last: str) -> Iterator[tuple[str, str, str, int]]:
    """(figure, key, label, value) for every figure of `FIGURES` over months `first`..`last` (YYYY-MM).

    Hours come as integer hundredths; a NULL key (a record without buyer) is left out of a breakdown.
    """
    column = SCOPES[scope]
    for name, query in _QUERIES.items():
        sql = _CTE + query.replace("{k}", column).replace("{kv}", _VALIDATION_KEY[scope])
        for key, label, value in session.execute(text(sql), {"first": first, "last": last}):
            if key is not None:
                yield name, str(key), "" if label is None else str(label), int(value or 0)


def facilitator_keys(session: Session) -> list[str]:
    """Key ids of every enrolled facilitator (revoked ones included: their records still count)."""
    rows = session.execute(text("SELECT key_id FROM coord_facilitator ORDER BY key_id")).scalars()
    return [str(key) for key in rows]

"""The comité's figures over a range of months, in SQL, whole or by facilitator, buyer or territory.

A sortie is placed (buyer, territory) by its contract's lot, else by the person's latest contract's lot.
Partners (buyers, companies) are told apart by SIRET, so that one company working with two facilitators
counts once in the total, like a person.
Every query returns rows whose first column is the breakdown key: the facilitator's key id
(`fac`), the buyer's SIRET (`siret`), the EPCI of the marché's place (`terr`) or '' for the whole
department (`all`). Counts of records
(contracts, sorties, meetings, marchés) are per facilitator's record, so that the sums over the
facilitators equal the department's total; people are distinct pseudonyms within each key, so a
person who worked for two facilitators counts once in the total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.core.rules.publics import MOINS_26, PLUS_50, TYPED_AGE_CATEGORIES

#: Breakdown name → the SQL column carrying its key in every CTE below.
SCOPES = {"all": "''", "facilitator": "fac", "buyer": "siret", "territory": "terr"}
#: Whose validations count for a key's publics: any facilitator's for the department and a buyer, the
#: facilitator's own for a facilitator (so that the publics by facilitator add up).
_VALIDATION_KEY = {"all": "''", "facilitator": "vf.key_id", "buyer": "fc.key", "territory": "fc.key"}
#: A buyer without SIRET (the facilitator's form allows it) is grouped under this key.
NO_SIRET = "sans_siret"
#: Records whose marché has no place (no commune, or one outside the geographic code) go under this key.
NO_TERRITORY = "sans_territoire"
#: SIAE kinds of company (core.vocab.CompanyKind.is_siae), counted apart among the partners.
_SIAE = "'ei', 'ai', 'aci', 'etti', 'eiti'"

_CTE = f"""
WITH
 f AS (SELECT id, key_id FROM coord_facilitator),
 g AS ({{geo}}),
 b AS (SELECT uuid, COALESCE(NULLIF(json_extract(payload, '$.siret'), ''), '{NO_SIRET}') AS siret,
              COALESCE(NULLIF(json_extract(payload, '$.siret'), ''), uuid) AS ident
       FROM coord_record WHERE kind = 'buyer' AND deleted = 0),
 co AS (SELECT uuid, json_extract(payload, '$.kind') AS kind,
               COALESCE(NULLIF(json_extract(payload, '$.siret'), ''), uuid) AS ident
        FROM coord_record WHERE kind = 'company' AND deleted = 0),
 m AS (SELECT r.uuid, b.siret, b.ident AS buyer, g.epci AS terr, json_extract(r.payload, '$.ref') AS ref
       FROM coord_record AS r LEFT JOIN b ON b.uuid = json_extract(r.payload, '$.buyer')
       LEFT JOIN g ON g.commune = json_extract(r.payload, '$.commune_code')
       WHERE r.kind = 'market' AND r.deleted = 0),
 l AS (SELECT r.uuid, json_extract(r.payload, '$.market') AS market, m.siret, m.buyer, m.terr, m.ref AS mref,
              json_extract(r.payload, '$.ref') AS lref
       FROM coord_record AS r LEFT JOIN m ON m.uuid = json_extract(r.payload, '$.market')
       WHERE r.kind = 'lot' AND r.deleted = 0),
 p AS (SELECT uuid, json_extract(payload, '$.pseudonym') AS ps
       FROM coord_record WHERE kind = 'participant' AND deleted = 0),
 c AS (SELECT r.uuid, json_extract(r.payload, '$.participant') AS participant,
              json_extract(r.payload, '$.contract_type') AS ctype,
              json_extract(r.payload, '$.age_band') AS band, json_extract(r.payload, '$.company') AS company,
              json_extract(r.payload, '$.start_date') AS start, json_extract(r.payload, '$.lot') AS lot
       FROM coord_record AS r WHERE r.kind = 'contract' AND r.deleted = 0),
 hp AS (SELECT CAST(ROUND(json_extract(h.payload, '$.hours_worked') * 100) AS INTEGER) AS cents,
               json_extract(h.payload, '$.contract') AS contract, l.market, c.ctype, c.band, c.start,
               c.participant, p.ps, f.key_id AS fac, l.siret, l.buyer, c.company,
               json_extract(h.payload, '$.lot') AS lot, COALESCE(l.terr, '{NO_TERRITORY}') AS terr,
               json_extract(h.payload, '$.month') AS month, l.mref, l.lref
        FROM coord_record AS h JOIN f ON f.id = h.facilitator_id
        JOIN c ON c.uuid = json_extract(h.payload, '$.contract')
        JOIN p ON p.uuid = c.participant
        LEFT JOIN l ON l.uuid = json_extract(h.payload, '$.lot')
        WHERE h.kind = 'hour_entry' AND h.deleted = 0
          AND json_extract(h.payload, '$.month') BETWEEN :first AND :last),
 worked AS (SELECT * FROM hp WHERE cents > 0),
 lastc AS (SELECT participant, lot FROM (
            SELECT participant, lot, ROW_NUMBER() OVER (PARTITION BY participant ORDER BY start DESC, uuid)
                   AS rn FROM c) AS ranked WHERE rn = 1),
 s AS (SELECT json_extract(r.payload, '$.participant') AS participant,
              json_extract(r.payload, '$.sortie_category') AS category, f.key_id AS fac,
              COALESCE(l.siret, l2.siret) AS siret, COALESCE(l.terr, l2.terr, '{NO_TERRITORY}') AS terr
       FROM coord_record AS r JOIN f ON f.id = r.facilitator_id
       LEFT JOIN c ON c.uuid = json_extract(r.payload, '$.contract') LEFT JOIN l ON l.uuid = c.lot
       LEFT JOIN lastc ON lastc.participant = json_extract(r.payload, '$.participant')
       LEFT JOIN l AS l2 ON l2.uuid = lastc.lot
       WHERE r.kind = 'situation' AND r.deleted = 0 AND json_extract(r.payload, '$.moment') = 'sortie'
         AND substr(json_extract(r.payload, '$.observed_on'), 1, 7) BETWEEN :first AND :last),
 mt AS (SELECT json_extract(r.payload, '$.kind') AS kind, f.key_id AS fac, m.siret,
               COALESCE(m.terr, '{NO_TERRITORY}') AS terr
        FROM coord_record AS r JOIN f ON f.id = r.facilitator_id
        LEFT JOIN m ON m.uuid = json_extract(r.payload, '$.market')
        WHERE r.kind = 'meeting' AND r.deleted = 0
          AND substr(json_extract(r.payload, '$.held_on'), 1, 7) BETWEEN :first AND :last),
 tr AS (SELECT p.ps, json_extract(t.payload, '$.outcome') AS outcome, f.key_id AS fac, l.siret,
               COALESCE(l.terr, '{NO_TERRITORY}') AS terr
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
_QUERIES["partners"] = f"""
    SELECT {{k}}, 'buyers', COUNT(DISTINCT buyer) FROM worked GROUP BY 1
    UNION ALL
    SELECT {{k}}, CASE WHEN co.kind IN ({_SIAE}) THEN 'siae' ELSE 'companies' END, COUNT(DISTINCT co.ident)
    FROM worked JOIN co ON co.uuid = worked.company GROUP BY 1, 2"""
# a lot may combine several mechanisms: its hours count under each of them
_MECHANISMS = """
    , lm AS (SELECT r.uuid AS lot, je.value AS mech FROM coord_record AS r,
                  json_each(json_extract(r.payload, '$.mechanisms')) AS je
             WHERE r.kind = 'lot' AND r.deleted = 0)"""
_QUERIES["lots_by_mechanism"] = (
    _MECHANISMS + " SELECT {k}, lm.mech, COUNT(DISTINCT worked.lot) FROM worked"
    " JOIN lm ON lm.lot = worked.lot GROUP BY 1, 2"
)
_QUERIES["hours_by_mechanism"] = (
    _MECHANISMS + " SELECT {k}, lm.mech, SUM(cents) FROM worked JOIN lm ON lm.lot = worked.lot GROUP BY 1, 2"
)
FIGURES = tuple(_QUERIES)


def _geo_table(epci_of: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A (commune, epci) table as a sub-query with bound values (an empty one when none is known)."""
    if not epci_of:
        return "SELECT '' AS commune, '' AS epci WHERE 1 = 0", {}
    parts, params = [], {}
    for i, (commune, epci) in enumerate(sorted(epci_of.items())):
        parts.append(f"SELECT :gc{i} AS commune, :ge{i} AS epci")
        params[f"gc{i}"], params[f"ge{i}"] = commune, epci
    return " UNION ALL ".join(parts), params


def figure_rows(
    session: Session, scope: str, first: str, last: str, epci_of: dict[str, str] | None = None
) -> Iterator[tuple[str, str, str, int]]:
    """(figure, key, label, value) for every figure of `FIGURES` over months `first`..`last` (YYYY-MM).

    Hours come as integer hundredths; a NULL key (a record without buyer) is left out of a breakdown.
    `epci_of` maps the marchés' communes to their EPCI (for the territory breakdown).
    """
    column = SCOPES[scope]
    geo_sql, params = _geo_table(epci_of or {})
    cte = _CTE.replace("{geo}", geo_sql)
    for name, query in _QUERIES.items():
        sql = cte + query.replace("{k}", column).replace("{kv}", _VALIDATION_KEY[scope])
        for key, label, value in session.execute(text(sql), {"first": first, "last": last, **params}):
            if key is not None:
                yield name, str(key), "" if label is None else str(label), int(value or 0)


def facilitator_keys(session: Session) -> list[str]:
    """Key ids of every enrolled facilitator (revoked ones included: their records still count)."""
    rows = session.execute(text("SELECT key_id FROM coord_facilitator ORDER BY key_id")).scalars()
    return [str(key) for key in rows]


def market_communes(session: Session) -> set[str]:
    """The communes of the merged marchés (their operation's place), for the commune → EPCI table."""
    stmt = text(
        "SELECT DISTINCT json_extract(payload, '$.commune_code') FROM coord_record "
        "WHERE kind = 'market' AND deleted = 0"
    )
    return {str(code) for code in session.execute(stmt).scalars() if code}


@dataclass(frozen=True)
class AnnualRow:
    """One contract's work on one lot in the months asked: the pseudonymous annual list's line."""

    facilitator: str  # key id
    market_ref: str
    lot_ref: str
    pseudonym: str
    contract_type: str
    first_month: str
    last_month: str
    cents: int


def annual_rows(session: Session, first: str, last: str) -> list[AnnualRow]:
    """Clause employees by marché and work period (pseudonyms only), months `first`..`last`."""
    sql = _CTE.replace("{geo}", _geo_table({})[0]) + """
        SELECT fac, COALESCE(mref, ''), COALESCE(lref, ''), ps, COALESCE(ctype, ''), MIN(month), MAX(month),
               SUM(cents)
        FROM worked GROUP BY fac, contract, lot, mref, lref, ps, ctype ORDER BY 2, 3, 6, 4"""
    found = session.execute(text(sql), {"first": first, "last": last})
    return [AnnualRow(str(a), str(b), str(c), str(d), str(e), str(f), str(g), int(h or 0))
            for a, b, c, d, e, f, g, h in found]  # fmt: skip


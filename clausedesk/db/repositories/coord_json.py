"""Reading the coordinator's record payloads (JSON text) in SQL, the same on SQLite and PostgreSQL.

Fields are read with SQLAlchemy's JSON operators (`payload["month"].as_string()`), which compile to
`json_extract` on SQLite and `->>` on PostgreSQL; the payload column is text, seen as JSON as it is on
SQLite and cast to JSONB on PostgreSQL (`PayloadJSON`). A JSON array of strings becomes rows with
`array_items` (SQLite's json_each, PostgreSQL's jsonb_array_elements_text), and a mapping bound as one
JSON object becomes (key, value) rows with `object_items` (json_each, jsonb_each_text). Hours travel as
decimal strings ("12.50") and are summed as integer hundredths, through NUMERIC on both engines (no float).
"""

from __future__ import annotations

import json
from typing import Any, TypeAlias

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    Select,
    String,
    cast,
    func,
    literal,
    literal_column,
    select,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import NamedFromClause, TableValuedAlias

from clausedesk.db.models import CoordFacilitator, CoordRecord

#: A SELECT of any columns (SQLAlchemy 2.1's Select is generic over its column types).
AnySelect: TypeAlias = Select[*tuple[Any, ...]]
RECORD = CoordRecord.__table__
FACILITATOR = CoordFacilitator.__table__


class PayloadJSON(FunctionElement[Any]):
    """A JSON-text column seen as JSON: itself on SQLite, `CAST(… AS JSONB)` on PostgreSQL."""

    inherit_cache = True
    name = "payload_json"
    type = JSON()


@compiles(PayloadJSON)
def _payload_default(element: PayloadJSON, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(PayloadJSON, "postgresql")
def _payload_postgresql(element: PayloadJSON, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS JSONB)"


class _ArrayItems(FunctionElement[Any]):
    """The strings of a JSON array field of a payload, one row each (column `value`)."""

    inherit_cache = True
    name = "array_items"


@compiles(_ArrayItems)
def _items_sqlite(element: _ArrayItems, compiler: SQLCompiler, **kw: Any) -> str:
    payload, key = element.clauses
    return f"json_each({compiler.process(payload, **kw)}, '$.' || {compiler.process(key, **kw)})"


@compiles(_ArrayItems, "postgresql")
def _items_postgresql(element: _ArrayItems, compiler: SQLCompiler, **kw: Any) -> str:
    payload, key = element.clauses
    return (
        f"jsonb_array_elements_text(CAST({compiler.process(payload, **kw)} AS JSONB) -> "
        f"{compiler.process(key, **kw)})"
    )


def array_items(record: NamedFromClause, key: str) -> TableValuedAlias:
    """Rows (column `value`) of the strings in the payload's array `key`: join it to `record` ON true
    (a function in FROM may read the tables before it, on both engines)."""
    return _ArrayItems(record.c.payload, literal_column(f"'{key}'")).table_valued("value")


class _ObjectItems(FunctionElement[Any]):
    """The (key, value) pairs of a JSON object of strings, one row each."""

    inherit_cache = True
    name = "object_items"


@compiles(_ObjectItems)
def _object_sqlite(element: _ObjectItems, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(_ObjectItems, "postgresql")
def _object_postgresql(element: _ObjectItems, compiler: SQLCompiler, **kw: Any) -> str:
    return f"jsonb_each_text(CAST({compiler.process(element.clauses, **kw)} AS JSONB))"


def object_items(mapping: dict[str, str]) -> TableValuedAlias:
    """Rows (columns `key`, `value`) of `mapping`, bound as one JSON parameter: the statement stays the
    same whatever the mapping's size (cached once compiled; no compound SELECT of one row per entry)."""
    bound = literal(json.dumps(mapping, sort_keys=True, ensure_ascii=False), String)
    return _ObjectItems(bound).table_valued("key", "value")


def field(record: NamedFromClause, key: str) -> ColumnElement[str]:
    """The payload's text field `key` (NULL when absent or null)."""
    value: ColumnElement[str] = PayloadJSON(record.c.payload)[key].as_string()
    return value


def flag(record: NamedFromClause, key: str) -> ColumnElement[bool]:
    value: ColumnElement[bool] = PayloadJSON(record.c.payload)[key].as_boolean()
    return value


def cents(record: NamedFromClause, key: str) -> ColumnElement[int]:
    """The payload's decimal-string hours `key` as integer hundredths."""
    return cast(func.round(PayloadJSON(record.c.payload)[key].as_numeric(14, 2) * 100), Integer)


def live(kind: str, name: str) -> tuple[NamedFromClause, ColumnElement[bool]]:
    """The live records of `kind` (uuid, owner, payload seen as JSON) as a CTE named `name`, and the
    condition left for the caller (always true: kept so that joins read alike).

    On PostgreSQL the CTE is MATERIALIZED: each payload is cast to JSONB once, and every field is then
    read from the binary value (without it, each field read would parse the text again). On SQLite,
    where fields are read from the text as it is, the CTE is folded into each query that reads it.
    """
    record = RECORD.alias(f"{name}_all")
    cte = (
        select(record.c.uuid, record.c.facilitator_id, PayloadJSON(record.c.payload).label("payload"))
        .where(record.c.kind == kind, record.c.deleted.is_(False))
        .cte(name)
        .prefix_with("MATERIALIZED", dialect="postgresql")
        .prefix_with("NOT MATERIALIZED", dialect="sqlite")
    )
    return cte, true()


def month_of(record: NamedFromClause, key: str) -> ColumnElement[str]:
    """The "YYYY-MM" of the payload's date field `key`."""
    return func.substr(field(record, key), 1, 7)

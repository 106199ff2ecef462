"""What a relevé import does with each row: the outcomes shown in the preview and the per-row checks.

`check_row` matches one row of the file to a contract of the company (by the hidden identifier,
else by name and lot) and checks it (known person, active contract, own cells, duplicates, the
month's cap); the French message of a row in error names its sheet and row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.rules.people import normalise_name
from clausedesk.core.rules.progress import month_bounds
from clausedesk.reports.releve_reader import ReleveRow, ReleveWarning, where

ZERO = Decimal("0.00")

OUTCOME_PLURALS = {
    "new": "nouveaux",
    "changed": "modifiés",
    "unchanged": "inchangés",
    "removed": "supprimés",
    "error": "en erreur",
}
OUTCOME_LABELS = {
    "new": "Nouveau",
    "changed": "Modifié",
    "unchanged": "Inchangé",
    "removed": "Supprimé",
    "error": "Erreur",
}


@dataclass(slots=True)
class RowOutcome:
    """What the import does (or refuses) for one row of the file (row None: an entry absent from the file)."""

    row: int | None
    outcome: str  # new | changed | unchanged | removed | error
    person: str
    lot: str
    contract_uuid: str | None
    hours_worked: Decimal | None
    hours_training: Decimal | None
    previous_hours_worked: Decimal | None = None
    previous_hours_training: Decimal | None = None
    message: str = ""
    hours_tutoring: Decimal | None = None  # the file's tutoring hours (None: no tutoring column)
    previous_hours_tutoring: Decimal | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in self.__slots__:
            value = getattr(self, key)
            data[key] = float(value) if isinstance(value, Decimal) else value
        return data


@dataclass
class ImportResult:
    file_name: str
    sha256: str
    sheet: str
    company_name: str
    siret: str
    month: str
    outcomes: list[RowOutcome]
    format: str = "xlsx"  # xlsx, xls, ods or csv: what the file is, whatever its extension
    mapping: dict[str, str] = field(default_factory=dict)  # role -> the file's header
    warnings: list[ReleveWarning] = field(default_factory=list)
    written: bool = False
    source_id: int | None = None
    backup: Path | None = None  # the "avant-import" backup taken before the write
    # internal plan of the write, built with the preview
    _plan: dict[str, Any] = field(default_factory=dict, repr=False)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def errors(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.outcome == "error"]

    @property
    def has_changes(self) -> bool:
        return any(o.outcome in ("new", "changed", "removed") for o in self.outcomes)

    def summary(self) -> str:
        parts = [
            f"{n} {OUTCOME_LABELS[k].lower() if n == 1 else OUTCOME_PLURALS[k]}"
            for k in OUTCOME_LABELS
            if (n := self.count(k))
        ]
        return f"Relevé de {self.company_name} ({self.siret}), {month_label(self.month)} : " + ", ".join(
            parts or ["aucune ligne"]
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "sha256": self.sha256,
            "format": self.format,
            "sheet": self.sheet,
            "mapping": self.mapping,
            "warnings": [w.as_json() for w in self.warnings],
            "company_siret": self.siret,
            "company": self.company_name,
            "month": self.month,
            "written": self.written,
            "source_id": self.source_id,
            "counts": {k: self.count(k) for k in OUTCOME_LABELS},
            "rows": [o.as_json() for o in self.outcomes],
        }


class ContractsByName:
    """The company's contracts by (normalised last name, first name), built only when a row needs it.

    Rows of ClauseDesk's template carry the contract's identifier: the names of 10,000 contracts are
    normalised only for a file of the company's own layout.
    """

    def __init__(self, contracts: Sequence[Any]) -> None:
        self._contracts = contracts
        self._index: dict[tuple[str, str], list[Any]] | None = None

    def get(self, key: tuple[str, str], default: list[Any]) -> list[Any]:
        if self._index is None:
            self._index = defaultdict(list)
            for c in self._contracts:
                self._index[(normalise_name(c[3]), normalise_name(c[4]))].append(c)
        return self._index.get(key, default)

    def find(self, last_name: str, first_name: str) -> list[Any]:
        """The contracts of a person by name; with no first name, `last_name` may hold « NOM Prénom »
        (or « Prénom NOM ») in one column: every split of its words is tried, duplicates removed."""
        found = self.get((normalise_name(last_name), normalise_name(first_name)), [])
        if found or first_name:
            return found
        words = normalise_name(last_name).split()
        seen: dict[int, Any] = {}
        for i in range(1, len(words)):
            for last, first in ((words[:i], words[i:]), (words[i:], words[:i])):
                for c in self.get((" ".join(last), " ".join(first)), []):
                    seen.setdefault(c[0], c)
        return list(seen.values())


def _full_names(contract: Any) -> set[str]:
    last, first = normalise_name(contract[3]), normalise_name(contract[4])
    return {f"{last} {first}", f"{first} {last}"}


def _lot_matches(text: str, ref: str, number: str, title: str) -> bool:
    key = normalise_name(text)
    if not key:
        return True
    return key in {
        normalise_name(ref),
        normalise_name(number),
        normalise_name(f"lot {number}"),
        normalise_name(title),
    }


def check_row(
    row: ReleveRow,
    sheet: str,
    month: str,
    cap: Decimal,
    by_uuid: dict[str, Any],
    by_name: ContractsByName,
    elsewhere: dict[str, Any],
    seen: dict[int, int],
) -> RowOutcome:
    """The row matched to its contract and checked: outcome "ok" (new/changed/unchanged decided by the
    caller against the store) or "error" with its French message. `seen` collects the contracts met."""
    out = RowOutcome(row.row, "error", row.person, row.lot, row.uuid, row.worked, row.training)
    out.hours_tutoring = row.tutoring
    place = where(sheet, row.row)
    contract = by_uuid.get(row.uuid) if row.uuid else None
    if row.uuid and contract is None:
        other = elsewhere.get(row.uuid)
        if other is None or other[5] is not None:
            out.message = (
                f"{place} : personne inconnue (identifiant de contrat « {row.uuid} » introuvable). "
                "Ne modifiez pas la colonne « Identifiant » ; pour une nouvelle personne, créez "
                "d'abord son contrat puis générez un nouveau modèle."
            )
        elif other[3] > month_bounds(month)[1] or (
            other[4] is not None and other[4] < month_bounds(month)[0]
        ):
            out.message = (
                f"{place} : le contrat de {row.person or 'cette personne'} n'est pas actif en "
                f"{month_label(month)} (du {date_fr(other[3])} au {date_fr(other[4]) or '…'}) ; "
                "vérifiez le mois du relevé ou les dates du contrat."
            )
        else:
            out.message = (
                f"{place} : ce contrat appartient à une autre entreprise ({other[2]}) ; "
                "importez ce relevé avec celui de la bonne entreprise."
            )
        return out
    if contract is None:
        if not row.last_name:
            out.message = (
                f"{place} : ni identifiant de contrat ni nom : impossible de savoir à qui sont ces heures."
            )
            return out
        candidates = [
            c for c in by_name.find(row.last_name, row.first_name) if _lot_matches(row.lot, c[5], c[6], c[7])
        ]
        if not candidates:
            out.message = (
                f"{place} : personne inconnue : {row.person or '(sans nom)'}"
                f"{f' (lot {row.lot})' if row.lot else ''} n'a pas de contrat actif en "
                f"{month_label(month)} dans cette entreprise. Vérifiez l'orthographe du nom, ou créez "
                "d'abord son contrat."
            )
            return out
        if len(candidates) > 1:
            out.message = (
                f"{place} : {row.person} a {len(candidates)} contrats actifs en {month_label(month)} "
                "dans cette entreprise ; précisez le lot, ou utilisez le modèle de ClauseDesk "
                "(colonne « Identifiant »)."
            )
            return out
        contract = candidates[0]
    elif (
        row.last_name
        and row.last_name != contract[3]
        and normalise_name(row.last_name) != normalise_name(contract[3])
        and (row.first_name or normalise_name(row.last_name) not in _full_names(contract))
    ):
        out.message = (
            f"{place} : le nom « {row.last_name} » ne correspond pas au contrat identifié "
            f"({contract[3]} {contract[4]}) ; des lignes ont peut-être été déplacées ou recopiées. "
            "Corrigez le nom ou reprenez le modèle."
        )
        return out
    out.contract_uuid = contract[1]
    out.person, out.lot = f"{contract[3]} {contract[4]}", contract[5]
    if row.errors:
        out.message = " ; ".join(row.errors)
        return out
    if contract[0] in seen:
        out.message = (
            f"{place} : ligne en double : {out.person} (lot {contract[5]}) figure déjà à la ligne "
            f"{seen[contract[0]]} ; gardez une seule ligne par personne et par lot."
        )
        return out
    seen[contract[0]] = row.row
    worked, training = row.worked or ZERO, row.training or ZERO
    if worked + training > cap:
        out.message = (
            f"{place} : {hours(worked + training)} pour {out.person} dépassent ce qu'un mois peut "
            f"contenir ({hours(cap)} en {month_label(month)}) ; vérifiez la saisie "
            "(une erreur de virgule ?)."
        )
        return out
    if row.tutoring is not None and row.tutoring > cap:  # the staff's hours for the person: a month at most
        out.message = (
            f"{place} : {hours(row.tutoring)} de tutorat pour {out.person} dépassent ce qu'un mois peut "
            f"contenir ({hours(cap)} en {month_label(month)}) ; vérifiez la saisie "
            "(une erreur de virgule ?)."
        )
        return out
    out.outcome = "ok"
    return out


def lines_fr(count: int) -> str:
    """« 1 ligne », « 3 lignes »: a count of rows in French."""
    return f"{count} ligne" if count <= 1 else f"{count} lignes"


def validated_message(sheet: str, row: int, month: str, person: str, current: Decimal) -> str:
    return (
        f"{where(sheet, row)} : le relevé de {month_label(month)} est déjà validé pour "
        f"{person} ({hours(current)}) ; annulez la validation dans la fenêtre avant de "
        "réimporter."
    )


def validated_absent_message(person: str, month: str) -> str:
    return (
        f"{person} a des heures validées en {month_label(month)} mais n'apparaît pas "
        "dans le fichier ; "
        "annulez la validation ou ajoutez la ligne avant de réimporter."
    )

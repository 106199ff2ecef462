"""Builds the demonstration data set as plain rows (table name → list of dicts), deterministically."""

from __future__ import annotations

import random
import uuid as uuid_mod
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from clausedesk.core.demo import names as N
from clausedesk.core.demo.eligibility import age_categories_agree, validations_before_contracts
from clausedesk.core.demo.journal import add_journal, add_territory_meetings
from clausedesk.core.demo.markets import add_buyers, add_markets_and_lots, add_months
from clausedesk.core.demo.parcours import add_conventions, add_trainings
from clausedesk.core.demo.recruitment import add_recruitment
from clausedesk.core.rules.identifiers import luhn_complete
from clausedesk.core.rules.progress import month_bounds, months_between, prorata_temporis

Row = dict[str, Any]


@dataclass(frozen=True)
class Scale:
    years: int
    buyers: int
    lots: int
    companies: int
    participants: int
    contracts: int
    hour_entries: int
    steady: bool = False
    """Lots and people spread evenly over the years (a facilitator's steady activity). False (small): the
    activity is gathered in the last months, the demonstration's months, as the tests' golden files expect."""


SCALES = {
    "small": Scale(years=1, buyers=6, lots=24, companies=30, participants=45, contracts=55, hour_entries=260),
    # one facilitator over ten years: tens of marchés a year, 30 to 150 lots running and 50 to 300 people at
    # work in any month, one or two hundred people a year (DOMAIN.md)
    "decade": Scale(
        years=10, buyers=30, lots=580, companies=400, participants=1200, contracts=1700, hour_entries=13000,
        steady=True,
    ),
    "tenfold": Scale(
        years=10,
        buyers=400,
        lots=20000,
        companies=15000,
        participants=30000,
        contracts=60000,
        hour_entries=400000,
        steady=True,
    ),
}


@dataclass
class Reference:
    """Ids of the seeded reference rows the demo points at (code → id)."""

    categories: dict[str, int]
    contract_types: dict[str, int]
    outcomes: dict[str, int]


@dataclass
class DemoData:
    tables: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, table: str, row: Row) -> Row:
        rows = self.tables.setdefault(table, [])
        row.setdefault("id", len(rows) + 1)
        rows.append(row)
        return row


class Generator:
    def __init__(self, scale: Scale, seed: int, until: str, ref: Reference) -> None:
        self.s = scale
        self.rng = random.Random(seed)
        self.seed = seed
        self.until = until
        self.until_first, self.until_last = month_bounds(until)
        self.start = add_months(self.until_first, -12 * scale.years)
        self.ref = ref
        self.data = DemoData()
        self.now = datetime(self.until_first.year, self.until_first.month, 1, 8, 0)
        self.sirets: set[str] = set()
        self.entry_age: dict[int, int] = {}  # participant id → age at the first contract
        self._cursor = 0  # next person in the shuffled order of people (small scale)
        self._misses = 0  # busy people met in a row (small scale)

    # -- helpers -------------------------------------------------------------------------------
    def uuid(self) -> str:
        return str(uuid_mod.UUID(int=self.rng.getrandbits(128), version=4))

    def sync(self) -> Row:
        return {
            "uuid": self.uuid(),
            "rev": 1,
            "created_at": self.now,
            "updated_at": self.now,
            "deleted_at": None,
        }

    def day_between(self, a: date, b: date) -> date:
        return a + timedelta(days=self.rng.randint(0, max(0, (b - a).days)))

    def siret(self) -> str:
        while True:
            siren = luhn_complete("".join(str(self.rng.randint(0, 9)) for _ in range(8)))
            if siren.startswith("0") or siren.startswith("356000000"):
                continue
            value = luhn_complete(siren + f"{self.rng.randint(1, 99):04d}")
            if value not in self.sirets:
                self.sirets.add(value)
                return value

    # -- the data set --------------------------------------------------------------------------
    def build(self) -> DemoData:
        add_buyers(self)
        add_markets_and_lots(self)
        self.companies_and_attributions()
        self.participants()
        self.contracts_and_hours()
        age_categories_agree(self.data, self.ref)
        add_journal(self)
        add_recruitment(self)
        add_territory_meetings(self)
        if validations_before_contracts(self.data):
            age_categories_agree(self.data, self.ref)
        add_conventions(self, self.seed)  # last, with their own random draws: the rows above are unchanged
        add_trainings(self, self.seed)
        return self.data

    def companies_and_attributions(self) -> None:
        siae_kinds = ("ei", "ai", "aci", "etti", "geiq", "ea", "esat", "eiti")
        for i in range(self.s.companies):
            siae = self.rng.random() < 0.15
            code, commune, _ = self.rng.choice(N.COMMUNES)
            trade = self.rng.choice(N.TRADES)
            if siae:
                kind = self.rng.choice(siae_kinds)
                name = self.rng.choice(N.SIAE_NAMES)
                naf = {"etti": "78.20Z", "ai": "78.30Z", "geiq": "78.30Z", "esat": "88.10C"}.get(
                    kind, trade[4][0]
                )
            else:
                kind = "entreprise"
                name = f"{self.rng.choice(N.COMPANY_WORDS)} {self.rng.choice(N.COMPANY_WORDS)}"
                naf = self.rng.choice(trade[4])
            self.data.add(
                "company",
                {
                    **self.sync(),
                    "siret": self.siret(),
                    "name": f"{name} {commune}" if i >= 40 else name,
                    "naf": naf,
                    "kind": kind,
                    "address": f"{self.rng.randint(1, 90)} ZA {self.rng.choice(N.PLACE_NAMES)}",
                    "commune_code": code,
                    "contact_name": None,
                    "contact_email": None,
                    "contact_phone": None,
                    "notes": None,
                },
            )
        companies = self.data.tables["company"]
        insertion_companies = [c for c in companies if c["kind"] != "entreprise"] or companies
        self.holders: dict[int, list[tuple[int, str]]] = {}
        for lot in self.data.tables["lot"]:
            holder = self.rng.choice(companies)
            pairs = [(holder["id"], "titulaire")]
            if self.rng.random() < 0.25:
                pairs.append((self.rng.choice(insertion_companies)["id"], "sous_traitant"))
            if self.rng.random() < 0.1:
                pairs.append((self.rng.choice(companies)["id"], "cotraitant"))
            seen: set[int] = set()
            for cid, role in pairs:
                if cid in seen:
                    continue
                seen.add(cid)
                self.data.add(
                    "attribution",
                    {
                        **self.sync(),
                        "lot_id": lot["id"],
                        "company_id": cid,
                        "role": role,
                        "share_pct": Decimal(100) if len(pairs) == 1 else None,
                    },
                )
            self.holders[lot["id"]] = [(c, r) for c, r in pairs if c in seen]

    def participants(self) -> None:
        cats = self.ref.categories
        common = ["DELD", "BRSA", "JEUNE_SANS_QUALIF", "JEUNE_QUALIF", "SENIOR_50", "QPV", "ASS", "SIAE"]
        rare = ["RQTH", "AAH", "REFUGIE", "EPIDE_E2C", "AVIS_MOTIVE", "INVALIDITE"]
        for i in range(self.s.participants):
            female = self.rng.random() < 0.18
            code, _, has_qpv = self.rng.choice(N.COMMUNES)
            first = self.rng.choice(N.FIRST_NAMES_F if female else N.FIRST_NAMES_M)
            # birth dates spread so every age band is present at entry
            age = self.rng.choice((19, 21, 23, 24, 28, 33, 38, 42, 46, 48, 52, 55, 58))
            birth = date(
                self.until_first.year - age - self.rng.randint(0, self.s.years),
                self.rng.randint(1, 12),
                self.rng.randint(1, 28),
            )
            qpv = has_qpv and self.rng.random() < 0.6
            self.entry_age[len(self.data.tables.get("participant", [])) + 1] = age
            person = self.data.add(
                "participant",
                {
                    **self.sync(),
                    "last_name": self.rng.choice(N.LAST_NAMES).upper(),
                    "first_name": first,
                    "sex": "F" if female else "M",
                    "birth_date": birth,
                    "commune_code": code,
                    "qpv": qpv,
                    "qualification_level": self.rng.choice(("infra3", "infra3", "3", "3", "4", "5")),
                    "phone": None,
                    "email": None,
                    "address": None,
                    "referent": self.rng.choice(N.REFERENTS),
                    "notes": None,
                },
            )
            chosen = {self.rng.choice(common)}
            if self.rng.random() < 0.35:
                chosen.add(self.rng.choice(common))
            if qpv:
                chosen.add("QPV")
            if i % 17 == 0 or self.rng.random() < 0.04:
                chosen.add(rare[i % len(rare)])
            motive = "AVIS_MOTIVE" in chosen
            val = self.data.add(
                "eligibility_validation",
                {
                    **self.sync(),
                    "participant_id": person["id"],
                    "validated_on": self.start,
                    "expires_on": None,
                    "prescriber": self.rng.choice(N.PRESCRIBERS),
                    "validator": "Facilitateur" if motive else None,
                    "proof_date": None,
                    "avis_motive": motive,
                    "avis_motive_reason": "Parcours d'insertion validé par le référent" if motive else None,
                },
            )
            for c in sorted(chosen):
                self.data.tables.setdefault("validation_category", []).append(
                    {"validation_id": val["id"], "category_id": cats[c]}
                )

    def _person_and_start(self, people: list[Row], order: list[int], busy_until: dict[int, date],
                          lot_start: date, lot_end: date) -> tuple[Row | None, date]:  # fmt: skip
        """Who starts a contract on the lot, and when (None: nobody, try another lot)."""
        last_start = lot_end - timedelta(days=20)
        if self.s.steady:
            # someone free on a day drawn in the lot: drawn from the whole pool, people come back after a
            # gap and no year is crowded with everyone's second contract (rarely, an overlap is accepted)
            start = self.day_between(lot_start, last_start)
            for _ in range(30):
                candidate = people[self.rng.randrange(len(people))]
                if busy_until.get(candidate["id"], start) <= start:
                    return candidate, start
            person = people[order[self._cursor % len(order)]]
            self._cursor += 1
            return person, start
        person = people[order[self._cursor % len(order)]]
        self._cursor += 1
        start = self.day_between(lot_start, last_start)
        available = busy_until.get(person["id"], start)
        if available > start and self._misses < 40:  # busy: try someone else (then accept an overlap)
            if available <= last_start:
                self._misses = 0
                return person, available
            self._misses += 1
            return None, start
        self._misses = 0
        return person, start

    def contracts_and_hours(self) -> None:
        lots = self.data.tables["lot"]
        people = self.data.tables["participant"]
        validations = self.data.tables["eligibility_validation"]
        ctypes = self.ref.contract_types
        until_first = self.until_first
        # contracts per person ≈ contracts / participants; people are reused in order of availability
        per_person_next: dict[int, date] = {}
        entries_budget = self.s.hour_entries
        contracts_left = self.s.contracts
        # contracts are cut by their lot end and by the last month: aim longer than the average
        months_target = max(1.0, 1.4 * entries_budget / max(1, self.s.contracts))
        order = list(range(len(people)))
        self.rng.shuffle(order)
        source = self.data.add(
            "hour_source",
            {
                "kind": "demo",
                "file_name": None,
                "sha256": None,
                "company_id": None,
                "month": None,
                "created_at": self.now,
                "undone_at": None,
            },
        )
        hours_rows = self.data.tables.setdefault("hour_entry", [])
        lots = [
            lot
            for lot in lots
            if lot["start_date"] < min(lot["end_date"], self.until_last) - timedelta(days=21)
        ]
        # a lot gets contracts in proportion to its time, so that the people at work stay steady month after
        # month (a lot opening just before the last month does not crowd it)
        cumulated, total = [], 0
        for lot in lots:
            total += (min(lot["end_date"], self.until_last) - lot["start_date"]).days
            cumulated.append(total)
        # the store's history opens with the period: a lead-in contract has hours from then on
        first_month = self.start.strftime("%Y-%m")
        while contracts_left > 0:
            lot = self.rng.choices(lots, cum_weights=cumulated)[0] if self.s.steady else self.rng.choice(lots)
            lot_start, lot_end = lot["start_date"], min(lot["end_date"], self.until_last)
            holders = self.holders[lot["id"]]
            company_id, role = self.rng.choice(holders)
            company = self.data.tables["company"][company_id - 1]
            modality = self._modality(company["kind"], role)
            person, start = self._person_and_start(people, order, per_person_next, lot_start, lot_end)
            if person is None:
                continue
            length = max(1, int(self.rng.triangular(1, 2 * months_target - 1, months_target)))
            end = min(add_months(start, length) - timedelta(days=1), lot["end_date"])
            ctype = self._contract_type(company["kind"], modality, length)
            running = end >= until_first and self.rng.random() < 0.8
            contract = self.data.add(
                "contract",
                {
                    **self.sync(),
                    "participant_id": person["id"],
                    "company_id": company_id,
                    "lot_id": lot["id"],
                    "modality": modality,
                    "contract_type_id": ctypes[ctype],
                    "rome": self.rng.choice(next(t for t in N.TRADES if t[0] == lot["trade_code"])[3]),
                    "job_label": None,
                    "start_date": start,
                    "end_date": None if running and ctype == "CDI" else end,
                    "weekly_hours": Decimal(self.rng.choice((35, 35, 35, 26, 24, 20))),
                    "convention_id": None,
                    "notes": None,
                },
            )
            contract["job_label"] = N.JOB_LABELS.get(contract["rome"], "Ouvrier polyvalent")
            if person["id"] not in per_person_next:  # first contract: the person has their age at entry
                birth = person["birth_date"]
                person["birth_date"] = birth.replace(year=start.year - self.entry_age[person["id"]])
            per_person_next[person["id"]] = end + timedelta(days=self.rng.randint(10, 120))
            if validations[person["id"] - 1]["validated_on"] == self.start:
                validations[person["id"] - 1]["validated_on"] = start - timedelta(
                    days=self.rng.randint(5, 40)
                )
            contracts_left -= 1
            last = min(end, self.until_last)
            from_month = max(start.strftime("%Y-%m"), first_month)
            worked_months = months_between(from_month, last.strftime("%Y-%m")) if last >= self.start else []
            for month in worked_months:
                if month > self.until:
                    break
                weekly = contract["weekly_hours"]
                worked = (weekly * Decimal("4.2") * Decimal(self.rng.uniform(0.55, 1.0))).quantize(
                    Decimal("0.5")
                )
                training = (
                    Decimal(self.rng.choice((0, 0, 0, 7, 14))) if modality == "formation" else Decimal(0)
                )
                validated = month < self.until
                hours_rows.append(
                    {
                        **self.sync(),
                        "id": len(hours_rows) + 1,
                        "contract_id": contract["id"],
                        "lot_id": lot["id"],
                        "month": month,
                        "hours_worked": worked,
                        "hours_training": training,
                        "status": "valide" if validated else "declare",
                        "source_id": source["id"],
                        "convention_id": None,
                    }
                )
            if end < until_first and self.rng.random() < 0.7:
                self._situations(person, contract, end)
        self._fit_hours_to_objectives(hours_rows)

    def _fit_hours_to_objectives(self, rows: list[Row]) -> None:
        """Scale each lot's hours to a plausible share of its objective (55 % to 135 % of the
        objective's prorata at the last month), as real clauses are met, missed or exceeded."""
        totals: dict[int, Decimal] = {}
        for row in rows:
            totals[row["lot_id"]] = totals.get(row["lot_id"], Decimal(0)) + row["hours_worked"]
        factors: dict[int, Decimal] = {}
        for lot in self.data.tables["lot"]:
            total = totals.get(lot["id"])
            if not total:
                continue
            objective = lot["forced_hours"] or lot["objective_hours"]
            elapsed = prorata_temporis(lot["start_date"], lot["end_date"], self.until_last)
            share = Decimal("0.55") + Decimal((lot["id"] * 37) % 81) / 100
            budget = objective * share * elapsed
            factors[lot["id"]] = min(Decimal(1), budget / total)
        half = Decimal("0.5")
        for row in rows:
            factor = factors.get(row["lot_id"], Decimal(1))
            if factor < 1:
                row["hours_worked"] = max(Decimal("3.5"), (row["hours_worked"] * factor).quantize(half))

    def _modality(self, company_kind: str, role: str) -> str:
        """A modality the employer's kind can carry (default structure rules, `core.rules.structures`)."""
        if company_kind in ("ai", "etti", "geiq", "esat"):
            return "mise_a_disposition"
        if company_kind in ("aci", "ei", "ea", "eiti"):
            return "sous_traitance"
        if role == "sous_traitant":  # an ordinary company hires directly, even as a sub-contractor
            return "embauche_directe"
        return "formation" if self.rng.random() < 0.05 else "embauche_directe"

    # an ordinary company's contract: the draw, then what the type becomes (no interim, no CDD d'usage on a
    # building lot, the market-sector contrat aidé); the draw is kept so that a seed gives the same data
    _DRAWN = ("CDD", "CDD", "CDD", "CDI", "MISSION", "CDD_USAGE", "PROFESSIONNALISATION", "PEC_CUI")
    _ORDINARY = {"MISSION": "CDD", "CDD_USAGE": "CDD", "PEC_CUI": "CUI_CIE"}
    _ADAPTED = {"CDD": "CDD", "CDI": "CDI"}  # an entreprise adaptée: else a CDD Tremplin

    def _contract_type(self, company_kind: str, modality: str, months: int) -> str:
        """A contract type the employer's kind signs: an ESAT lends its workers, an EITI has none..."""
        fixed = {"etti": "MISSION", "ai": "MAD", "geiq": "PROFESSIONNALISATION", "aci": "CDDI", "ei": "CDDI"}
        if company_kind in fixed:
            return fixed[company_kind]
        if modality == "formation":
            return "APPRENTISSAGE"
        drawn = self.rng.choice(self._DRAWN)
        if company_kind == "esat":
            return "MAD"
        if company_kind == "eiti":
            return "AUTRE"
        if company_kind == "ea":
            return self._ADAPTED.get(drawn, "CDD_TREMPLIN")
        return self._ORDINARY.get(drawn, drawn)

    def _situations(self, person: Row, contract: Row, end: date) -> None:
        outcomes = list(self.ref.outcomes)
        code = self.rng.choice(outcomes)
        self.data.add(
            "situation",
            {
                **self.sync(),
                "participant_id": person["id"],
                "observed_on": end,
                "moment": "sortie",
                "outcome_id": self.ref.outcomes[code],
                "contract_id": contract["id"],
                "comment": None,
            },
        )
        follow = add_months(end, 6)
        if follow < self.until_first and self.rng.random() < 0.6:
            code = self.rng.choice(outcomes)
            self.data.add(
                "situation",
                {
                    **self.sync(),
                    "participant_id": person["id"],
                    "observed_on": follow,
                    "moment": "suivi_6_mois",
                    "outcome_id": self.ref.outcomes[code],
                    "contract_id": contract["id"],
                    "comment": None,
                },
            )


def generate(scale: str, seed: int, until: str, ref: Reference) -> DemoData:
    return Generator(SCALES[scale], seed, until, ref).build()

"""People's rights (RGPD): right-of-access export, erasure with a tombstone, retention purge, access log."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from clausedesk.core.errors import ConflictError, NotFoundError
from clausedesk.core.files import write_atomic
from clausedesk.db.models import Participant
from clausedesk.db.repositories import reference
from clausedesk.db.repositories import rgpd as repo

SessionFactory = sessionmaker[Session]
EXPORT_FORMAT = "clausedesk-droit-d-acces"


def actor() -> str:
    """Who is working (the computer account), recorded in the access log instead of any name of a person."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "inconnu"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def get_person(session: Session, uuid: str) -> Participant:
    person = repo.participant(session, uuid)
    if person is None:
        raise NotFoundError(
            f"Aucun participant d'identifiant {uuid} dans la base. Vérifiez l'identifiant "
            "(commande « clausedesk list participants --json »)."
        )
    return person


def record_access(
    sessions: SessionFactory, uuid: str, action: str = "consultation", channel: str = "fenetre"
) -> None:
    """Note in the access log that someone opened (or exported...) this person's record."""
    with sessions() as session, session.begin():
        repo.log_access(session, uuid, action, actor(), channel)


def note_access(session: Session, uuid: str, action: str = "consultation", channel: str = "fenetre") -> None:
    """As `record_access`, in the caller's unit of work (the window's operations layer)."""
    repo.log_access(session, uuid, action, actor(), channel)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_document(session: Session, uuid: str, *, include_sensitive: bool = False) -> dict[str, Any]:
    """Everything the store knows about a person, as plain data (French keys, for the person to read)."""
    p = get_person(session, uuid)
    validations = []
    for v, cats in repo.validations(session, p.id):
        shown = [c.label for c in cats if include_sensitive or not c.sensitive]
        validations.append(
            {
                "date": _iso(v.validated_on),
                "expire_le": _iso(v.expires_on),
                "prescripteur": v.prescriber,
                "valide_par": v.validator,
                "date_justificatif": _iso(v.proof_date),
                "avis_motive": v.avis_motive,
                "motif_avis": v.avis_motive_reason,
                "categories": shown,
            }
        )
    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "produit_le": datetime.now().isoformat(timespec="seconds"),
        "personne": {
            "uuid": p.uuid,
            "nom": p.last_name,
            "prenom": p.first_name,
            "sexe": p.sex,
            "date_naissance": _iso(p.birth_date),
            "commune": p.commune_code,
            "qpv": p.qpv,
            "niveau_qualification": p.qualification_level,
            "telephone": p.phone,
            "courriel": p.email,
            "adresse": p.address,
            "referent": p.referent,
            "notes": p.notes,
            "candidat_depuis": _iso(p.candidate_since),
            "prescripteur": p.prescriber,
            "referent_prescripteur": p.prescriber_referent,
            "disponible_le": _iso(p.available_from),
            "permis": p.driving_licence,
            "vehicule": p.has_vehicle,
            "mobilite": p.mobility,
            "cree_le": _iso(p.created_at),
            "modifie_le": _iso(p.updated_at),
            "supprime_le": _iso(p.deleted_at),
        },
        "validations_eligibilite": validations,
        "contrats": [
            {
                "entreprise": company,
                "lot": lot,
                "type": label,
                "modalite": c.modality,
                "rome": c.rome,
                "poste": c.job_label,
                "debut": _iso(c.start_date),
                "fin": _iso(c.end_date),
                "heures_hebdomadaires": str(c.weekly_hours) if c.weekly_hours is not None else None,
                "notes": c.notes,
            }
            for c, company, lot, label in repo.contracts(session, p.id)
        ],
        "heures": [
            {
                "mois": h.month,
                "heures_travaillees": str(h.hours_worked),
                "heures_formation": str(h.hours_training),
                "heures_tutorat": str(h.hours_tutoring),
                "statut": h.status,
            }
            for h in repo.hour_entries(session, p.id)
        ],
        "situations": [
            {
                "date": _iso(s.observed_on),
                "moment": s.moment,
                "situation": label,
                "commentaire": s.comment,
            }
            for s, label in repo.situations(session, p.id)
        ],
        "candidatures": [
            {
                "offre": offer,
                "etape": a.step,
                "proposee_le": _iso(a.proposed_on),
                "proposee_par": a.proposed_by,
                "referent": a.proposed_by_referent,
                "motif": a.reason,
                "notes": a.notes,
                "etapes": [{"etape": s.step, "date": _iso(s.on), "note": s.note} for s in steps],
            }
            for a, offer, steps in repo.applications(session, p.id)
        ],
        "metiers_recherches": repo.jobs_sought(session, p.id),
        "actions": [
            {
                "titre": a.title,
                "echeance": _iso(a.due_on),
                "faite_le": _iso(a.done_on),
                "notes": a.notes,
            }
            for a in repo.actions(session, p.id)
        ],
        "journal_des_acces": [
            {
                "date": _iso(e.at),
                "action": e.action,
                "par": e.actor,
                "depuis": e.channel,
            }
            for e in repo.access_entries(session, p.uuid)
        ],
    }
    if not include_sensitive:  # always present, so that it reveals nothing about this person
        doc["categories_de_sante"] = (
            "Les catégories relevant de la santé ne figurent jamais dans ce fichier ; elles sont "
            "communiquées à la personne en main propre, sur sa demande."
        )
    return doc


def export_person(
    sessions: SessionFactory,
    uuid: str,
    target: Path,
    *,
    include_sensitive: bool = False,
    channel: str = "commande",
) -> Path:
    """Write the right-of-access file (JSON) atomically and log the export."""
    with sessions() as session, session.begin():
        doc = person_document(session, uuid, include_sensitive=include_sensitive)
        repo.log_access(session, uuid, "export", actor(), channel)
        write_atomic(target, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"), private=True)
    return target


def erase_person(sessions: SessionFactory, uuid: str, *, channel: str = "commande") -> None:
    """Erase a person (identity, contacts, notes, free texts); keep anonymous hours; tombstone sent on."""
    with sessions() as session, session.begin():
        person = get_person(session, uuid)
        if repo.is_erased(person):
            raise ConflictError("Cette personne a déjà été effacée : il n'y a plus rien à effacer.")
        repo.erase(session, person, _now())
        repo.log_access(session, uuid, "effacement", actor(), channel)


@dataclass(frozen=True)
class PurgeCandidate:
    uuid: str
    display_name: str
    last_contact: date | None


@dataclass(frozen=True)
class PurgePlan:
    retention_months: int
    cutoff: date
    candidates: list[PurgeCandidate]
    access_log_cutoff: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "retention_months": self.retention_months,
            "cutoff": self.cutoff.isoformat(),
            "count": len(self.candidates),
            "people": [{"uuid": c.uuid, "last_contact": _iso(c.last_contact)} for c in self.candidates],
        }


def _months_before(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, min(d.day, 28))


def plan_purge(sessions: SessionFactory, today: date | None = None) -> PurgePlan:
    """Who the retention rule designates: no contact for `retention_months` and no running contract."""
    today = today or date.today()
    with sessions() as session:
        months = int(reference.get_setting(session, "retention_months"))
        log_months = int(reference.get_setting(session, "access_log_retention_months"))
        cutoff = _months_before(today, months)
        running = repo.running_contract_people(session, today)
        last = repo.last_contacts(session)
        ids = [pid for pid, d in last.items() if pid not in running and (d is None or d < cutoff)]
        people = repo.people_by_id(session, ids)
        candidates = [
            PurgeCandidate(p.uuid, f"{p.last_name} {p.first_name}".strip(), last[p.id]) for p in people
        ]
    log_cutoff = datetime.combine(_months_before(today, log_months), datetime.min.time())
    return PurgePlan(months, cutoff, candidates, log_cutoff)


def apply_purge(sessions: SessionFactory, plan: PurgePlan, *, channel: str = "commande") -> int:
    """Erase every person of the plan and prune the access log, in one transaction."""
    now = _now()
    with sessions() as session, session.begin():
        for c in plan.candidates:
            person = repo.participant(session, c.uuid)
            if person is None or repo.is_erased(person):
                continue
            repo.erase(session, person, now)
            repo.log_access(session, c.uuid, "purge", actor(), channel)
        repo.prune_access_log(session, plan.access_log_cutoff)
    return len(plan.candidates)

"""Every table of the store; importing this package registers them all on `Base.metadata`."""

from clausedesk.db.models.access_log import AccessLog
from clausedesk.db.models.base import Base, Synced
from clausedesk.db.models.directory import CoordChefDeFile, CoordDirectoryEntry, CoordTerritory
from clausedesk.db.models.hours_import import HourImportChange
from clausedesk.db.models.journal import Action, Meeting
from clausedesk.db.models.markets import (
    Amendment,
    Attribution,
    Convention,
    Lot,
    LotMechanism,
    Market,
    Operation,
    convention_lot,
)
from clausedesk.db.models.parcours import (
    HourAllocation,
    Trainee,
    TrainingSession,
    training_session_lot,
    training_session_offer,
)
from clausedesk.db.models.parties import Buyer, Company
from clausedesk.db.models.people import EligibilityValidation, Participant, Situation, validation_category
from clausedesk.db.models.recruitment import (
    Application,
    ApplicationStep,
    CandidateJob,
    JobOffer,
    job_offer_lot,
)
from clausedesk.db.models.reference import (
    ContractType,
    OutcomeType,
    PublicCategory,
    Setting,
    StructureRule,
    Trade,
)
from clausedesk.db.models.region import RegionDepartment, RegionPackage, RegionRecord, RegionSentPackage
from clausedesk.db.models.sent import SentReport
from clausedesk.db.models.sync import (
    CoordFacilitator,
    CoordJournal,
    CoordPackage,
    CoordRecord,
    SentPackage,
    SentRecord,
    SyncState,
)
from clausedesk.db.models.targets import FundingTarget
from clausedesk.db.models.work import Contract, HourEntry, HourMonthTotal, HourSource

__all__ = [
    "AccessLog",
    "Action",
    "Amendment",
    "Application",
    "ApplicationStep",
    "Attribution",
    "Base",
    "Buyer",
    "CandidateJob",
    "Company",
    "Contract",
    "CoordChefDeFile",
    "CoordDirectoryEntry",
    "ContractType",
    "Convention",
    "FundingTarget",
    "CoordFacilitator",
    "CoordPackage",
    "CoordJournal",
    "CoordRecord",
    "CoordTerritory",
    "EligibilityValidation",
    "HourAllocation",
    "HourEntry",
    "HourMonthTotal",
    "HourImportChange",
    "HourSource",
    "JobOffer",
    "Lot",
    "LotMechanism",
    "Market",
    "Meeting",
    "Operation",
    "OutcomeType",
    "Participant",
    "PublicCategory",
    "SentPackage",
    "SentRecord",
    "SentReport",
    "RegionDepartment",
    "RegionPackage",
    "RegionRecord",
    "RegionSentPackage",
    "Setting",
    "Situation",
    "SyncState",
    "Synced",
    "StructureRule",
    "Trade",
    "Trainee",
    "TrainingSession",
    "convention_lot",
    "job_offer_lot",
    "training_session_lot",
    "training_session_offer",
    "validation_category",
]

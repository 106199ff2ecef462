"""Territory and organisation settings, declared once with type, default and French label."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.identifiers import refuse_nir

SettingValue = str | int | Decimal


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type  # str, int or Decimal
    default: SettingValue
    label: str
    minimum: int | None = None

    def parse(self, raw: str) -> SettingValue:
        """Turn stored or typed text into a typed value, or raise a French ValidationError."""
        text = raw.strip()
        if self.kind is str:
            return refuse_nir(raw, self.label)
        try:
            value: SettingValue
            if self.kind is int:
                value = int(text)
            else:
                value = Decimal(text.replace(",", ".").replace("\u202f", "").replace(" ", ""))
        except (ValueError, InvalidOperation) as exc:
            raise ValidationError(self.label, "nombre attendu") from exc
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(self.label, f"doit être au moins {self.minimum}")
        return value


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("organisation_name", str, "", "Nom de la structure"),
    SettingSpec("organisation_address", str, "", "Adresse de la structure"),
    SettingSpec("organisation_logo", str, "", "Logo (chemin du fichier image)"),
    SettingSpec("facilitator_name", str, "", "Nom du facilitateur"),
    SettingSpec("territory", str, "", "Territoire couvert"),
    SettingSpec("default_hourly_cost", Decimal, Decimal("30"), "Coût horaire par défaut (€/h)", 1),
    SettingSpec("default_insertion_rate", Decimal, Decimal("5"), "Taux d'insertion par défaut (%)", 0),
    SettingSpec("eligibility_validity_months", int, 24, "Durée de validité de l'éligibilité (mois)", 1),
    SettingSpec("followup_months", int, 6, "Délai du suivi après la sortie (mois)", 1),
    SettingSpec("retention_months", int, 24, "Conservation après le dernier contact (mois)", 1),
    SettingSpec("access_log_retention_months", int, 12, "Conservation du journal des accès (mois)", 1),
    SettingSpec("small_count_threshold", int, 5, "Seuil de masquage des petits effectifs", 1),
    SettingSpec("late_tolerance_pct", Decimal, Decimal("10"), "Tolérance de retard sur le prorata (%)", 0),
    SettingSpec("ending_soon_days", int, 60, "Alerte de fin de lot (jours avant)", 1),
    SettingSpec("offer_open_alert_days", int, 45, "Alerte d'offre d'emploi ouverte depuis (jours)", 1),
    SettingSpec("candidate_waiting_alert_days", int, 30, "Alerte de candidat sans proposition (jours)", 1),
)

SETTINGS_BY_KEY: dict[str, SettingSpec] = {s.key: s for s in SETTINGS}

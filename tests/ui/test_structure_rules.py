"""Paramètres › Règles par structure: the company kind × modality × contract type rules are edited in the
window, and the contract service follows them at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTabWidget

from clausedesk.core.errors import ValidationError
from clausedesk.core.services import catalog, people
from clausedesk.db.repositories import reference
from clausedesk.db.store import Store
from clausedesk.ui.main_window import MainWindow
from tests.ui.helpers import save, settled, type_in

LEFT = Qt.MouseButton.LeftButton


def _esat_contract(store: Store) -> people.ContractData:
    with store.session() as s:
        buyer = catalog.save_buyer(s, catalog.BuyerData(name="Ville de Lens", kind="commune"))
        market = catalog.save_market(s, catalog.MarketData(ref="2026-ESP", title="Espaces verts",
                                                           buyer_uuid=buyer.uuid))  # fmt: skip
        lot = catalog.save_lot(s, catalog.LotData(market_uuid=market.uuid, ref="2026-ESP-1", number="1",
                                                  title="Tonte", amount_ht="100000"))  # fmt: skip
        esat = catalog.save_company(
            s, catalog.CompanyData(siret="73282932000074", name="ESAT du Parc", kind="esat")
        )
        person = people.save_participant(s, people.ParticipantData(last_name="Roux", first_name="Léa"))
        people.save_validation(s, people.ValidationData(
            participant_uuid=person.uuid, validated_on=date(2026, 1, 5), category_codes=["DELD"]
        ))  # fmt: skip
        return people.ContractData(
            participant_uuid=person.uuid, company_uuid=esat.uuid, lot_uuid=lot.uuid,
            modality="mise_a_disposition", contract_type_code="CDD", start_date=date(2026, 2, 1),
        )  # fmt: skip


def test_a_rule_edited_in_parametres_is_applied_to_contracts(qtbot: Any, store: Store) -> None:
    data = _esat_contract(store)
    with pytest.raises(ValidationError, match="« ESAT » ne signe pas de « CDD »"), store.session() as s:
        people.save_contract(s, data)  # an ESAT lends its workers: a CDD is refused
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    settings = window.show_screen("settings")
    qtbot.waitUntil(lambda: not settings.loading)
    tabs = settings.findChild(QTabWidget)
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Règles par structure"))
    table = settings.tables["structures"]
    row = next(r for r in range(table.model().rowCount()) if table.model().index(r, 0).data() == "esat")
    table.setCurrentIndex(table.model().index(row, 0))
    qtbot.mouseClick(settings.findChild(QPushButton, "edit_structures"), LEFT)
    d = settings.dialog
    assert d.values()["contract_types"] == "MAD"
    type_in(qtbot, d, "contract_types", "MAD, CDX")
    qtbot.mouseClick(d.save_button, LEFT)
    settled(qtbot, d)
    assert "« CDX » est inconnu" in d.reason.text()  # refused, nothing stored
    with store.session() as s:
        assert reference.structure_rule(s, "esat").contract_types == "MAD"  # type: ignore[union-attr]
    type_in(qtbot, d, "contract_types", "MAD, CDD")
    save(qtbot, d)
    qtbot.waitUntil(lambda: table.model().index(row, 3).data() == "MAD, CDD")
    window.close()
    with store.session() as s:
        contract = people.save_contract(s, data)
        assert contract.modality == "mise_a_disposition"

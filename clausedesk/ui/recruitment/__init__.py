"""The recruitment screen (offers, board per offer, candidates) and `open_new_offer` for other screens."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext

__all__ = ["create_screen", "open_new_offer"]


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.recruitment.screen import RecruitmentScreen

    return RecruitmentScreen(ctx)


def open_new_offer(
    ctx: UiContext,
    parent: QWidget | None,
    *,
    company_uuid: str | None = None,
    lot_uuid: str | None = None,
) -> str | None:
    """Ask for a new job offer (fiche de poste) pre-filled from a company or a lot; its uuid, or None.

    For a company's or a lot's page ("Nouvelle offre d'emploi…" button)::

        from clausedesk.ui.recruitment import open_new_offer

        uuid = open_new_offer(self.ctx, self, company_uuid=company.uuid)   # or lot_uuid=lot.uuid
        if uuid is not None:
            self.ctx.navigate("job_offer", uuid)   # optional: show it on the recruitment screen

    - `company_uuid` pre-selects the company and lists the lots it holds first;
    - `lot_uuid` pre-selects the lot and, without `company_uuid`, the lot's titulaire (the first
      company holding it);
    - both may be given; everything stays editable in the form.

    The dialog is modal (`exec`): the call returns once the person has created the offer or closed
    the form. A refused value is explained inside the form, which stays open with what was typed.
    On success the offer is saved (status « ouverte », opened today), `ctx.bus.changed("job_offer")`
    is emitted so open lists reload, and its uuid is returned; None when the form was cancelled,
    or when the company or lot given is unknown (a French message is shown then).
    """
    from clausedesk.core.errors import ClauseDeskError
    from clausedesk.core.services import recruitment as rec
    from clausedesk.ui.recruitment.dialogs import OfferDialog

    try:
        choices = ctx.ops.call(
            lambda s: rec.offer_form_choices(s, company_uuid=company_uuid, lot_uuid=lot_uuid)
        )
    except ClauseDeskError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, "Nouvelle offre d'emploi", exc.message)
        return None
    dialog = OfferDialog(ctx, parent, choices)
    dialog.setObjectName("new_offer_dialog")
    try:
        if dialog.exec() != OfferDialog.DialogCode.Accepted or dialog.saved_uuid is None:
            return None
        ctx.bus.changed.emit("job_offer")
        return dialog.saved_uuid
    finally:
        dialog.deleteLater()

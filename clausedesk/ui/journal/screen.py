"""Journal: quick meeting capture (date, marché, present, notes, decisions, next action) and actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import date_fr
from clausedesk.core.services import browsing, journal
from clausedesk.core.vocab import MeetingKind
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.confirm import TrashDialog
from clausedesk.ui.widgets.form import Field, FormDialog, open_form
from clausedesk.ui.widgets.lookup import attach_lookup
from clausedesk.ui.widgets.page_parts import EmptyState
from clausedesk.ui.widgets.refresh import RefreshWhenShown
from clausedesk.ui.widgets.tables import SmallTable, section


def meeting_form(ctx: UiContext, parent: QWidget, on_saved: Any = None) -> FormDialog:
    me = _me(ctx)
    fields = [
        Field("held_on", "Date", "date", required=True),
        Field("kind", "Type", "choice", required=True, choices=MeetingKind.choices()),
        Field("title", "Objet", required=True, placeholder="ex. Réunion de chantier n° 12"),
        Field("market_uuid", "Marché", "choice", choices=[]),
        Field("attendees", "Présents", "multiline", max_len=2000),
        Field("notes", "Compte rendu", "multiline", max_len=20000),
        Field("decisions", "Décisions", "multiline", max_len=5000),
        Field("action_title", "Action à mener (facultatif)", max_len=300),
        Field("action_owner", "Qui", max_len=200),
        Field("action_due", "Pour le", "date"),
    ]

    def save(v: dict[str, Any]) -> str:
        action = (
            (v.pop("action_title") or "").strip(),
            (v.pop("action_owner") or "").strip(),
            v.pop("action_due"),
        )
        def write(s: Any) -> str:  # the meeting and its action in one unit of work: both, or neither
            meeting = journal.save_meeting(s, journal.MeetingData(**v))
            if action[0]:
                journal.save_action(s, journal.ActionData(
                    title=action[0], owner=action[1] or me or "moi", due_on=action[2],
                    meeting_uuid=meeting.uuid, market_uuid=v.get("market_uuid"),
                ))  # fmt: skip
            return meeting.uuid

        return ctx.ops.call(write, changes="action" if action[0] else "")

    dialog = open_form(
        ctx, parent, "Réunion", fields, save, kind="meeting", on_saved=on_saved,
        values={"held_on": date.today(), "action_owner": me},
    )  # fmt: skip
    market = dialog.widgets["market_uuid"]
    assert isinstance(market, QComboBox)
    attach_lookup(ctx.ops, market, browsing.market_choices, keep_first=True)  # never every marché
    return dialog


def _me(ctx: UiContext) -> str:
    """The facilitator's name (the settings), proposed as the owner of a new action."""
    return str(ctx.ops.call(lambda s: browsing.get_setting(s, "facilitator_name")))


def action_form(ctx: UiContext, parent: QWidget) -> FormDialog:
    fields = [
        Field("title", "Action à mener", required=True),
        Field("owner", "Responsable", required=True, max_len=200),
        Field("due_on", "Échéance", "date"),
        Field("notes", "Notes", "multiline", max_len=5000),
    ]
    me = _me(ctx)

    def save(v: dict[str, Any]) -> str:
        return ctx.ops.call(lambda s: journal.save_action(s, journal.ActionData(**v)).uuid)

    return open_form(ctx, parent, "Action", fields, save, kind="action", values={"owner": me})


class JournalScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: Any = None
        left = QWidget()
        lbox = QVBoxLayout(left)
        bar = QHBoxLayout()
        for text, name, slot in (
            ("Nouvelle réunion", "new_meeting", lambda: setattr(self, "dialog", meeting_form(ctx, self))),
            (
                "Corbeille",
                "trash",
                lambda: TrashDialog(ctx, [("meeting", "Réunion"), ("action", "Action")], self).exec(),
            ),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        lbox.addLayout(bar)
        lbox.addWidget(section("Réunions"))
        # both tables fill their column: with one meeting the headings stay on top, the tables full height
        self.meetings = SmallTable(["Date", "Type", "Objet", "Marché", "Décisions"], fit_rows=False)
        self.meetings.setObjectName("meetings")
        self.meetings.setWordWrap(False)  # one line a meeting: columns as wide as their text
        EmptyState(self.meetings, self._no_meeting)
        lbox.addWidget(self.meetings, 1)
        right = QWidget()
        rbox = QVBoxLayout(right)
        bar2 = QHBoxLayout()
        new_action = QPushButton("Nouvelle action")
        new_action.setObjectName("new_action")
        new_action.clicked.connect(lambda: setattr(self, "dialog", action_form(ctx, self)))
        bar2.addWidget(new_action)
        done = QPushButton("Marquer comme faite")
        done.setObjectName("mark_done")
        done.clicked.connect(self.mark_done)
        bar2.addWidget(done)
        bar2.addStretch(1)
        rbox.addLayout(bar2)
        filt = QHBoxLayout()
        self.owner = QLineEdit()
        self.owner.setObjectName("owner_filter")
        self.owner.setPlaceholderText("Mes actions : votre nom (vide = toutes)")
        self.owner.textChanged.connect(lambda _t: self.refresh())
        filt.addWidget(self.owner, 1)
        self.show_done = QCheckBox("Afficher les actions faites")
        self.show_done.toggled.connect(lambda _c: self.refresh())
        filt.addWidget(self.show_done)
        rbox.addLayout(filt)
        rbox.addWidget(section("Actions, par échéance"))
        self.actions = SmallTable(["Échéance", "Action", "Responsable", "Faite le"], fit_rows=False)
        self.actions.setObjectName("actions")
        self.actions.setWordWrap(False)
        EmptyState(self.actions, self._no_action)
        rbox.addWidget(self.actions, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        QVBoxLayout(self).addWidget(split)
        self.loading = False
        self._refresh = RefreshWhenShown(self, self.refresh)
        ctx.bus.changed.connect(self._on_changed)
        self.owner.blockSignals(True)
        self.loading = True
        ctx.ops.read(self, lambda s: str(browsing.get_setting(s, "facilitator_name")), self._start)

    def _no_meeting(self) -> str:
        return "" if self.loading else (
            "Aucune réunion notée. « Nouvelle réunion » garde la trace d'une réunion de chantier, d'un "
            "comité ou d'une visite d'entreprise, avec ses décisions et les actions qui en découlent.")

    def _no_action(self) -> str:
        if self.loading:
            return ""
        if self.owner.text().strip():
            who = self.owner.text().strip()
            return f"Aucune action en cours pour « {who} » : videz « Mes actions » pour les voir toutes."
        return ("Aucune action en cours. « Nouvelle action » note ce qui doit être fait, par qui et pour "
                "quand.")  # fmt: skip

    def _on_changed(self, kind: str) -> None:
        if kind in ("meeting", "action", "demo"):
            self._refresh.request()

    def _start(self, me: str) -> None:
        self.owner.setText(me)
        self.owner.blockSignals(False)
        self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._refresh.shown()

    def refresh(self) -> None:
        """Read the meetings and the actions in the background, then show them."""
        owner, include_done = self.owner.text().strip(), self.show_done.isChecked()
        self.loading = True

        def read(s: Any) -> tuple[Rows, Rows]:  # read and put in words on the worker (thousands of lines)
            return meeting_rows(browsing.meetings(s)), action_rows(
                browsing.actions(s, owner=owner, include_done=include_done), date.today()
            )

        self.ctx.ops.read(self, read, self._show, latest="lists")

    def _show(self, lists: tuple[Rows, Rows]) -> None:
        self.loading = False
        (meetings, meeting_keys), (actions, action_keys) = lists
        self.meetings.set_rows(meetings, meeting_keys)
        self.actions.set_rows(actions, action_keys)

    def mark_done(self) -> None:
        uuid = self.actions.current_key()
        if not uuid:
            return
        self.ctx.ops.write(self, lambda s: journal.mark_done(s, uuid), changes="action")

    def open_object(self, kind: str, uuid: str | None) -> bool:
        if kind in ("action", "meeting"):
            self.owner.clear()
            return True
        return False


Rows = tuple[list[list[str]], list[str]]  # the texts of a list's lines and their uuids


def meeting_rows(meetings: list[Any]) -> Rows:
    texts = [
        [date_fr(d), MeetingKind.label_of(k), t, m or "", (dec or "")[:80]]
        for _u, d, k, t, m, _l, dec in meetings
    ]
    return texts, [u for u, *_ in meetings]


def action_rows(actions: list[Any], today: date) -> Rows:
    texts = [
        [(date_fr(due) + (" (en retard)" if due < today and not done else "")) if due else "—",
         t, o, date_fr(done)]
        for _u, t, o, due, done in actions
    ]  # fmt: skip
    return texts, [u for u, *_ in actions]

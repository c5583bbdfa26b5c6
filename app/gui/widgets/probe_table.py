"""Live progress: one row a probe (a port, a DNS or NTP server), filled in as it ends."""

from __future__ import annotations

from collections.abc import Callable

from app.core.model import Probe
from app.core.outputs.text import probe_state
from app.gui import i18n
from app.gui.qt import (
    QAbstractItemView,
    QColor,
    QCoreApplication,
    QLabel,
    QPalette,
    QResizeEvent,
    Qt,
    QTableWidgetItem,
    QWidget,
)
from app.gui.widgets import status as look
from app.gui.widgets.fit import FittingTable

Row = Callable[[Probe], list[str]]


GOOD_STATES = frozenset({"open", "answer", "trusted", "found", "ok"})
"""Probe states that mean "this got through"; every other finished state is a problem."""


def row_order(probe: Probe, check_order: tuple[str, ...] = ()) -> tuple[object, ...]:
    """Failing rows first, then those still running, then those that got through; within
    each, by check, port number and target: the same order whatever order they end in."""
    if probe.state == "running":
        group = 1
    elif probe.state in GOOD_STATES:
        group = 2
    else:
        group = 0
    check = check_order.index(probe.check_id) if probe.check_id in check_order else 99
    port = getattr(probe.row, "port", None)
    number = port if isinstance(port, int) else 0
    return (group, check, number, probe.key)


class ProbeTable(FittingTable):
    """Rows keyed by probe; `columns()` gives translated headers, `row(probe)` the cells.

    The table is as tall as its rows and as wide as the page: the page scrolls as a whole,
    and no row or column hides behind an inner scroll bar."""

    def __init__(
        self,
        columns: Callable[[], list[str]],
        row: Row,
        parent: QWidget | None = None,
        check_order: tuple[str, ...] = (),
    ) -> None:
        super().__init__(0, len(columns()), parent)
        self.columns, self.row_cells = columns, row
        self.check_order = check_order
        self.probes: dict[tuple[str, str], Probe] = {}
        self._shown: list[tuple[str, str]] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        # Tab moves on to the next control, never round the cells: no keyboard trap.
        self.setTabKeyNavigation(False)
        # Before the first run (or once a change cleared it), the table says what to do.
        self.empty_state = QLabel(self.viewport())
        self.empty_state.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        self.empty_state.setObjectName("emptyState")
        palette = self.empty_state.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(look.SECONDARY_COLOUR))
        self.empty_state.setPalette(palette)
        self.retranslate()

    def _ordered(self) -> list[tuple[str, str]]:
        return sorted(self.probes, key=lambda key: row_order(self.probes[key], self.check_order))

    def clear_rows(self) -> None:
        self.probes.clear()
        self._fill_all()

    def drop_rows(self, check_id: str) -> None:
        for key in [k for k in self.probes if k[0] == check_id]:
            del self.probes[key]
        self._fill_all()

    def show_probe(self, probe: Probe) -> None:
        key = (probe.check_id, probe.key)
        before = self._shown
        self.probes[key] = probe
        ordered = self._ordered()
        if ordered != before:
            self._fill_all()
            return
        # Same place as before (a row filled in where it stood): that row alone.
        self._fill_row(ordered.index(key), probe)

    def _fill_row(self, index: int, probe: Probe) -> None:
        for column, text in enumerate(self.row_cells(probe)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.setItem(index, column, item)

    def _fill_all(self) -> None:
        self.setUpdatesEnabled(False)
        try:
            self._fill_rows()
        finally:
            self.setUpdatesEnabled(True)

    def _fill_rows(self) -> None:
        ordered = self._ordered()
        self.setRowCount(len(ordered))
        for index, key in enumerate(ordered):
            self._fill_row(index, self.probes[key])
        self._shown = ordered
        self.fit()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(self.columns())
        self.empty_state.setText(
            QCoreApplication.translate(
                "ProbeTable", "No results yet — press Run all, or Run this step."
            )
        )
        self._fill_all()

    def fit(self) -> None:
        super().fit()
        self._place_empty_state()

    def fitted_height(self) -> int:
        """An empty table is as tall as its words at this width (one line, or two)."""
        height = super().fitted_height()
        if self.rowCount() == 0:
            words = self.empty_state.heightForWidth(self.viewport().width()) + 8
            height += max(0, words - self.verticalHeader().defaultSectionSize())
        return height

    def _place_empty_state(self) -> None:
        """The words fill the empty table's one row; they go once a row arrives."""
        empty = self.rowCount() == 0
        if empty:
            self.empty_state.setGeometry(self.viewport().rect())
        self.empty_state.setVisible(empty)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_empty_state()


def state_word(probe: Probe) -> str:
    if probe.state == "running":
        return QCoreApplication.translate("ProbeTable", "Checking…")
    return probe_state(probe.state, i18n.words())

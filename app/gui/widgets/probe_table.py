"""Live progress: one row a probe (a port, a DNS or NTP server), filled in as it ends."""

from __future__ import annotations

from collections.abc import Callable

from app.core.messages import catalogue
from app.core.model import Probe
from app.core.outputs.text import probe_state
from app.gui import i18n
from app.gui.qt import (
    QAbstractItemView,
    QCoreApplication,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

Row = Callable[[Probe], list[str]]


class ProbeTable(QTableWidget):
    """Rows keyed by probe; `columns()` gives translated headers, `row(probe)` the cells."""

    def __init__(
        self, columns: Callable[[], list[str]], row: Row, parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(columns()), parent)
        self.columns, self.row_cells = columns, row
        self.rows: dict[tuple[str, str], int] = {}
        self.probes: dict[tuple[str, str], Probe] = {}
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setMinimumHeight(90)
        # Tab moves on to the next control, never round the cells: no keyboard trap.
        self.setTabKeyNavigation(False)
        self.retranslate()

    def clear_rows(self) -> None:
        self.setRowCount(0)
        self.rows.clear()
        self.probes.clear()

    def show_probe(self, probe: Probe) -> None:
        key = (probe.check_id, probe.key)
        if key not in self.rows:
            self.rows[key] = self.rowCount()
            self.insertRow(self.rowCount())
        self.probes[key] = probe
        self._fill(self.rows[key], probe)

    def _fill(self, index: int, probe: Probe) -> None:
        for column, text in enumerate(self.row_cells(probe)):
            self.setItem(index, column, QTableWidgetItem(text))

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(self.columns())
        for key, probe in self.probes.items():
            self._fill(self.rows[key], probe)


def state_word(probe: Probe) -> str:
    if probe.state == "running":
        return QCoreApplication.translate("ProbeTable", "Checking…")
    return probe_state(probe.state, catalogue(), i18n.current())

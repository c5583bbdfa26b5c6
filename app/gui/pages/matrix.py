"""Step 5: the station's Network-signal readings, read with the laptop's evidence."""

from __future__ import annotations

from app.core.inputs import READINGS, missing_readings
from app.core.model import RunInputs
from app.gui import i18n
from app.gui.pages.base import StepPage, replace
from app.gui.qt import QComboBox, QLabel, QVBoxLayout, QWidget
from app.gui.widgets.fit import fitting_form, narrow_combo
from app.gui.widgets.station_screen import StationScreen


class MatrixPage(StepPage):
    def __init__(self, step, number, parent=None) -> None:
        super().__init__(step, number, parent)
        self.retranslate()

    def build_inputs(self, layout: QVBoxLayout) -> None:
        self.readings: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        # Where the readings are on the station: "?" → gear → Network signal, drawn, with
        # the three lines as the station names them; what is chosen below is marked there.
        self.drawing = StationScreen("network")
        layout.addWidget(self.drawing)
        form = fitting_form()
        for name, values in READINGS.items():
            combo = narrow_combo(QComboBox())
            combo.addItem("", None)
            for value in values:
                combo.addItem(value, value)
            combo.currentIndexChanged.connect(self.inputs_changed)
            combo.currentIndexChanged.connect(self._on_reading_current_index_changed)
            label = QLabel()
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.readings[name], self.labels[name] = combo, label
        layout.addLayout(form)

    def title(self) -> str:
        return self.tr("Station readings")

    def explanation(self) -> str:
        return self.tr(
            "On the station's screen, touch the <b>?</b> icon, then the <b>gear</b>, then "
            "<b>Network signal</b>, and enter the three readings as shown. With the laptop's "
            "results they give the meaning and the next steps, most likely cause first."
        )

    def retranslate_inputs(self) -> None:
        words = i18n.words()
        for name, combo in self.readings.items():
            label = words.term(f"READING_{name.upper()}")
            self.labels[name].setText(words.label(label))
            combo.setAccessibleName(label)
            combo.setItemText(0, self.tr("Not shown") if name == "cloud" else self.tr("Choose…"))
            for index in range(1, combo.count()):
                combo.setItemText(index, words.term(f"VALUE_{combo.itemData(index).upper()}"))

    def valid(self) -> bool:
        return not missing_readings({n: c.currentData() for n, c in self.readings.items()})

    def apply(self, inputs: RunInputs) -> RunInputs:
        values = {name: combo.currentData() for name, combo in self.readings.items()}
        return replace(inputs, **values)

    def show_inputs(self, inputs: RunInputs) -> None:
        for name, combo in self.readings.items():
            blocked = combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(getattr(inputs, name)), 0))
            combo.blockSignals(blocked)
        self._on_reading_current_index_changed()

    def _on_reading_current_index_changed(self, _index: int = 0) -> None:
        self.drawing.set_readings({n: c.currentData() for n, c in self.readings.items()})

    def input_widgets(self) -> list[QWidget]:
        return list(self.readings.values())

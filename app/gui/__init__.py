"""The wizard: PySide6 pages over the diagnostics core. Only this package imports Qt."""

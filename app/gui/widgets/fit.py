"""Pieces that keep a page inside its width at any screen size and scale: the page scrolls up
and down as a whole, never sideways, so what does not fit on one line goes onto the next.

- `PageScroll`: a page's scroll area, vertical only; its content is as wide as the viewport.
- `FlowLayout`: a row of buttons that flows onto a second line when the page is narrow.
- `fit_columns`: a table's columns at their natural widths when they fit, else the widest
  narrowed first, their cells wrapped, and the table as tall as its rows.
- `FittedText`: read-only text (an ipconfig-like card) wrapped at the width and as tall as
  its lines, so it needs no scroll bar of its own.
"""

from __future__ import annotations

import math

from app.gui.qt import (
    QAbstractScrollArea,
    QComboBox,
    QFontMetrics,
    QFormLayout,
    QFrame,
    QLayout,
    QLayoutItem,
    QPoint,
    QRect,
    QResizeEvent,
    QScrollArea,
    QSize,
    QSizePolicy,
    QStyle,
    Qt,
    QTableWidget,
    QTextEdit,
    QTextOption,
    QWidget,
)


class PageScroll(QScrollArea):
    """A whole page in one vertical scroll: its content takes the viewport's width, never
    more, and a label's words wrap at that width (its layout's height-for-width)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)


class FlowLayout(QLayout):
    """Items left to right, onto the next line when the width runs out (Qt's flow layout
    example), so a row of buttons is never cut at the page's right edge."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        if parent is not None:
            self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = sum(i.sizeHint().width() for i in self._shown()) + self._spacing * max(
            0, len(self._shown()) - 1
        )
        height = max((i.sizeHint().height() for i in self._shown()), default=0)
        margins = self.contentsMargins()
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._shown():
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if x > area.x() and x + width > area.right() + 1:
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


def fit_columns(table: QTableWidget) -> None:
    """Columns as wide as their contents when the whole row fits the table's width; else
    the widest narrowed first to share what is left, never below their longest word (their
    words wrap onto more lines), and each row as tall as its cells. The last column takes
    any room left over."""
    header = table.horizontalHeader()
    count = table.columnCount()
    if not count:
        return
    available = table.viewport().width()
    natural = [0 if table.isColumnHidden(c) else _natural(table, c) for c in range(count)]
    widths = list(natural)
    if sum(natural) > available > 0:
        floors = [min(n, _longest_word(table, c)) for c, n in enumerate(natural)]
        widths = _share(natural, floors, available)
    elif available > 0:
        widths[-1] += available - sum(natural)
    for column, width in enumerate(widths):
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)
    table.resizeRowsToContents()


_PADDING = 12
"""A cell's margins and focus frame around its words, in pixels."""


def _natural(table: QTableWidget, column: int) -> int:
    return max(table.sizeHintForColumn(column), table.horizontalHeader().sectionSizeHint(column))


def _longest_word(table: QTableWidget, column: int) -> int:
    """The narrowest the column can be without cutting a word: words wrap, they never break
    (the header's own words included)."""
    metrics = table.fontMetrics()
    header = table.horizontalHeaderItem(column)
    longest = [metrics.horizontalAdvance(w) for w in (header.text() if header else "").split()]
    for row in range(table.rowCount()):
        item = table.item(row, column)
        if item is None:
            continue
        extra = _icon_width(table) + 4 if not item.icon().isNull() else 0
        advance = QFontMetrics(item.font()).horizontalAdvance
        longest += [advance(word) + extra for word in item.text().split()]
    return max(longest, default=0) + _PADDING


def _icon_width(table: QTableWidget) -> int:
    """The width a cell's icon takes: the table's icon size, else the style's for a view."""
    width = table.iconSize().width()
    if width < 0:
        width = table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, table)
    return width


def _share(natural: list[int], floors: list[int], available: int) -> list[int]:
    """Each column at most a common cap (the largest that fits) and at least its floor; when
    even the floors do not fit, each column gives up the same share of its floor."""
    if sum(floors) >= available:
        ratio = available / max(1, sum(floors))
        return [int(f * ratio) for f in floors]
    low, high = 0, max(natural)
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floors, strict=True)) <= available:
            low = cap
        else:
            high = cap - 1
    return [max(f, min(n, low)) for n, f in zip(natural, floors, strict=True)]


def fitting_form() -> QFormLayout:
    """A form whose fields go below their labels when the two do not fit side by side."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def narrow_combo(combo: QComboBox, characters: int = 12) -> QComboBox:
    """A combo box that may be narrower than its longest item (the item is elided in the
    box, and shown whole in its list), so a long adapter name never widens the page."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def table_height(table: QTableWidget) -> int:
    """The height that shows the header and every row, with no scroll bar."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    if not table.rowCount():
        rows = table.verticalHeader().defaultSectionSize()
    return table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()


class FittingTable(QTableWidget):
    """A table that fits its width (`fit_columns`) and is as tall as its rows: the page
    scrolls as a whole, and no row or column hides behind a scroll bar of its own."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.horizontalHeader().setStretchLastSection(False)
        self._fold: tuple[tuple[int, ...], int] | None = None

    def fold_when_narrow(self, columns: tuple[int, ...], into: int) -> None:
        """When the columns cannot stand side by side without cutting a word (a small screen
        at a large scale), `columns` are hidden and each row's words in them lead `into`'s
        cell, on a line of their own (icon included): every word still reads whole."""
        self._fold = (columns, into)

    @property
    def folded(self) -> bool:
        return self._fold is not None and self.isColumnHidden(self._fold[0][0])

    def fit(self) -> None:
        if self._fold is not None:
            self._fit_fold(*self._fold)
        fit_columns(self)
        height = self.fitted_height()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def fitted_height(self) -> int:
        return table_height(self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self.fitted_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, self.fitted_height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()

    def _fit_fold(self, columns: tuple[int, ...], into: int) -> None:
        """Unfold, then fold again if the columns' longest words do not fit side by side."""
        for row in range(self.rowCount()):
            item = self.item(row, into)
            if item is not None and item.data(_UNFOLDED_TEXT) is not None:
                item.setText(item.data(_UNFOLDED_TEXT))
                item.setIcon(item.data(_UNFOLDED_ICON))
                item.setData(_UNFOLDED_TEXT, None)
        shown = [c for c in range(self.columnCount()) if c not in columns]
        floors = sum(_longest_word(self, c) for c in (*columns, *shown))
        narrow = floors > self.viewport().width() > 0
        for column in columns:
            self.setColumnHidden(column, narrow)
        if not narrow:
            return
        for row in range(self.rowCount()):
            item = self.item(row, into)
            parts = [self.item(row, c) for c in columns]
            cells = [part for part in parts if part is not None and part.text()]
            if item is None or not cells:
                continue
            item.setData(_UNFOLDED_TEXT, item.text())
            item.setData(_UNFOLDED_ICON, item.icon())
            icons = [part.icon() for part in cells if not part.icon().isNull()]
            if icons and item.icon().isNull():
                item.setIcon(icons[0])
            head = " · ".join(part.text() for part in cells)
            item.setText(f"{head}\n{item.text()}" if item.text() else head)


_UNFOLDED_TEXT = Qt.ItemDataRole.UserRole + 1
_UNFOLDED_ICON = Qt.ItemDataRole.UserRole + 2
"""Where a folded cell keeps its own text and icon, to give them back when the table widens."""


class FittedText(QTextEdit):
    """Read-only plain text in the fixed-width font, wrapped at the widget's width (a long
    name breaks anywhere) and exactly as tall as its lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def setPlainText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setPlainText(text)
        self._fit_height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def _fit_height(self) -> None:
        document = self.document()
        document.setTextWidth(self.viewport().width())
        height = math.ceil(document.size().height()) + 2 * self.frameWidth()
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

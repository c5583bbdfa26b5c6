"""Compare two reports in the wizard: only what was measured twice is better or worse, each
status coloured as the rest of the window colours it, and a wrong order or another adapter
said before anything else."""

from __future__ import annotations

import json

import pytest
from helpers.site import loopback_site

from app.core.messages import words_for
from app.core.model import Status
from app.core.outputs.document import to_document
from app.core.run import run_checks
from app.gui.dialogs.compare import CompareDialog
from app.gui.qt import QColor, Qt
from app.gui.widgets import status as look

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("trust_test_ca")]


def saved(site, path, started_at: str | None = None, **changes):
    report = run_checks(site.inputs(**changes), site.rules, adapters=site.adapters)
    document = to_document(report, words_for("en"))
    if started_at:
        document["started_at"] = started_at
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def icon_colour(item) -> str:
    """The colour of a cell's status icon, read off its drawn pixels (left of the symbol)."""
    image = item.icon().pixmap(32, 32).toImage()
    return image.pixelColor(4, image.height() // 2).name()


def rows(dialog) -> dict[str, list]:
    table = dialog.table
    return {
        table.item(r, 0).text(): [table.item(r, c) for c in range(1, 4)]
        for r in range(table.rowCount())
    }


@pytest.fixture
def dns_fixed(tls_ca, tmp_path):
    """Before: DNS does not know the endpoint (the ports and HTTPS skipped); after: fixed."""
    with loopback_site(tls_ca, zone={}) as site:
        before = saved(site, tmp_path / "before.json", "2026-11-30T09:00:00+00:00")
    with loopback_site(tls_ca) as site:
        after = saved(site, tmp_path / "after.json", "2026-11-30T10:00:00+00:00")
    return before, after


@pytest.fixture
def language(qapp):
    """Switches the application's language for one test, and always back to English."""
    from app.gui.i18n import Translations

    translations = Translations(qapp)
    yield translations.apply
    translations.apply("en")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_only_what_ran_twice_is_better_or_worse_in_the_windows_colours(
    qtbot, language, dns_fixed, lang
) -> None:
    language(lang)
    dialog = CompareDialog(*dns_fixed)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    shown = rows(dialog)
    dns = shown[words_for(lang).check_name("dns")]
    assert icon_colour(dns[0]) == QColor(look.COLOURS[Status.FAIL]).name()
    assert icon_colour(dns[1]) == QColor(look.COLOURS[Status.PASS]).name()
    assert dns[2].text() == words_for(lang).term("COMPARE_BETTER")
    assert dns[2].foreground().color().name() == QColor(look.COLOURS[Status.PASS]).name()
    ports = shown[words_for(lang).check_name("ports")]
    assert icon_colour(ports[0]) == QColor(look.COLOURS[Status.SKIP]).name(), "skipped before"
    assert ports[2].text() == words_for(lang).term("COMPARE_NOT_RUN"), "never better from a skip"
    assert ports[2].foreground().color().name() == QColor(look.NOT_RUN_COLOUR).name()
    assert not dialog.warnings.isVisible()


def test_a_wrong_order_is_said_before_the_changes(qtbot, dns_fixed) -> None:
    before, after = dns_fixed
    dialog = CompareDialog(after, before)  # the later file given as "before"
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.compare()
    assert dialog.warnings.isVisible()
    assert dialog.warnings.text() == words_for("en").term(
        "COMPARE_BEFORE_IS_NEWER",
        {"before": "2026-11-30 10:00:00 UTC", "after": "2026-11-30 09:00:00 UTC"},
    )
    dns = rows(dialog)["DNS"]
    assert (
        dns[2].text() == "worse" and icon_colour(dns[1]) == QColor(look.COLOURS[Status.FAIL]).name()
    )
    assert "! Warning:" in dialog.changes.toPlainText()

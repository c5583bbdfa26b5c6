"""`python -m app screenshots DIR [--lang en|fr] [--from REPORT.json]`: every page as a PNG.

The pages show a recorded run (by default the one bundled in resources/samples, taken in
the site-network lab), so the pictures match what a technician sees, without a network.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.core.evidence import AdapterEvidence
from app.core.messages import words_for
from app.core.outputs.compare import load_report
from app.core.outputs.document import DocumentError
from app.core.outputs.refcode import decode, reference_or_none
from app.core.util.controls import visible
from app.core.util.resources import resource_path
from app.gui.app import application, build_window, no_display
from app.gui.flow import PAGES
from app.gui.qt import QSettings
from app.gui.settings import Settings
from app.gui.worker import RunController

SAMPLE = resource_path("samples", "blocked-site.json")


def render(
    folder: Path, lang: str, report_file: Path = SAMPLE, size: tuple[int, int] = (1024, 700)
) -> list[Path]:
    report = load_report(report_file)
    adapter = report.result("adapter")
    found = adapter.evidence_as(AdapterEvidence) if adapter else None
    adapters = [found.adapter] if found and found.adapter else []
    app = application()
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        )
        settings.language = lang
        window = build_window(app, settings, RunController(lambda: adapters))
        window.resize(*size)
        window.show()
        window.replay(report)
        # The adapter card and the DNS answer open, as a technician reads them; every other
        # card closed, so that each page's cards fit its picture.
        for page in window.step_pages.values():
            for check_id, card in page.cards.items():
                card.details_button.setChecked(check_id in ("adapter", "dns"))
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for index, page_id in enumerate(PAGES):
            window.go(index)
            app.processEvents()
            path = folder / f"{lang}-{index + 1}-{page_id}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"cannot write {path}")
            written.append(path)
        # What support sees from the run's reference code (Report → Read a reference code…).
        code = reference_or_none(report)
        if code:
            window.show_reference(decode(code))
            app.processEvents()
            path = folder / f"{lang}-{len(PAGES) + 1}-reference.png"
            if not window.grab().save(str(path)):
                raise OSError(f"cannot write {path}")
            written.append(path)
        window.close()
        window.translations.apply("en")
    return written


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="station-network-check screenshots",
        description="Render every page of the wizard to PNG.",
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lang", choices=("en", "fr"), default="en")
    parser.add_argument(
        "--from",
        dest="report",
        type=Path,
        default=SAMPLE,
        help="a report saved by the wizard or by check --json",
    )
    args = parser.parse_args(argv)
    # As every command of the program: a line break or a control character is never part of
    # a path the user meant.
    for option, value in (("DIR", str(args.folder)), ("--from", str(args.report))):
        if visible(value) != value:
            refusal = words_for(args.lang).term("USAGE_CONTROL", {"option": option, "got": value})
            print(f"station-network-check screenshots: {visible(refusal)}", file=sys.stderr)
            return 2
    if no_display():
        # Pictures need no screen: without one, Qt draws them offscreen instead of aborting.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        written = render(args.folder, args.lang, args.report)
    except (OSError, ValueError, DocumentError) as exc:
        print(f"station-network-check screenshots: {visible(str(exc))}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0

"""The wizard's log holds tracebacks: it is created readable by its user only."""

from __future__ import annotations

import logging
import os
import stat

import pytest

gui_app = pytest.importorskip("app.gui.app")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "logs" / "station-network-check.log"
    monkeypatch.setattr(gui_app, "log_path", lambda: path)
    before = list(gui_app.log.handlers)
    yield path
    for handler in gui_app.log.handlers[:]:
        if handler not in before:
            gui_app.log.removeHandler(handler)
            handler.close()


def test_the_log_is_readable_by_its_user_only(log_file) -> None:
    assert gui_app.start_logging() == log_file
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert "started" in log_file.read_text(encoding="utf-8")


def test_a_log_left_open_by_an_earlier_version_is_closed_to_others(log_file) -> None:
    log_file.parent.mkdir()
    log_file.write_text("earlier\n", encoding="utf-8")
    log_file.chmod(0o644)
    gui_app.start_logging()
    logging.getLogger("station_network_check").info("again")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert log_file.read_text(encoding="utf-8").startswith("earlier\n")

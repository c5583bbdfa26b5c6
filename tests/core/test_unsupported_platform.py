"""On a system whose adapters cannot be read (macOS, the BSDs) the adapter check says so, in
one line, instead of "no wired adapter"; Windows and Linux are read as before."""

from __future__ import annotations

import sys

import pytest
from helpers.cli import cli

from app.core.model import RunInputs, Status
from app.core.outputs.refcode import decode, encode
from app.core.platform import UnsupportedPlatform, list_adapters, system_name
from app.core.run import run_checks


@pytest.fixture
def on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")


@pytest.mark.usefixtures("on_macos")
def test_the_adapter_check_says_the_system_is_not_supported() -> None:
    with pytest.raises(UnsupportedPlatform):
        list_adapters()
    report = run_checks(RunInputs(only=("adapter",)))
    adapter = report.result("adapter")
    assert adapter is not None
    assert (adapter.status, adapter.code) == (Status.FAIL, "ADAPTER_UNSUPPORTED_PLATFORM")
    assert adapter.params == {"system": "macOS"}
    assert [s.code for s in adapter.next_steps] == ["STEP_USE_SUPPORTED_LAPTOP"]
    assert report.verdict.code == "VERDICT_UNSUPPORTED_PLATFORM"
    # The reference code carries it, and reads back to the same verdict.
    assert decode(encode(report)).verdict.code == "VERDICT_UNSUPPORTED_PLATFORM"


@pytest.mark.usefixtures("on_macos")
@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "This system is not supported"), ("fr", "Ce système n'est pas pris en charge")],
)
def test_the_command_line_says_it_in_one_line(lang, words) -> None:
    code, out, err = cli("check", "--only", "adapter", "--lang", lang)
    assert code == 1 and err == ""
    lines = [line for line in out.splitlines() if "ADAPTER_UNSUPPORTED_PLATFORM" in line]
    assert len(lines) == 1 and words in lines[0], out  # the result's line says it
    assert "macOS" in out and "VERDICT_UNSUPPORTED_PLATFORM" in out
    assert "ADAPTER_NOT_FOUND" not in out
    code, out, err = cli("adapters", "--lang", lang)
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert words in err and "macOS" in err


@pytest.mark.parametrize(
    ("platform", "name"),
    [("darwin", "macOS"), ("freebsd14", "freebsd14"), ("linux", "Linux"), ("win32", "Windows")],
)
def test_system_names(platform, name) -> None:
    assert system_name(platform) == name


def test_another_unsupported_system_is_named_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "freebsd14")
    adapter = run_checks(RunInputs(only=("adapter",))).result("adapter")
    assert adapter is not None and adapter.code == "ADAPTER_UNSUPPORTED_PLATFORM"
    assert adapter.params == {"system": "freebsd14"}

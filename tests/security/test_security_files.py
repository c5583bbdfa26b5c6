"""Files named by the user: only ordinary files are read, never past a bound, never waiting
for a writer; a report replaces only an ordinary file, keeping its mode."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.site import loopback_site
from hostile import sample_document, write_json

from app.core.outputs.compare import REPORT_FILE_LIMIT
from app.core.rules import RULES_FILE_LIMIT
from app.core.util.files import NotAFileError, read_text, write_atomic
from app.core.util.resources import resource_path

OFFLINE = ("check", "--only", "firmware", "--model", "cp6000", "--firmware", "2024.03.00.428")
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
POSIX = os.name == "posix"
"""FIFOs, device nodes, symbolic links and file modes as POSIX has them."""


def within(seconds: float, work: Callable[[], tuple[int, str, str]]) -> tuple[int, str, str]:
    """`work()`'s outcome; the test fails, rather than hangs, when it does not end in time."""
    outcome: list[tuple[int, str, str]] = []
    thread = threading.Thread(target=lambda: outcome.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still waiting after {seconds} s"
    return outcome[0]


@pytest.fixture
def fifo(tmp_path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def device(tmp_path) -> Path:
    """A character device node (the null device) inside the test's own folder."""
    if not ROOT:
        pytest.skip("making a device node needs root")
    path = tmp_path / "device"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


def special(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    if kind == "folder":
        return tmp_path
    if kind == "zero":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero on this system")
        return Path("/dev/zero")
    return request.getfixturevalue(kind)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "zero"])
def test_a_rules_file_that_is_not_a_file_is_refused_at_once(kind, tmp_path, request) -> None:
    path = special(kind, tmp_path, request)
    code, out, err = within(10, lambda: cli(*OFFLINE, "--rules", str(path)))
    assert (code, out) == (2, "") and err.count("\n") == 1, err
    assert str(path) in err
    if kind != "folder":
        assert "not an ordinary file" in err


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "zero"])
def test_a_compared_file_that_is_not_a_file_is_refused_at_once(kind, tmp_path, request) -> None:
    path = special(kind, tmp_path, request)
    good = write_json(tmp_path / "good.json", sample_document())
    code, out, err = within(10, lambda: cli("compare", str(good), str(path), "--lang", "fr"))
    assert (code, out) == (2, "") and err.count("\n") == 1, err
    if kind != "folder":
        assert "pas un fichier ordinaire" in err


def test_a_trust_store_that_is_a_fifo_is_the_laptops_problem_not_a_hang(
    tls_ca, fifo, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(fifo))
    with loopback_site(tls_ca) as site:
        code, out, err = within(
            20,
            lambda: cli(
                "check",
                *site.cli_args(),
                "--rules",
                str(site.rules_file(tmp_path)),
                "--only",
                "adapter,dns,tls",
                "--json",
                adapters=site.adapters,
            ),
        )
    tls = next(c for c in json.loads(out)["checks"] if c["id"] == "tls")
    assert tls["code"] == "TLS_FAILED" and tls["evidence"]["failure"] == "trust_store", tls


def test_a_file_past_the_bound_is_refused_without_reading_it_all(tmp_path) -> None:
    rules = tmp_path / "rules.toml"
    with rules.open("wb") as stream:
        stream.truncate(RULES_FILE_LIMIT + 1)
    report = tmp_path / "report.json"
    with report.open("wb") as stream:
        stream.truncate(REPORT_FILE_LIMIT + 1)
    code, _, err = cli(*OFFLINE, "--rules", str(rules))
    assert code == 2 and err.count("\n") == 1
    code, _, err = cli("compare", str(report), str(report), "--lang", "en")
    assert code == 2 and "too large" in err, err


def test_a_byte_order_mark_is_accepted_in_rules_and_reports(tmp_path) -> None:
    rules = tmp_path / "notepad-rules.toml"
    rules.write_bytes(b"\xef\xbb\xbf" + resource_path("rules.toml").read_bytes())
    code, out, err = cli(*OFFLINE, "--rules", str(rules))
    assert code == 0, err
    report = tmp_path / "notepad-report.json"
    report.write_bytes(b"\xef\xbb\xbf" + json.dumps(sample_document()).encode())
    code, out, err = cli("compare", str(report), str(report))
    assert code == 0, err


def test_read_text_refuses_what_is_not_a_file(fifo) -> None:
    with pytest.raises(NotAFileError):
        read_text(fifo, 100)


# --- Writing a report ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_a_report_never_replaces_a_link_a_pipe_or_a_device(kind, tmp_path, request) -> None:
    if kind == "symlink":
        if not POSIX:
            pytest.skip("symbolic links need a privilege on Windows")
        aimed = tmp_path / "elsewhere.html"
        aimed.write_text("the user's own file", encoding="utf-8")
        path = tmp_path / "link.html"
        path.symlink_to(aimed)
    else:
        path = request.getfixturevalue(kind)
    before = os.lstat(path)
    code, out, err = within(10, lambda: cli(*OFFLINE, "--lang", "en", "--report", str(path)))
    assert (code, out) == (2, "") and err.count("\n") == 1, err
    assert "not an ordinary file" in err
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    # The wizard's Save report writes through the same function.
    with pytest.raises(NotAFileError):
        write_atomic(path, "<html>")
    assert os.lstat(path).st_ino == before.st_ino
    if kind == "symlink":
        assert aimed.read_text(encoding="utf-8") == "the user's own file"


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_a_replaced_report_keeps_its_mode(tmp_path) -> None:
    path = tmp_path / "private.html"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    code, _, err = cli(*OFFLINE, "--report", str(path))
    assert code == 0, err
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "FIRMWARE_OK" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(not ROOT or not shutil.which("unshare"), reason="needs root and unshare")
def test_a_read_only_disk_is_said_to_be_read_only(tmp_path) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    script = (
        f"mount -t tmpfs -o ro tmpfs {folder} && exec {sys.executable} -m app "
        + " ".join(OFFLINE)
        + f" --lang fr --report {folder}/r.html"
    )
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 2, done.stderr
    assert "lecture seule" in done.stderr, done.stderr

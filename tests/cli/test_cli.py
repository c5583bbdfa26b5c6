"""The command line as a user meets it: exit codes, the JSON document, words, usage errors."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys

import pytest
from helpers.cli import cli
from helpers.site import ENDPOINT, loopback_site

from app import __version__
from app.cli import Streams, main
from app.core.messages import words_for
from app.core.outputs.document import SCHEMA

pytestmark = pytest.mark.usefixtures("trust_test_ca")

OFFLINE = ["check", "--only", "firmware,matrix"]


def site_cli(site, tmp_path, *argv: str) -> tuple[int, str, str]:
    return cli(
        "check",
        *site.cli_args(),
        "--rules",
        str(site.rules_file(tmp_path)),
        *argv,
        adapters=site.adapters,
    )


def test_version() -> None:
    assert cli("--version") == (0, f"Station Network Check {__version__}\n", "")


def test_healthy_site_json_document(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca) as site:
        code, out, err = site_cli(
            site,
            tmp_path,
            "--json",
            "--lang",
            "en",
            "--model",
            "cp6000",
            "--firmware",
            "2024.03.00.428",
            "--link",
            "up",
            "--vpn",
            "connected",
            "--cloud",
            "connected",
        )
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["schema"] == SCHEMA and doc["tool"]["version"] == __version__
    assert doc["language"] == "en" and doc["exit_code"] == 0
    assert doc["inputs"]["endpoint"] == ENDPOINT and doc["inputs"]["model"] == "cp6000"
    assert [c["id"] for c in doc["checks"]] == [
        "adapter",
        "laptop",
        "dns",
        "ports",
        "ntp",
        "tls",
        "firmware",
        "matrix",
    ]
    assert {c["status"] for c in doc["checks"]} == {"pass"}
    for check in doc["checks"]:
        assert check["code"] and check["title"] and check["summary"] and check["name"]
        assert isinstance(check["evidence"], dict) and check["duration_ms"] >= 0
    dns = next(c for c in doc["checks"] if c["id"] == "dns")
    assert dns["evidence"]["cname_chain"] == [ENDPOINT, "edge.test.example"]
    assert doc["verdict"]["code"] == "VERDICT_READY"
    assert doc["verdict"]["next_steps"][0]["code"] == "STEP_CONTACT_CHARGEPOINT_IF_ISSUES"
    assert doc["verdict"]["next_steps"][0]["text"]


def test_failing_site_exits_1_and_ranks_the_firewall_first(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        code, out, _ = site_cli(site, tmp_path, "--json", "--link", "up", "--vpn", "disconnected")
    doc = json.loads(out)
    assert code == 1 and doc["exit_code"] == 1
    matrix = next(c for c in doc["checks"] if c["id"] == "matrix")
    assert matrix["code"] == "MATRIX_VPN_DOWN"
    # A port that got no answer implicates the firewall and the route out; DNS answered.
    assert [s["code"] for s in matrix["next_steps"]] == [
        "STEP_ASK_FIREWALL_RULES",
        "STEP_ASK_PUBLIC_ROUTE",
        "STEP_FIX_LAPTOP_DNS",
    ]
    assert doc["verdict"]["code"] == "VERDICT_FIREWALL_BLOCKING"
    assert doc["verdict"]["next_steps"][0]["code"] == "STEP_ASK_FIREWALL_RULES"


def test_dns_failure_puts_dns_first_in_the_matrix(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, zone={ENDPOINT: "nxdomain"}) as site:
        code, out, _ = site_cli(site, tmp_path, "--json", "--link", "up", "--vpn", "disconnected")
    matrix = next(c for c in json.loads(out)["checks"] if c["id"] == "matrix")
    assert code == 1
    assert matrix["next_steps"][0]["code"] == "STEP_FIX_LAPTOP_DNS"
    assert matrix["evidence"]["ranking"][0]["evidence"] == "implicated"


def test_human_output_one_line_per_check_then_verdict_and_steps(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        code, out, _ = site_cli(site, tmp_path, "--lang", "en")
    lines = out.splitlines()
    assert code == 1
    assert any(line.startswith("PASS") and "ADAPTER_OK" in line for line in lines)
    assert any(line.startswith("FAIL") and "PORTS_BLOCKED" in line for line in lines)
    assert any(
        line.startswith("Verdict:") and "VERDICT_FIREWALL_BLOCKING" in line for line in lines
    )
    assert "Next steps:" in lines
    assert lines[lines.index("Next steps:") + 1].startswith(" 1. ")
    order = [
        next(i for i, line in enumerate(lines) if code_ in line)
        for code_ in ("ADAPTER_OK", "DNS_OK", "PORTS_BLOCKED", "NTP_OK", "TLS_OK")
    ]
    assert order == sorted(order), "lines come in the procedure's order"


def test_french_output(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, https="dropped") as site:
        _, out, _ = site_cli(site, tmp_path, "--lang", "fr")
    assert "\nVerdict : " in out and "États-Unis" in out
    assert "Prochaines étapes" in out and "pare-feu" in out
    assert "Next steps" not in out


def test_only_firmware_and_matrix_sends_nothing(tls_ca) -> None:
    def no_adapters():
        raise AssertionError("the adapter list must not even be read")

    code, out, err = cli(
        *OFFLINE,
        "--json",
        "--model",
        "express-plus",
        "--firmware",
        "2024.05.00.475",
        "--link",
        "down",
        "--vpn",
        "disconnected",
        adapters=no_adapters,
    )
    doc = json.loads(out)
    assert [c["id"] for c in doc["checks"]] == ["firmware", "matrix"]
    assert code == 1 and doc["verdict"]["code"] == "VERDICT_STATION_PROBLEM_UNTESTED"
    matrix = doc["checks"][1]
    assert matrix["code"] == "MATRIX_LINK_DOWN"
    assert [s["code"] for s in matrix["next_steps"]] == [
        "STEP_CHECK_CABLING",
        "STEP_RESTART_BREAKER",
        "STEP_REPEAT_TROUBLESHOOTING",
    ]


@pytest.mark.parametrize(
    ("readings", "code", "exit_code"),
    [
        (["--link", "up", "--vpn", "connected", "--cloud", "connected"], "MATRIX_CONNECTED", 0),
        (["--link", "up", "--vpn", "connected"], "MATRIX_CONNECTED", 0),
        (["--link", "up", "--vpn", "connected", "--cloud", "disconnected"], "MATRIX_CLOUD_DOWN", 1),
        (["--link", "up", "--vpn", "disconnected"], "MATRIX_VPN_DOWN", 1),
        (["--link", "down", "--vpn", "disconnected"], "MATRIX_LINK_DOWN", 1),
        (["--link", "down", "--vpn", "connected"], "MATRIX_INCONSISTENT", 1),
        (
            ["--link", "up", "--vpn", "disconnected", "--cloud", "connected"],
            "MATRIX_INCONSISTENT",
            1,
        ),
    ],
)
def test_matrix_readings(readings, code, exit_code) -> None:
    got, out, _ = cli("check", "--only", "matrix", "--json", *readings)
    assert got == exit_code
    assert json.loads(out)["checks"][0]["code"] == code


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([*OFFLINE, "--model", "cp6000", "--firmware", "2024.3.x"], "2024.03.00.428"),
        ([*OFFLINE, "--model", "cp4000", "--firmware", "2024.03.00.428"], "express-plus"),
        ([*OFFLINE, "--firmware", "2024.03.00.428"], "--model and --firmware"),
        ([*OFFLINE, "--model", "cp6000", "--firmware", ""], "2024.03.00.428"),
        ([*OFFLINE, "--link", "up"], "--link and --vpn"),
        (["check", "--region", "eu"], "--region"),
        (["check", "--only", "dns,speed"], "speed"),
        # An empty value (an unset shell variable) must never widen to every check, network and all.
        (["check", "--only", ""], "--only"),
        (["check", "--only", ","], "--only"),
        (["check", "--timeout", "0"], "--timeout"),
        (["check", "--timeout", "soon"], "--timeout"),
        (["check", "--dns-server", "dns.example"], "--dns-server"),
        (["check", "--dns-server", "198.51.100.53:99999"], "--dns-server"),
        (["check", "--ntp-server", "time.example:abc"], "--ntp-server"),
        (["check", "--endpoint", "not a host"], "--endpoint"),
        (["check", "--link", "sideways"], "--link"),
        (["check", "--rules", "/nonexistent/rules.toml"], "cannot read"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(argv, message) -> None:
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err


def test_invalid_firmware_is_explained_in_french() -> None:
    code, _, err = cli(*OFFLINE, "--lang", "fr", "--model", "cp6000", "--firmware", "v2024,3")
    assert code == 2 and "2024.03.00.428" in err and "microprogramme" in err


def test_rules_file_changes_the_endpoint(tmp_path) -> None:
    from app.core.outputs.privacy import Privacy
    from app.core.util.resources import resource_path

    text = resource_path("rules.toml").read_text(encoding="utf-8")
    custom = tmp_path / "rules.toml"
    custom.write_text(
        text.replace("vpn.ca.prod.chargepointnetwork.net", "vpn.test.example"), encoding="utf-8"
    )
    code, out, _ = cli(
        "check", "--json", "--region", "ca", "--rules", str(custom), "--only", "firmware"
    )
    doc = json.loads(out)
    # The document never names the home folder: on Windows the temporary folder lies inside
    # the user's profile, so there the path reads `~\AppData\...` (Linux's /tmp stays whole).
    assert code == 0 and doc["rules"] == Privacy.of_this_machine().clean(str(custom))
    assert doc["rules"].endswith(os.path.join(tmp_path.name, "rules.toml"))
    code, out, _ = cli("check", "--json", "--only", "firmware")
    assert json.loads(out)["rules"] is None, "the built-in rules are null, as documented"
    broken = tmp_path / "broken.toml"
    broken.write_text(
        text.replace('endpoint = "vpn.ca', 'endpoint = "bad host vpn.ca'), encoding="utf-8"
    )
    code, _, err = cli("check", "--rules", str(broken), "--only", "firmware")
    assert code == 2 and "regions.ca.endpoint" in err


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="expects this machine's Linux loopback adapter, `lo`, which Windows names otherwise",
)
def test_adapters_json_and_card() -> None:
    code, out, _ = cli("adapters", "--json")
    assert code == 0
    names = [a["name"] for a in json.loads(out)]
    assert "lo" in names
    code, out, _ = cli("adapters", "--lang", "fr")
    assert code == 0 and "Passerelle par défaut" in out and "Masque de sous-réseau" in out


def test_a_crash_exits_3_without_a_traceback(tls_ca, tmp_path) -> None:
    def broken():
        raise OSError(5, "adapter table unreadable")

    code, out, err = cli("check", "--json", "--only", "adapter", adapters=broken)
    assert code == 3 and err == ""
    assert json.loads(out)["checks"][0]["code"] == "CHECK_CRASHED"
    code, out, err = cli("adapters", adapters=broken)
    assert code == 3 and "Traceback" not in err and "--debug" in err
    code, out, err = cli("--debug", "adapters", adapters=broken)
    assert code == 3 and "Traceback" in err
    # Where the message's "run again with --debug" leads a user to put it: at the end.
    code, out, err = cli("adapters", "--debug", adapters=broken)
    assert code == 3 and "Traceback" in err


def test_the_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            *OFFLINE,
            "--model",
            "cp6000",
            "--firmware",
            "2024.3.x",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "2024.03.00.428" in done.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    code = main(
        [*OFFLINE, "--model", "cp6000", "--firmware", "2024.03.00.428"], Streams(ClosedPipe(), err)
    )
    assert code == 0 and err.getvalue() == ""
    # The run still ends, and its exit code still tells a failure.
    code = main(
        [*OFFLINE, "--model", "cp6000", "--firmware", "2024.03.00.427"], Streams(ClosedPipe(), err)
    )
    assert code == 1 and err.getvalue() == ""


def test_readings_alone_do_not_claim_the_laptop_ruled_anything_out() -> None:
    code, out, _ = cli(*OFFLINE, "--json", "--link", "up", "--vpn", "disconnected")
    doc = json.loads(out)
    assert code == 1 and doc["verdict"]["code"] == "VERDICT_STATION_PROBLEM_UNTESTED"
    assert "not run" in doc["verdict"]["summary"]


def test_a_rules_file_naming_a_code_without_words_is_refused(tmp_path) -> None:
    from app.core.util.resources import resource_path

    text = resource_path("rules.toml").read_text(encoding="utf-8")
    custom = tmp_path / "rules.toml"
    custom.write_text(
        text.replace('code = "MATRIX_CLOUD_DOWN"', 'code = "MATRIX_FOO"'), encoding="utf-8"
    )
    code, out, err = cli(*OFFLINE, "--rules", str(custom))
    assert code == 2 and out == "" and "MATRIX_FOO" in err and "matrix.rows[" in err, err
    custom.write_text(
        text.replace('"STEP_CONTACT_CHARGEPOINT"]', '"STEP_NOPE"]', 1), encoding="utf-8"
    )
    code, _, err = cli(*OFFLINE, "--rules", str(custom))
    assert code == 2 and "STEP_NOPE" in err and ".steps[" in err, err


def test_ctrl_c_stops_a_run_with_exit_130_and_no_traceback(tls_ca, tmp_path) -> None:
    """Ctrl+C while the ports hang: the run stops at once and says so, exit 130."""
    import _thread
    import threading
    import time

    class Terminal(io.StringIO):
        def write(self, text: str) -> int:
            if "DNS_OK" in text:  # the ports are being probed now, and hang
                threading.Timer(0.3, _thread.interrupt_main).start()
            return super().write(text)

    out, err = Terminal(), io.StringIO()
    with loopback_site(tls_ca, vpn=("dropped", "dropped")) as site:
        started = time.monotonic()
        code = main(
            [
                "check",
                *site.cli_args(),
                "--rules",
                str(site.rules_file(tmp_path)),
                "--timeout",
                "5",
                "--lang",
                "en",
            ],
            Streams(out, err),
            adapters=site.adapters,
        )
        elapsed = time.monotonic() - started
    assert code == 130 and err.getvalue() == "", err.getvalue()
    assert elapsed < 3.0, f"the 5 s time-out was waited out: {elapsed:.1f} s"
    assert "VERDICT_CANCELLED" in out.getvalue()


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="expects this machine's Linux loopback adapter, `lo`, which Windows names otherwise",
)
def test_an_adapter_asked_for_by_a_wrong_name_lists_the_real_ones() -> None:
    code, out, _ = cli("check", "--json", "--only", "adapter", "--interface", "nosuch")
    adapter = json.loads(out)["checks"][0]
    assert code == 1 and adapter["code"] == "ADAPTER_INTERFACE_NOT_FOUND"
    (step,) = adapter["next_steps"]
    assert step["code"] == "STEP_PICK_ANOTHER_ADAPTER"
    assert "nosuch" in step["text"] and "lo" in step["params"]["names"]


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        (["check", "--region", "eu"], "--region : valeurs possibles us, ca, reçu « eu »"),
        (["check", "--timeout", "0"], "--timeout : attendu un nombre de secondes de 0.1 à 60"),
        (["check", "--only", ""], "--only : nommez au moins une vérification"),
        ([*OFFLINE, "--link", "up"], "--link et --vpn s'emploient ensemble"),
    ],
)
def test_usage_errors_speak_the_readers_language(argv, french) -> None:
    code, out, err = cli(*argv, "--lang", "fr")
    assert (code, out) == (2, "") and french in err and err.count("\n") == 1, err


def test_argparse_speaks_french_too() -> None:
    code, out, err = cli(*OFFLINE, "--link", "sideways", "--lang", "fr")
    assert (code, out) == (2, "") and "choix non valide : 'sideways'" in err, err
    code, _, err = cli("check", "--bogus", "--lang", "fr")
    assert code == 2 and "arguments non reconnus : --bogus" in err
    code, _, err = cli("check", "--bogus", "--lang", "en")
    assert "unrecognized arguments: --bogus" in err


def test_each_translated_argparse_message_is_one_python_writes() -> None:
    """A Python that rewords a message would leave it in English: this says so."""
    import argparse
    import inspect

    from app.core.messages import catalogue

    source = inspect.getsource(argparse)
    words = catalogue()
    english = [words_for("en").term(name) for name in words.terms if name.startswith("ARGPARSE_")]
    assert len(english) >= 8
    missing = [
        text for text in english if f"_('{text}')" not in source and f"'{text}'" not in source
    ]
    assert missing == []


def test_output_to_a_pipe_or_file_is_utf8_whatever_the_code_page() -> None:
    """Windows gives a pipe its ANSI code page (cp1252 has no "→"): a saved JSON document
    or letter must still be UTF-8, accents and all."""
    import os

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            *OFFLINE,
            "--json",
            "--lang",
            "fr",
            "--model",
            "cp6000",
            "--firmware",
            "2024.01.00.1",
        ],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
    )
    text = done.stdout.decode("utf-8")
    assert done.returncode == 1 and "microprogramme" in text and "é" in text
    assert json.loads(text)["language"] == "fr"


def test_an_adapter_not_called_wired_is_said_once_and_names_how_to_choose() -> None:
    from helpers.site import loopback_adapter

    from app.core.platform import AdapterKind
    from app.core.platform.base import LinkHealth

    def virtual():
        adapter = loopback_adapter(53, kind=AdapterKind.VIRTUAL, friendly_name="vEthernet")
        return [dataclasses.replace(adapter, link=LinkHealth(rx_errors=0, tx_errors=0))]

    code, out, _ = cli("check", "--only", "adapter", adapters=virtual)
    assert out.count("ADAPTER_UNCONFIRMED") == 1, out
    assert "--interface NAME" in out and "Adapter to test" in out

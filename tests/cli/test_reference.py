"""`check` shows the reference code; `decode` reads it back, and refuses a mistyped one."""

from __future__ import annotations

import json

import pytest
from helpers.cli import cli
from helpers.site import loopback_site

from app.core.outputs.refcode import decode

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def test_check_shows_the_code_and_decode_reads_back_the_same_results(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        argv = [
            "check",
            *site.cli_args(),
            "--rules",
            str(site.rules_file(tmp_path)),
            "--link",
            "up",
            "--vpn",
            "disconnected",
            "--lang",
            "en",
        ]
        code, out, _ = cli(*argv, "--json", adapters=site.adapters)
        _, text, _ = cli(*argv, adapters=site.adapters)
    document = json.loads(out)
    reference = document["reference"]
    assert code == 1 and document["schema"] == "station-network-check/report/1"
    assert text.rstrip().endswith(f"Reference code: {reference}")

    code, out, err = cli("decode", reference.lower().replace("-", " "), "--json", "--lang", "en")
    assert (code, err) == (0, "")
    decoded = json.loads(out)
    assert decoded["reference"] == reference and decoded["region"] == "us"
    assert {c["id"]: c["code"] for c in decoded["checks"]} == {
        c["id"]: c["code"] for c in document["checks"]
    }
    assert {c["id"]: c["status"] for c in decoded["checks"]} == {
        c["id"]: c["status"] for c in document["checks"]
    }
    assert (
        decoded["verdict"]["code"] == document["verdict"]["code"] == ("VERDICT_FIREWALL_BLOCKING")
    )


def test_decode_prints_every_check_in_french() -> None:
    code, out, err = cli("decode", "002J", "1FR5", "8HTS", "--lang", "fr")
    assert (code, err) == (0, "")
    assert out.startswith("Code de référence : 002J-1FR5-8HTS\n")
    for expected in (
        "ADAPTER_OK",
        "DNS_OK",
        "PORTS_OK",
        "NTP_OK",
        "TLS_OK",
        "FIRMWARE_OK",
        "MATRIX_CONNECTED",
        "VERDICT_READY",
        "Lectures de la borne",
    ):
        assert expected in out
    assert "Station readings" not in out


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("002J-1FR5-8HTT", "a character was misheard or two were swapped"),
        ("002J-1FR5-H8TS", "a character was misheard or two were swapped"),
        ("002J-1FR5-8HT", "has 12 to 30 letters and digits"),
        ("002J-1FR5-8HTU", '"U" is never used'),
    ],
)
def test_a_mistyped_code_is_one_clear_line_and_exit_2(typed: str, words: str) -> None:
    code, out, err = cli("decode", typed, "--lang", "en")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err and typed in err


def test_a_mistyped_code_in_french() -> None:
    code, _, err = cli("decode", "002J-1FR5-8HTT", "--lang", "fr")
    assert code == 2 and "caractère de contrôle" in err and err.count("\n") == 1


def test_an_offline_check_has_a_code_too() -> None:
    code, out, _ = cli(
        "check", "--only", "firmware", "--json", "--model", "cp6000", "--firmware", "2024.01.00.1"
    )
    document = json.loads(out)
    back = decode(document["reference"])
    assert [(c.id, c.code) for c in back.checks] == [("firmware", "FIRMWARE_TOO_OLD")]
    assert back.verdict.code == document["verdict"]["code"] and code == 1


@pytest.mark.parametrize("control", ["\n", "\t", "\x1b", "\u202e"], ids=repr)
@pytest.mark.parametrize(("lang", "words"), [("en", "control character"), ("fr", "contrôle")])
def test_a_code_holding_a_control_character_is_refused(control: str, lang: str, words: str) -> None:
    """A final line break used to be read as a space and the code decoded: it is not what
    was read out, so it is refused like any other value with one."""
    code, out, err = cli("decode", f"002J-1FR5-8HTS{control}", "--lang", lang)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "CODE" in err and words in err and control not in err.rstrip("\n")

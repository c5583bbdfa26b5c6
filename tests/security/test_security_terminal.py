"""No text from a certificate, a saved report, a rules file or an adapter's name reaches the
terminal with a control character that acts: each is spelled out (`\\x1b`) instead."""

from __future__ import annotations

import json

import pytest
import trustme
from helpers.cli import cli
from helpers.site import loopback_adapter, loopback_site
from hostile import HOSTILE, hostile_document, raw_in, sample_document, write_json

from app.core.platform import AdapterKind
from app.core.util.controls import json_text, visible
from app.core.util.resources import resource_path

pytestmark = pytest.mark.usefixtures("trust_test_ca")


class HostileCA(trustme.CA):
    """An untrusted CA whose name, and whose leaves' names, are `HOSTILE`: what a crafted
    "inspection" box presents."""

    def __init__(self) -> None:
        super().__init__(organization_name=HOSTILE, organization_unit_name=HOSTILE)

    def issue_cert(self, *identities: str, **kwargs) -> trustme.LeafCert:  # type: ignore[override]
        kwargs.update(organization_name=HOSTILE, organization_unit_name=HOSTILE)
        return super().issue_cert(*identities, **kwargs)


@pytest.fixture(scope="module")
def hostile_ca() -> trustme.CA:
    return HostileCA()


def run_against(site, tmp_path, *argv: str) -> tuple[int, str, str]:
    return cli(
        "check",
        *site.cli_args(),
        "--rules",
        str(site.rules_file(tmp_path)),
        "--only",
        "adapter,dns,tls",
        *argv,
        adapters=site.adapters,
    )


@pytest.mark.parametrize(
    "argv",
    [(), ("--it-request",), ("--lang", "fr", "--it-request")],
    ids=["check", "it-request", "french"],
)
def test_a_crafted_certificate_cannot_take_over_the_terminal(
    tls_ca, hostile_ca, tmp_path, argv
) -> None:
    with loopback_site(tls_ca, tls_ca=hostile_ca) as site:
        code, out, err = run_against(site, tmp_path, *argv)
    assert "TLS_INTERCEPTED" in out, out
    assert raw_in(out + err) == []
    # The issuer is still told, its controls spelled out.
    assert "\\x1b[2J" in out and "\\u202eEvil CA" in out


def test_a_crafted_certificate_in_the_json_document(tls_ca, hostile_ca, tmp_path) -> None:
    with loopback_site(tls_ca, tls_ca=hostile_ca) as site:
        code, out, err = run_against(site, tmp_path, "--json", "--it-request")
    assert raw_in(out + err) == []
    assert "\u009b" not in out and "\\u009b" in out or "\\x9b" in out
    document = json.loads(out)
    tls = next(check for check in document["checks"] if check["id"] == "tls")
    assert tls["code"] == "TLS_INTERCEPTED"
    assert tls["params"]["issuer"] == visible(HOSTILE)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_crafted_saved_report_is_compared_without_acting(tmp_path, as_json) -> None:
    before = write_json(tmp_path / "before.json", sample_document())
    after = write_json(tmp_path / "after.json", hostile_document())
    code, out, err = cli("compare", str(before), str(after), *(["--json"] if as_json else []))
    assert code in (0, 2), err
    assert raw_in(out + err) == []


def test_a_crafted_file_name_is_shown_without_acting(tmp_path) -> None:
    missing = tmp_path / f"report{HOSTILE.replace('/', '')}.json"
    code, out, err = cli("compare", str(missing), str(missing))
    assert code == 2 and raw_in(out + err) == []


def test_a_crafted_rules_file_is_refused_without_acting(tmp_path) -> None:
    text = resource_path("rules.toml").read_text(encoding="utf-8")
    text = text.replace("vpn.na.prod.chargepointnetwork.net", json.dumps(HOSTILE)[1:-1], 1)
    rules = tmp_path / "rules.toml"
    rules.write_text(text, encoding="utf-8")
    code, out, err = cli("check", "--rules", str(rules), "--only", "firmware")
    assert code == 2 and raw_in(out + err) == []
    assert "\\x1b" in err


def hostile_adapters():
    return [loopback_adapter(53, name=HOSTILE, friendly_name=HOSTILE, description=HOSTILE)]


@pytest.mark.parametrize("argv", [("adapters",), ("adapters", "--json")])
def test_an_adapter_name_cannot_take_over_the_terminal(argv) -> None:
    code, out, err = cli(*argv, adapters=hostile_adapters)
    assert code == 0 and raw_in(out + err) == []
    assert "Evil CA" in out


def test_an_adapter_name_in_a_check_is_shown_without_acting() -> None:
    code, out, err = cli(
        "check", "--only", "adapter", "--interface", "missing", adapters=hostile_adapters
    )
    assert "ADAPTER_INTERFACE_NOT_FOUND" in out
    assert raw_in(out + err) == [] and "\\x1b" in out


def test_visible_spells_out_every_control_and_keeps_the_rest() -> None:
    assert visible("a\x1bb\x9bc\u202ed\x7fe\x00") == "a\\x1bb\\x9bc\\u202ed\\x7fe\\x00"
    assert visible("one\ttwo\nthree") == "one\\x09two\\x0athree"
    assert visible("one\ttwo\nthree\r", lines=True) == "one\ttwo\nthree\\x0d"
    assert visible("Réseau · ✔ 東京") == "Réseau · ✔ 東京"


def test_json_text_escapes_c1_and_bidi_and_keeps_letters() -> None:
    text = json_text({"issuer": "\x1b\x9b\u202e\u2066\x7fé"})
    assert text == '{\n  "issuer": "\\u001b\\u009b\\u202e\\u2066\\u007fé"\n}'
    assert json.loads(text) == {"issuer": "\x1b\x9b\u202e\u2066\x7fé"}


def test_the_adapters_seen_when_none_is_found_are_shown_without_acting() -> None:
    def wireless_only():
        return [
            loopback_adapter(53, name=HOSTILE, friendly_name=HOSTILE, kind=AdapterKind.WIRELESS)
        ]

    code, out, err = cli("check", "--only", "adapter", adapters=wireless_only)
    assert code == 1 and "ADAPTER_NOT_FOUND" in out
    assert raw_in(out + err) == [] and "\\x1b" in out
    assert "--interface" in out and "127.0.0.1" in out

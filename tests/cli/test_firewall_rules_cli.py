"""`firewall-rules --from REPORT.json` and `check --firewall-rules FORMAT`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.site import loopback_site

from app.cli import Streams, main

pytestmark = pytest.mark.usefixtures("trust_test_ca")

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "blocked-site.json"


def test_rules_from_a_saved_report() -> None:
    code, out, err = cli("firewall-rules", "--from", str(SAMPLE), "--format", "nftables")
    assert (code, err) == (0, "")
    assert out.startswith("#!/usr/sbin/nft -f\n")
    assert "insert rule inet filter forward ip saddr 198.51.100.0/25" in out
    code, out, _ = cli(
        "firewall-rules",
        "--from",
        str(SAMPLE),
        "--format",
        "nftables",
        "--table",
        "t",
        "--chain",
        "c",
    )
    assert code == 0 and "insert rule inet t c " in out and "inet filter" not in out


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = cli("firewall-rules", "--from", str(SAMPLE), "--format", "pf")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    code, _, err = cli(
        "firewall-rules",
        "--from",
        str(SAMPLE),
        "--format",
        "nftables",
        "--chain",
        "a b",
        "--lang",
        "fr",
    )
    assert code == 2 and "pas un nom de table ou de chaîne" in err
    for name in ("forward\n", "filter\n"):
        code, out, err = cli(
            "firewall-rules", "--from", str(SAMPLE), "--format", "nftables", "--chain", name
        )
        assert (code, out) == (2, "") and len(err.splitlines()) == 1, err
    not_report = tmp_path / "x.json"
    not_report.write_text("{}", encoding="utf-8")
    code, _, err = cli("firewall-rules", "--from", str(not_report), "--format", "csv")
    assert code == 2 and str(not_report) in err and len(err.splitlines()) == 1


def site_cli(site, tmp_path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["check", *site.cli_args(), "--rules", str(site.rules_file(tmp_path)), *argv],
        Streams(out, err),
        adapters=site.adapters,
    )
    return code, out.getvalue(), err.getvalue()


def test_check_prints_the_rules_after_the_run(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        code, out, err = site_cli(
            site, tmp_path, "--it-request", "--firewall-rules", "csv", "--lang", "en"
        )
        _, json_out, _ = site_cli(site, tmp_path, "--firewall-rules", "iptables", "--json")
    assert (code, err) == (1, "") and "TLS_OK" in out
    rules = out.index("Firewall rules for the site's IT")
    assert out.index("Reference code:") < out.index("Request for the site's IT") < rules
    assert "direction,protocol,port,destination,addresses,source,purpose" in out[rules:]
    document = json.loads(json_out)
    assert document["firewall_rules"]["format"] == "iptables"
    assert "*filter\n" in document["firewall_rules"]["text"]
    assert document["reference"] in document["firewall_rules"]["text"]

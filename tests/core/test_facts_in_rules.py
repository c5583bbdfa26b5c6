"""Facts live in `resources/rules.toml` only: no port number, endpoint or server name of the
rules is written in `app/`, and the checks take them from the rules they are given."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from helpers import SntpServer
from helpers.site import loopback_site

from app.core.rules import PortRule, RulesError, load_rules
from app.core.run import run_checks

APP = Path(__file__).resolve().parents[2] / "app"
RULES = APP.parent / "resources" / "rules.toml"


def facts() -> list[str]:
    rules = load_rules()
    return [
        *{str(p.port) for p in rules.ports},
        *rules.regions.values(),
        *rules.ntp_servers,
        "chargepointnetwork",
    ]


def test_no_fact_of_the_rules_is_written_in_app() -> None:
    patterns = {
        fact: re.compile(rf"(?<![\w.]){re.escape(fact)}(?![\w])", re.IGNORECASE)
        if fact.isdigit()
        else re.compile(re.escape(fact), re.IGNORECASE)
        for fact in facts()
    }
    found = [
        f"{path.relative_to(APP).as_posix()}:{number}: {fact}"
        for path in sorted(APP.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for fact, pattern in patterns.items()
        if pattern.search(line)
    ]
    assert found == [], found


def test_the_grep_sees_a_port_number_and_an_endpoint() -> None:
    port = re.compile(r"(?<![\w.])443(?![\w])")
    assert port.search("port = 443") and port.search("TCP 443, UDP 123")
    assert not port.search("14430") and not port.search("2024.443")
    assert "vpn.na.prod.chargepointnetwork.net" in facts()


def test_the_ntp_check_asks_the_rules_port_when_a_server_has_none(tls_ca) -> None:
    with loopback_site(tls_ca) as site, SntpServer() as other:
        rules = dataclasses.replace(
            site.rules,
            ports=tuple(
                PortRule("ntp", "udp", other.port) if p.use == "ntp" else p
                for p in site.rules.ports
            ),
        )
        inputs = site.inputs(only=("ntp",), ntp_servers=("127.0.0.1",))
        ntp = run_checks(inputs, rules, adapters=site.adapters).result("ntp")
    assert ntp is not None and ntp.code == "NTP_OK", ntp
    assert ntp.evidence.servers[0].port == other.port
    assert other.requests and not site.sntp.requests


@pytest.mark.parametrize(("use", "protocol"), [("https", "tcp"), ("ntp", "udp")])
def test_a_rules_file_without_a_port_the_checks_need_is_refused(tmp_path, use, protocol) -> None:
    text = RULES.read_text(encoding="utf-8")
    block = re.search(rf'\[\[ports\]\]\nuse = "{use}"\nprotocol = "{protocol}"\nport = \d+\n', text)
    assert block, use
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(block.group(0), ""), encoding="utf-8")
    with pytest.raises(RulesError, match=rf"ports.*{use}"):
        load_rules(str(path))

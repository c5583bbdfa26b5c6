"""Facts live in `resources/rules.toml` only: no port number, endpoint or server name of the
rules is written in `app/` or in the catalogue's sentences, and the checks take them from the
rules they are given."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest
from helpers import SntpServer
from helpers.site import loopback_site

from app.core.messages import words_for
from app.core.rules import PortRule, RulesError, load_rules
from app.core.run import run_checks

APP = Path(__file__).resolve().parents[2] / "app"
RULES = APP.parent / "resources" / "rules.toml"
MESSAGES = APP.parent / "resources" / "messages.toml"


def facts() -> list[str]:
    rules = load_rules()
    return [
        *{str(p.port) for p in rules.ports},
        *rules.regions.values(),
        *rules.ntp_servers,
        "chargepointnetwork",
    ]


def fact_patterns() -> dict[str, re.Pattern[str]]:
    return {
        fact: re.compile(rf"(?<![\w.]){re.escape(fact)}(?![\w])", re.IGNORECASE)
        if fact.isdigit()
        else re.compile(re.escape(fact), re.IGNORECASE)
        for fact in facts()
    }


def sentences(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every text of the catalogue with its place (`code.NTP_OK.en.explanation`)."""
    if isinstance(node, dict):
        return [pair for key, value in node.items() for pair in sentences(value, f"{where}.{key}")]
    return [(where.lstrip("."), node)] if isinstance(node, str) else []


def test_no_fact_of_the_rules_is_written_in_app() -> None:
    patterns = fact_patterns()
    found = [
        f"{path.relative_to(APP).as_posix()}:{number}: {fact}"
        for path in sorted(APP.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for fact, pattern in patterns.items()
        if pattern.search(line)
    ]
    assert found == [], found


def test_no_fact_of_the_rules_is_written_in_the_catalogues_sentences() -> None:
    """A port in a sentence is a `{port}` parameter the check fills from the rules."""
    with MESSAGES.open("rb") as handle:
        catalogue = tomllib.load(handle)
    found = [
        f"{where}: {fact}"
        for where, text in sentences(catalogue)
        for fact, pattern in fact_patterns().items()
        if pattern.search(text)
    ]
    assert found == [], found
    assert len(sentences(catalogue)) > 500, "the grep reads every sentence"


def test_the_ntp_sentences_name_the_port_the_servers_were_asked_on(tls_ca) -> None:

    with loopback_site(tls_ca) as site:
        inputs = site.inputs(only=("ntp",))
        ntp = run_checks(inputs, site.rules, adapters=site.adapters).result("ntp")
    assert ntp is not None and ntp.code == "NTP_OK", ntp
    port = str(site.sntp.port)
    for lang, words in (("en", f"UDP port {port} in"), ("fr", f"port UDP {port} en")):
        assert words in words_for(lang).text(ntp.code, ntp.params).explanation


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


def test_a_report_saved_before_the_sentences_named_the_port_reads_the_rules_one() -> None:
    import json

    from app.core.outputs.document import from_document

    sample = APP.parent / "resources" / "samples" / "blocked-site.json"
    document = json.loads(sample.read_text(encoding="utf-8"))
    ntp_saved = next(c for c in document["checks"] if c["id"] == "ntp")
    del ntp_saved["params"]["port"]  # as the sentences' parameters were saved before it
    ntp = from_document(document).result("ntp")
    assert ntp is not None and ntp.code == "NTP_OK"
    text = words_for("en").text(ntp.code, ntp.params).explanation
    assert f"UDP port {load_rules().ntp_port} in" in text, text

"""Firewall rules from a run: the names and addresses it saw, and nothing a report can smuggle."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import pytest

from app.core.messages import words_for
from app.core.outputs.document import DocumentError, from_document
from app.core.outputs.firewall import FORMATS, FirewallError, firewall_plan, render, rule_table
from app.core.outputs.it_request import build_it_request
from app.core.rules import load_rules

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "blocked-site.json"
CHAIN = (
    "vpn.na.prod.chargepointnetwork.net",
    "default-us.chargepoint.com",
    "default-us.chargepoint.com.cdn.cloudflare.net",
)
NFT_RULE = re.compile(
    r"^insert rule inet filter forward (ip saddr 198\.51\.100\.0/25 )?(ip|ip6) daddr "
    r"\{ [0-9a-f.:, ]+ \} (tcp|udp) dport \{ [0-9, ]+ \} accept "
    r'comment "station-network-check [a-z]+"$'
)
IPT_RULE = re.compile(
    r"^-I FORWARD (-s 198\.51\.100\.0/25 )?-d [0-9.]+/32 -p (tcp|udp) "
    r"(--dport \d+|-m multiport --dports [0-9,]+) "
    r'-m comment --comment "station-network-check [a-z]+" -j ACCEPT$'
)


def sample_document() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def check(document: dict, check_id: str) -> dict:
    return next(c for c in document["checks"] if c["id"] == check_id)


def plan_of(document: dict):
    return firewall_plan(from_document(document), load_rules(None))


def test_the_endpoint_is_named_by_its_whole_cname_chain() -> None:
    document = sample_document()
    plan = plan_of(document)
    by_use = {rule.use: rule for rule in plan.rules}
    assert by_use["vpn"].names == CHAIN and by_use["https"].names == CHAIN
    assert by_use["vpn"].ports == (52007, 52017) and by_use["vpn"].protocol == "tcp"
    assert [str(a) for a in by_use["vpn"].addresses] == ["203.0.113.10", "203.0.113.11"]
    assert [str(a) for a in by_use["ntp"].addresses] == [
        "203.0.113.123",
        "203.0.113.124",
        "203.0.113.125",
    ]
    assert [(r.use, r.protocol) for r in plan.rules][-2:] == [("dns", "udp"), ("dns", "tcp")]
    assert str(plan.source) == "198.51.100.0/25" and plan.reference == document["reference"]


def test_csv_reads_back_row_by_row() -> None:
    text = render(plan_of(sample_document()), words_for("en"), "csv")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body))))
    vpn = next(row for row in rows if row["port"] == "52007 52017")
    assert vpn["direction"] == "outbound" and vpn["protocol"] == "tcp"
    assert vpn["destination"].split() == list(CHAIN)
    assert vpn["addresses"] == "203.0.113.10 203.0.113.11"
    assert vpn["purpose"] == "VPN tunnel to ChargePoint"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_format_has_a_header_with_time_reference_and_staleness(fmt: str, lang: str) -> None:
    document = sample_document()
    text = render(plan_of(document), words_for(lang), fmt)
    header = " ".join(line[2:].strip() for line in text.splitlines() if line.startswith("# "))
    # When the recorded run started, as the header writes it: "2026-11-30 09:48:58 UTC".
    started = document["started_at"].replace("T", " ").replace("+00:00", " UTC")
    assert started in header and document["reference"] in header
    assert "CDN" in header and "FQDN" in header
    assert all(name in header for name in CHAIN)


def test_nftables_inserts_accept_rules_in_the_chain_asked_for() -> None:
    text = render(plan_of(sample_document()), words_for("en"), "nftables", table="fw", chain="fwd")
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules and all(line.startswith("insert rule inet fw fwd ") for line in rules)
    assert any("tcp dport { 52007, 52017 } accept" in line for line in rules)
    with pytest.raises(FirewallError):
        render(
            plan_of(sample_document()), words_for("en"), "nftables", table="filter; flush ruleset"
        )
    for name in ("filter\n", "forward\n"):
        # A name is matched whole: a final line break would end the rule's line.
        with pytest.raises(FirewallError):
            render(plan_of(sample_document()), words_for("en"), "nftables", table=name)
        with pytest.raises(FirewallError):
            render(plan_of(sample_document()), words_for("en"), "nftables", chain=name)


def test_a_comment_line_ending_in_a_line_break_is_refused() -> None:
    from app.core.outputs.firewall import _comment_block

    assert _comment_block(["one line"]) == "# one line\n"
    for text in ("one line\n", "one line\r", "one\nline"):
        with pytest.raises(ValueError):
            _comment_block([text])


def hostile_document() -> dict:
    """A saved report whose every name, address and time tries to add a rule or break out."""
    document = copy.deepcopy(sample_document())
    evil = [
        'x.example" accept\ninsert rule inet filter forward accept #',
        "vpn.example\n*filter\n-P FORWARD ACCEPT",
        "} accept; flush ruleset; {",
        "=HYPERLINK(1)",
        "-A FORWARD -j ACCEPT",
        "ok.example\u2028accept",
    ]
    dns = check(document, "dns")["evidence"]
    dns["endpoint"] = evil[0]
    dns["cname_chain"] = evil
    dns["answers"][0]["cname_chain"] = [*evil, "good.example"]
    dns["answers"][0]["addresses"] = ["203.0.113.10 } accept", "0.0.0.0/0", "203.0.113.7"]
    dns["servers"] = ["198.51.100.1; flush ruleset", "192.0.2.53"]
    ports = check(document, "ports")["evidence"]
    for row in ports["ports"]:
        row["address"] = "::/0 accept"
    check(document, "ntp")["evidence"]["servers"][0]["address"] = '1.2.3.4" accept'
    adapter = check(document, "adapter")["evidence"]
    adapter["adapter"]["ipv4"][0]["prefix"] = 99
    document["started_at"] = "2026-11-30T09:48:58+00:00\n-P FORWARD ACCEPT"
    document["inputs"]["ntp_servers"] = ["pool.example\naccept", "203.0.113.123"]
    return document


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_from_a_report_reaches_a_rule_or_breaks_a_comment(fmt: str) -> None:
    text = render(plan_of(hostile_document()), words_for("en"), fmt)
    lines = text.splitlines()
    if fmt == "nftables":
        assert lines[0] == "#!/usr/sbin/nft -f"
        lines = lines[1:]
    for line in lines:
        if line.startswith("# ") or line == "#":
            continue
        if fmt == "nftables":
            assert NFT_RULE.match(line), line
        elif fmt == "iptables":
            assert line in ("*filter", "COMMIT") or IPT_RULE.match(line), line
    assert "flush ruleset" not in text and "HYPERLINK" not in text and "-P FORWARD" not in text
    assert "\u2028" not in text and "203.0.113.10 }" not in text
    assert "good.example" in text and "203.0.113.7" in text and "192.0.2.53" in text
    if fmt == "csv":
        body = [line for line in lines if not line.startswith("#")]
        rows = list(csv.reader(io.StringIO("\n".join(body))))
        assert all(len(row) == 7 for row in rows)
        assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows for cell in row)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: check(d, "adapter")["evidence"]["adapter"]["ipv4"][0].update(
            prefix="25 } accept"
        ),
        lambda d: check(d, "dns")["evidence"]["answers"][0]["addresses"].append(7),
    ],
    ids=["prefix a string", "address a number"],
)
def test_a_value_of_the_wrong_type_never_reaches_the_plan(damage) -> None:
    """Such a report is not one this version can read: it is refused before any rule."""
    document = sample_document()
    damage(document)
    with pytest.raises(DocumentError):
        plan_of(document)


def test_a_rewritten_answer_is_never_allowed() -> None:
    document = sample_document()
    dns = check(document, "dns")["evidence"]
    dns["answers"][0]["addresses"] = ["10.0.0.1"]
    dns["suspicious"] = ["10.0.0.1"]
    check(document, "ports")["evidence"]["ports"] = []
    text = render(plan_of(document), words_for("en"), "nftables")
    assert "10.0.0.1" not in text
    assert "No address was seen for TCP 443" in " ".join(text.split("\n# "))


def test_iptables_leaves_ipv6_out_and_says_so() -> None:
    document = sample_document()
    check(document, "dns")["evidence"]["answers"][0]["addresses"].append("2001:db8::10")
    text = render(plan_of(document), words_for("en"), "iptables")
    assert "2001:db8::10/32" not in text.replace("# ", "")
    assert "IPv6 addresses left out" in text and "2001:db8::10" in text
    nft = render(plan_of(document), words_for("en"), "nftables")
    assert "ip6 daddr { 2001:db8::10 } tcp dport { 443 } accept" in nft


def test_the_letter_carries_the_rule_table_in_both_languages() -> None:
    report = from_document(sample_document())
    for lang, outbound in (("en", "outbound"), ("fr", "sortie")):
        request = build_it_request(report, words_for(lang), load_rules(None))
        assert request is not None
        table = rule_table(firewall_plan(report, load_rules(None)), words_for(lang))
        assert all(f"  {row}" in request.body for row in table)
        vpn_row = next(row for row in table if "52007, 52017" in row)
        assert vpn_row.split()[:2] == [outbound, "TCP"] and CHAIN[0] in vpn_row
        assert all(any(name in row for row in table) for name in CHAIN)

"""End to end: each site fault, made with real tools, gives the right codes from `check --json`.

Each test runs the real command line in the laptop namespace (see Lab.check) against the lab's
dnsmasq, nftables, chronyd and TLS peers. `--timeout 2` keeps the suite fast, except where a
scenario needs the product's own time-outs.
"""

from __future__ import annotations

import json

import pytest

from . import faults
from .network import (
    CNAME_CHAIN,
    ENDPOINT_ADDRESSES,
    LAPTOP_ADDRESS,
    LAPTOP_IF,
    STATION_TCP_PORTS,
    VPN_PORTS,
    Lab,
)

NETWORK = ("adapter", "dns", "ports", "ntp", "tls")


@pytest.mark.lab
def test_healthy_site(lab: Lab) -> None:
    report = lab.check("--model", "cp6000", "--firmware", "2024.03.00.428")
    assert {c: report.status(c) for c in NETWORK} == dict.fromkeys(NETWORK, "pass"), report
    assert report.verdict == "VERDICT_READY" and report.exit_code == 0
    assert report.evidence("dns")["cname_chain"] == list(CNAME_CHAIN)
    assert sorted(report.evidence("dns")["addresses"]) == sorted(ENDPOINT_ADDRESSES)
    assert report.evidence("ntp")["stratum"] == 8  # chronyd's `local stratum 8`
    control = report.evidence("ports")["control"]
    assert control["address"] == "192.0.2.1" and control["state"] != "open", control


@pytest.mark.lab
def test_healthy_site_without_the_firmware_is_a_warning_saying_where_to_read_it(lab: Lab) -> None:
    report = lab.check()
    assert {c: report.status(c) for c in NETWORK} == dict.fromkeys(NETWORK, "pass"), report
    assert report.verdict == "VERDICT_READY_FIRMWARE_UNCHECKED" and report.exit_code == 0
    verdict = report.document["verdict"]
    assert verdict["status"] == "warn"
    assert verdict["next_steps"][0]["code"] == "STEP_READ_FIRMWARE"
    assert (
        '"?" icon at the bottom right, then the gear, then About'
        in verdict["next_steps"][0]["text"]
    )


@pytest.mark.lab
def test_cable_unplugged(lab: Lab) -> None:
    with faults.cable_unplugged(lab):
        report = lab.check()
    assert report.code("adapter") == "ADAPTER_NO_LINK", report
    assert report.verdict == "VERDICT_LAPTOP_NOT_CONNECTED"


@pytest.mark.lab
def test_dhcp_failed(lab: Lab) -> None:
    with faults.dhcp_failed(lab):
        report = lab.check()
    assert report.code("adapter") == "ADAPTER_SELF_ASSIGNED", report
    assert report.check("adapter")["params"]["address"] == "169.254.77.10"


@pytest.mark.lab
def test_no_default_gateway(lab: Lab) -> None:
    with faults.no_default_route(lab):
        report = lab.check()
    assert report.code("adapter") == "ADAPTER_NO_GATEWAY", report
    assert report.steps("adapter") == ["STEP_ASK_GATEWAY"]


@pytest.mark.lab
def test_second_adapter_holds_the_default_route(lab: Lab) -> None:
    with faults.second_adapter(lab) as other:
        report = lab.check()
    assert report.code("adapter") == "ADAPTER_OTHER_ROUTE", report
    assert report.evidence("adapter")["default_route_adapter"] == other
    assert report.verdict == "VERDICT_READY_WITH_WARNINGS"


@pytest.mark.lab
def test_an_adapter_the_system_does_not_call_wired_is_tested_with_a_warning(lab: Lab) -> None:
    # The laptop's only adapter is a veth: no device behind it, so the system cannot call it
    # wired (as a virtual machine's or a container's adapter). Nothing names it.
    report = lab.check(interface=None)
    assert report.code("adapter") == "ADAPTER_UNCONFIRMED", report
    tested = report.evidence("adapter")["adapter"]
    assert (tested["name"], tested["kind"]) == (LAPTOP_IF, "virtual")
    assert "STEP_CONFIRM_ADAPTER" in report.steps("adapter")
    assert {c: report.status(c) for c in ("dns", "ports", "ntp", "tls")} == dict.fromkeys(
        ("dns", "ports", "ntp", "tls"), "pass"
    ), report
    assert report.verdict == "VERDICT_READY_WITH_WARNINGS" and report.exit_code == 0
    rows = report.evidence("ports")["ports"]
    assert {r["route"]["interface"] for r in rows} == {LAPTOP_IF}


@pytest.mark.lab
def test_two_adapters_not_called_wired_are_listed_not_guessed(lab: Lab) -> None:
    with faults.second_adapter(lab) as other:
        report = lab.check(interface=None)
    assert report.code("adapter") == "ADAPTER_NOT_FOUND", report
    seen = {a["name"]: a for a in report.evidence("adapter")["adapters"]}
    assert seen[LAPTOP_IF]["ipv4"] == [LAPTOP_ADDRESS] and seen[other]["link_up"] is True
    explanation = report.check("adapter")["summary"]
    assert f"{LAPTOP_IF} (virtual, link up, IPv4 {LAPTOP_ADDRESS})" in explanation
    assert "--interface" in report.document["verdict"]["next_steps"][0]["text"]
    assert report.verdict == "VERDICT_LAPTOP_NOT_CONNECTED" and report.exit_code == 1


@pytest.mark.lab
def test_a_laptop_with_a_proxy_configured(lab: Lab) -> None:
    # The proxy named is the router, where nothing listens on 3128: a probe that went
    # through it would fail, so the passing ports prove the probes never used it.
    proxy = "http://tech:s3cret@198.51.100.1:3128"
    report = lab.check(env={"HTTPS_PROXY": proxy, "http_proxy": proxy})
    assert report.code("laptop") == "LAPTOP_PROXY", report
    assert report.status("laptop") == "warn"
    proxies = report.evidence("laptop")["proxies"]
    assert {p["source"] for p in proxies} == {"HTTPS_PROXY", "http_proxy"}
    assert {p["value"] for p in proxies} == {"http://198.51.100.1:3128"}, "no password kept"
    assert "s3cret" not in json.dumps(report.document)
    assert {c: report.status(c) for c in ("dns", "ports", "ntp", "tls")} == dict.fromkeys(
        ("dns", "ports", "ntp", "tls"), "pass"
    ), report
    assert report.verdict == "VERDICT_READY_WITH_WARNINGS" and report.exit_code == 0
    assert "never go through it" in report.check("laptop")["summary"]


@pytest.mark.lab
def test_a_laptop_with_a_vpn_holding_the_default_route(lab: Lab) -> None:
    with faults.laptop_vpn(lab) as vpn:
        report = lab.check()
    assert report.code("laptop") == "LAPTOP_VPN", report
    (found,) = report.evidence("laptop")["vpns"]
    assert (found["name"], found["default_route"]) == (vpn, True)
    # The tunnel leads nowhere: the checks pass only because every probe left by lab0.
    assert {c: report.status(c) for c in ("dns", "ports", "ntp", "tls")} == dict.fromkeys(
        ("dns", "ports", "ntp", "tls"), "pass"
    ), report
    assert report.evidence("adapter")["default_route_adapter"] == vpn
    assert report.verdict == "VERDICT_READY_WITH_WARNINGS"


@pytest.mark.lab
def test_wifi_holds_the_route_and_the_wired_path_drops_the_vpn_ports(lab: Lab) -> None:
    # Every probe leaves by the wired adapter, not by the route Wi-Fi holds: the station's
    # cable is blocked, so the verdict must be the firewall, not "ready".
    with faults.second_adapter(lab) as wifi, faults.drop_from(lab, "lan0", *VPN_PORTS):
        report = lab.check()
    assert report.code("adapter") == "ADAPTER_OTHER_ROUTE", report
    assert report.evidence("adapter")["default_route_adapter"] == wifi
    assert report.code("ports") == "PORTS_BLOCKED", report
    assert report.verdict == "VERDICT_FIREWALL_BLOCKING"
    rows = report.evidence("ports")["ports"]
    assert {(r["route"]["interface"], r["route"]["source"]) for r in rows} == {
        (LAPTOP_IF, LAPTOP_ADDRESS)
    }
    assert all(r["route"]["interface_bound"] for r in rows)


@pytest.mark.lab
def test_wifi_holds_the_route_and_only_its_path_is_filtered(lab: Lab) -> None:
    with faults.second_adapter(lab), faults.drop_from(lab, "lan1", *STATION_TCP_PORTS):
        report = lab.check()
    assert report.code("adapter") == "ADAPTER_OTHER_ROUTE", report
    assert {c: report.status(c) for c in ("dns", "ports", "ntp", "tls")} == dict.fromkeys(
        ("dns", "ports", "ntp", "tls"), "pass"
    ), report
    assert report.verdict == "VERDICT_READY_WITH_WARNINGS"
    assert report.evidence("tls")["route"]["interface"] == LAPTOP_IF


@pytest.mark.lab
def test_dns_not_answering(lab: Lab) -> None:
    with faults.dns_not_answering(lab):
        report = lab.check()
    assert report.code("dns") == "DNS_TIMEOUT", report
    assert report.verdict == "VERDICT_DNS_PROBLEM"


@pytest.mark.lab
def test_dns_nxdomain(lab: Lab) -> None:
    with faults.dns_nxdomain(lab):
        report = lab.check()
    assert report.code("dns") == "DNS_NXDOMAIN", report
    assert report.evidence("dns")["rcode"] == "NXDOMAIN"


@pytest.mark.lab
def test_dns_servfail(lab: Lab) -> None:
    with faults.dns_servfail(lab):
        report = lab.check()
    assert report.code("dns") == "DNS_SERVFAIL", report
    assert report.evidence("dns")["rcode"] == "SERVFAIL"


@pytest.mark.lab
def test_dns_upstream_unroutable_is_refused(lab: Lab) -> None:
    with faults.dns_upstream_unroutable(lab):
        report = lab.check()
    assert report.code("dns") == "DNS_SERVFAIL", report
    assert report.evidence("dns")["rcode"] == "REFUSED"


@pytest.mark.lab
def test_dns_private_answer(lab: Lab) -> None:
    # --only dns: the product must not go on to probe the private address it was given.
    with faults.dns_private_answer(lab, "192.168.1.10"):
        report = lab.check("--only", "dns")
    assert report.code("dns") == "DNS_SUSPICIOUS_ANSWER", report
    assert report.evidence("dns")["addresses"] == ["192.168.1.10"]


@pytest.mark.lab
def test_52007_dropped(lab: Lab) -> None:
    with faults.drop(lab, 52007):
        report = lab.check()
    assert report.code("ports") == "PORTS_BLOCKED", report
    assert report.evidence("ports")["blocked"] == {"filtered": ["52007/TCP"]}
    assert report.verdict == "VERDICT_FIREWALL_BLOCKING"


@pytest.mark.lab
def test_vpn_port_filtered_to_one_of_the_two_endpoint_addresses(lab: Lab) -> None:
    allowed, filtered = ENDPOINT_ADDRESSES
    with faults.drop_to(lab, filtered, 52007):
        report = lab.check("--it-request")
    assert report.code("ports") == "PORTS_BLOCKED_SOME", report
    assert report.evidence("ports")["blocked_addresses"] == {"52007/TCP": {filtered: "filtered"}}
    assert report.verdict == "VERDICT_FIREWALL_BLOCKING" and report.exit_code == 1
    explanation = report.check("ports")["summary"]
    assert f"52007/TCP to {filtered}: no answer" in explanation, explanation
    assert allowed in explanation
    letter = report.document["it_request"]["body"]
    assert f"host names {', '.join(CNAME_CHAIN)}, not for addresses" in letter


@pytest.mark.lab
def test_52017_rejected(lab: Lab) -> None:
    with faults.reject_with_reset(lab, 52017):
        report = lab.check()
    assert report.code("ports") == "PORTS_BLOCKED", report
    assert report.evidence("ports")["blocked"] == {"refused": ["52017/TCP"]}


@pytest.mark.lab
def test_52017_rejected_with_icmp(lab: Lab) -> None:
    with faults.reject_with_icmp(lab, 52017):
        report = lab.check()
    assert report.code("ports") == "PORTS_BLOCKED", report
    assert report.evidence("ports")["blocked"] == {"unreachable": ["52017/TCP"]}


@pytest.mark.lab
def test_443_dropped(lab: Lab) -> None:
    with faults.drop(lab, 443):
        report = lab.check()
    assert report.code("ports") == "PORTS_BLOCKED", report
    assert report.evidence("ports")["blocked"] == {"filtered": ["443/TCP"]}
    assert report.status("tls") == "skip"


@pytest.mark.lab
@pytest.mark.parametrize("block", [faults.drop, faults.reject_with_icmp], ids=["drop", "icmp"])
def test_only_ntp_blocked(lab: Lab, block: faults.PortFault) -> None:
    with block(lab, 123, proto="udp"):
        report = lab.check()
    assert report.code("ntp") == "NTP_BLOCKED", report
    assert {c: report.status(c) for c in ("adapter", "dns", "ports", "tls")} == dict.fromkeys(
        ("adapter", "dns", "ports", "tls"), "pass"
    )
    assert report.verdict == "VERDICT_FIREWALL_BLOCKING"


@pytest.mark.lab
def test_router_answering_every_handshake_makes_the_ports_untrusted(lab: Lab) -> None:
    with faults.answer_every_handshake(lab):
        report = lab.check()
    assert report.code("ports") == "PORTS_INTERCEPTED", report
    assert report.status("ports") == "warn"
    control = report.evidence("ports")["control"]
    assert (control["address"], control["port"], control["state"]) == (
        "192.0.2.1",
        VPN_PORTS[0],
        "open",
    )
    assert report.steps("ports") == ["STEP_ASK_NO_INTERCEPTION"]
    assert CNAME_CHAIN[0] in report.check("ports")["next_steps"][0]["text"]


@pytest.mark.lab
@pytest.mark.parametrize(
    ("method", "ping_groups"),
    # The laptop runs `check` as root: a raw socket by default; an ICMP datagram socket once
    # net.ipv4.ping_group_range admits root's group, as a distribution may for every user.
    [("raw_socket", "1 0"), ("icmp_socket", "0 2147483647")],
)
def test_path_mtu_black_hole_is_named_with_the_largest_size_that_passed(
    lab: Lab, method: str, ping_groups: str
) -> None:
    lab.laptop.sysctl("net.ipv4.ping_group_range", ping_groups)
    try:
        with faults.path_mtu_black_hole(lab, mtu=1280) as hole:
            assert hole.chain_bytes > hole.mtu
            report = lab.check("--it-request")
    finally:
        lab.laptop.sysctl("net.ipv4.ping_group_range", "1 0")
    assert report.code("tls") == "TLS_PATH_MTU", report
    assert report.code("ports") == "PORTS_OK", "the ports open: only large packets are lost"
    path = report.evidence("tls")["path_mtu"]
    assert path["address"] in ENDPOINT_ADDRESSES and path["method"] == method
    states = {echo["size"]: echo["state"] for echo in path["echoes"]}
    assert states[1500] != "answered" and states[1400] != "answered", states
    assert states[1280] == states[1000] == states[576] == "answered", states
    assert report.steps("tls") == ["STEP_FIX_PATH_MTU"]
    assert report.check("tls")["params"]["largest"] == 1280
    letter = report.document["it_request"]["body"]
    assert "answered up to 1280 bytes, no answer at 1500 bytes" in letter
    assert "clamp the TCP MSS" in letter


@pytest.mark.lab
def test_tls_from_untrusted_ca(lab: Lab) -> None:
    with faults.tls_inspection(lab) as inspector:
        report = lab.check()
    assert report.code("tls") == "TLS_INTERCEPTED", report
    assert report.check("tls")["params"]["issuer"] == inspector
    assert report.steps("tls") == ["STEP_ASK_TLS_INSPECTION_BYPASS"]


@pytest.mark.lab
def test_300ms_rtt_and_3_percent_loss_is_healthy(lab: Lab) -> None:
    # The product's own time-outs (3 s connect, 5 s TLS): a 300 ms, lossy WAN must pass.
    with faults.wan_link(lab, rtt_ms=300, loss=0.03) as wan:
        report = lab.check("--model", "cp6000", "--firmware", "2024.03.00.428", timeout=None)
    assert report.verdict == "VERDICT_READY", report
    assert report.evidence("ntp")["rtt_ms"] >= 250
    assert wan.stats["dropped"] >= 1, wan.stats


@pytest.mark.lab
def test_every_port_dropped_within_the_timeout(lab: Lab) -> None:
    timeout = 2.0
    with faults.drop_every_station_port(lab):
        report = lab.check(timeout=timeout)
    assert report.codes["ports"] == "PORTS_BLOCKED" and report.code("ntp") == "NTP_BLOCKED"
    assert set(report.evidence("ports")["blocked"]) == {"filtered"}
    assert report.verdict == "VERDICT_FIREWALL_BLOCKING"
    assert report.duration_s <= timeout + 0.5, report.duration_s


@pytest.mark.lab
def test_vpn_down_reading_with_52007_dropped_ranks_the_firewall_first(lab: Lab) -> None:
    with faults.drop(lab, 52007):
        report = lab.check("--link", "up", "--vpn", "disconnected")
    assert report.code("matrix") == "MATRIX_VPN_DOWN", report
    assert report.steps("matrix")[0] == "STEP_ASK_FIREWALL_RULES"


@pytest.mark.lab
def test_station_still_disconnected_after_the_site_is_fixed(lab: Lab) -> None:
    readings = ("--link", "up", "--vpn", "disconnected", "--cloud", "disconnected")
    with faults.drop(lab, *VPN_PORTS):
        before = lab.check(*readings)
    assert before.steps("matrix")[0] == "STEP_ASK_FIREWALL_RULES", before
    # IT opened the ports (the fault is undone); the readings were taken before that.
    after = lab.check(*readings)
    assert {c: after.status(c) for c in NETWORK} == dict.fromkeys(NETWORK, "pass"), after
    assert after.code("matrix") == "MATRIX_VPN_DOWN"
    fixed = [
        "STEP_REREAD_NETWORK_SIGNAL",
        "STEP_RESTART_BREAKER",
        "STEP_CONTACT_CHARGEPOINT_WITH_CODE",
    ]
    assert after.steps("matrix") == fixed
    verdict_steps = [s["code"] for s in after.document["verdict"]["next_steps"]]
    assert verdict_steps[:3] == fixed
    gone = {"STEP_ASK_FIREWALL_RULES", "STEP_FIX_LAPTOP_DNS", "STEP_ASK_PUBLIC_ROUTE"}
    assert not gone & set(verdict_steps)


@pytest.mark.lab
def test_vpn_down_reading_with_nxdomain_ranks_dns_first(lab: Lab) -> None:
    with faults.dns_nxdomain(lab):
        report = lab.check("--link", "up", "--vpn", "disconnected")
    assert report.code("matrix") == "MATRIX_VPN_DOWN", report
    assert report.steps("matrix")[0] == "STEP_FIX_LAPTOP_DNS"


@pytest.mark.lab
def test_old_firmware_on_a_healthy_site(lab: Lab) -> None:
    report = lab.check("--model", "cp6000", "--firmware", "2024.03.00.100")
    assert report.code("firmware") == "FIRMWARE_TOO_OLD", report
    assert report.status("ports") == "pass" and report.status("tls") == "pass"
    assert report.verdict == "VERDICT_FIRMWARE_UPDATE_NEEDED"

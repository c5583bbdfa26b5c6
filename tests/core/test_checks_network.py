"""The network checks against real servers on loopback: DNS, TCP ports, SNTP and TLS."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest
from helpers import HoldingServer, blackhole_port
from helpers.site import CONTROL_ADDRESS, EDGE, ENDPOINT, loopback_adapter, loopback_site

from app.core.inputs import PROBE_TIMEOUT_S
from app.core.messages import words_for
from app.core.model import NextStep, Status
from app.core.outputs.text import details
from app.core.platform import AdapterInfo, AdapterKind, IPv4Address
from app.core.run import run_checks

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def codes(report) -> dict[str, str]:
    return {r.id: r.code for r in report.results}


def render_text(result) -> str:
    text = words_for("en").text(result.code, result.params)
    return f"{text.title} {text.explanation} {text.instruction}"


def run(site, **changes):
    return run_checks(site.inputs(**changes), site.rules, adapters=site.adapters)


def test_healthy_site_passes_every_check_and_shows_the_cname_chain(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run(site)
    assert codes(report) == {
        "adapter": "ADAPTER_OK",
        "laptop": "LAPTOP_OK",
        "dns": "DNS_OK",
        "ports": "PORTS_OK",
        "ntp": "NTP_OK",
        "tls": "TLS_OK",
        "firmware": "FIRMWARE_SKIPPED",
        "matrix": "MATRIX_SKIPPED",
    }
    # The firmware was never given: the site is ready, the station not yet checked.
    assert report.verdict.code == "VERDICT_READY_FIRMWARE_UNCHECKED"
    assert report.verdict.status == Status.WARN
    assert report.verdict.next_steps[0].code == "STEP_READ_FIRMWARE"
    dns = report.result("dns").evidence
    assert dns.cname_chain == (ENDPOINT, EDGE) and dns.addresses == ("127.0.0.1",)
    assert {r.state for r in report.result("ports").evidence.ports} == {"open"}
    tls = report.result("tls")
    assert tls.params["issuer"] == "Station Network Check Test CA"


def test_probes_are_sent_from_the_tested_adapters_address(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [loopback_adapter(site.dns.port, ipv4=(IPv4Address("127.0.0.2", 8),))]
        report = run(site, only=("dns", "ntp"))
        asked = site.dns.queries
        ntp_clients = {r.address for r in site.sntp.requests}
    assert codes(report)["ntp"] == "NTP_OK"
    assert [(q.qname, q.address) for q in asked] == [(ENDPOINT, "127.0.0.2")]
    assert ntp_clients == {"127.0.0.2"}


@pytest.mark.parametrize(
    ("zone", "code", "status"),
    [
        ({ENDPOINT: "nxdomain"}, "DNS_NXDOMAIN", Status.FAIL),
        ({ENDPOINT: "servfail"}, "DNS_SERVFAIL", Status.FAIL),
        ({ENDPOINT: "refused"}, "DNS_SERVFAIL", Status.FAIL),
        ({ENDPOINT: "drop"}, "DNS_TIMEOUT", Status.FAIL),
        ({ENDPOINT: "empty"}, "DNS_NO_ANSWER", Status.FAIL),
        (
            {
                ENDPOINT: [("CNAME", "portal.test.example.")],
                "portal.test.example": [("A", "192.168.0.1")],
            },
            "DNS_SUSPICIOUS_ANSWER",
            Status.WARN,
        ),
        (
            {ENDPOINT: [("A", "10.1.2.3"), ("A", "203.0.113.10")]},
            "DNS_SUSPICIOUS_ANSWER",
            Status.WARN,
        ),
        ({ENDPOINT: ["truncate", ("A", "127.0.0.1")]}, "DNS_OK", Status.PASS),
    ],
)
def test_dns_outcomes(tls_ca, zone, code, status) -> None:
    with loopback_site(tls_ca, zone=zone) as site:
        result = run(site, only=("dns",)).result("dns")
    assert (result.code, result.status) == (code, status)


def test_a_failed_dns_skips_ports_and_tls_with_the_reason(tls_ca) -> None:
    with loopback_site(tls_ca, zone={ENDPOINT: "nxdomain"}) as site:
        report = run(site)
    ports = report.result("ports")
    assert ports.status == Status.SKIP and ports.code == "PORTS_SKIPPED"
    assert ports.params["reason"].name == "SKIP_NEEDS_CHECK"
    assert ports.params["reason"].params["code"] == "DNS_NXDOMAIN"
    assert report.result("tls").code == "TLS_SKIPPED"
    assert report.verdict.code == "VERDICT_DNS_PROBLEM"


def test_adapter_without_dns_servers(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [loopback_adapter(site.dns.port, dns_servers=())]
        assert run(site, only=("dns",)).result("dns").code == "DNS_NO_SERVERS"
        # --dns-server replaces the adapter's servers.
        given = run(site, only=("dns",), dns_servers=(f"127.0.0.1:{site.dns.port}",))
        assert given.result("dns").code == "DNS_OK"


def test_refused_and_dropped_ports_are_told_apart(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        started = time.monotonic()
        result = run(site, only=("ports",)).result("ports")
        elapsed = time.monotonic() - started
    states = {r.port: r.state for r in result.evidence.ports}
    assert states == {site.https: "open", site.vpn[0]: "filtered", site.vpn[1]: "refused"}
    assert result.code == "PORTS_BLOCKED" and result.status == Status.FAIL
    assert result.evidence.blocked == {
        "filtered": (f"{site.vpn[0]}/TCP",),
        "refused": (f"{site.vpn[1]}/TCP",),
    }
    refused = next(r for r in result.evidence.ports if r.state == "refused")
    assert refused.ms < 900, "a reset is an answer, not a time-out"
    assert elapsed < 1.0 + 0.5


def test_all_probes_hanging_end_within_the_timeout(tls_ca) -> None:
    with loopback_site(
        tls_ca, https="dropped", vpn=("dropped", "dropped"), sntp={"drop": True}
    ) as site:
        started = time.monotonic()
        report = run(site)
        elapsed = time.monotonic() - started
    assert codes(report)["ports"] == "PORTS_BLOCKED"
    assert codes(report)["ntp"] == "NTP_BLOCKED"
    assert codes(report)["tls"] == "TLS_SKIPPED"
    assert report.verdict.code == "VERDICT_FIREWALL_BLOCKING"
    assert elapsed < 1.0 + 0.5, f"took {elapsed:.2f} s"


@pytest.mark.parametrize(
    ("sntp", "code"),
    [
        ({}, "NTP_OK"),
        ({"offset": 600.0}, "NTP_CLOCK_SKEW"),
        ({"drop": True}, "NTP_BLOCKED"),
        ({"echo_originate": False}, "NTP_BLOCKED"),
        ({"mode": 3}, "NTP_BLOCKED"),
        # A genuine reply without a usable time still proves UDP 123 gets through.
        ({"stratum": 0, "reference_id": b"RATE"}, "NTP_SERVER_UNUSABLE"),
        ({"leap": 3}, "NTP_SERVER_UNUSABLE"),
    ],
)
def test_ntp_outcomes_and_reply_validation(tls_ca, sntp, code) -> None:
    with loopback_site(tls_ca, sntp=sntp) as site:
        result = run(site, only=("ntp",)).result("ntp")
    assert result.code == code
    if code == "NTP_CLOCK_SKEW":
        assert 599 < result.evidence.best.offset_s < 601


def test_an_unsynchronised_time_server_is_not_a_blocked_port(tls_ca) -> None:
    with loopback_site(tls_ca, sntp={"stratum": 0, "reference_id": b"RATE"}) as site:
        report = run(site, only=("ntp",))
    result = report.result("ntp")
    assert (result.status, result.code) == (Status.WARN, "NTP_SERVER_UNUSABLE")
    assert result.params["servers"] == [f"127.0.0.1:{site.sntp.port}"]
    (row,) = result.evidence.servers
    assert row.state == "unusable" and row.stratum == 0 and row.kiss_code == "RATE"
    assert row.offset_s is None
    assert [s.code for s in result.next_steps] == ["STEP_RUN_AGAIN"]
    assert report.verdict.code != "VERDICT_FIREWALL_BLOCKING"


def test_a_usable_server_wins_over_an_unsynchronised_one(tls_ca, sntp_server) -> None:
    unsynchronised = sntp_server(leap=3)
    with loopback_site(tls_ca) as site:
        result = run(
            site,
            only=("ntp",),
            ntp_servers=(f"127.0.0.1:{unsynchronised.port}", f"127.0.0.1:{site.sntp.port}"),
        ).result("ntp")
    assert result.code == "NTP_OK"
    assert [r.state for r in result.evidence.servers] == ["unusable", "answer"]


def test_ntp_names_are_resolved_by_every_resolver_at_once(tls_ca, dns_server) -> None:
    """Two silent resolvers before the one that answers cost one DNS time-out, not two."""
    silent = [dns_server({"time.test.example": "drop"}) for _ in range(2)]
    zone = {"time.test.example": [("A", "127.0.0.1")], ENDPOINT: [("A", "127.0.0.1")]}
    with loopback_site(tls_ca, zone=zone) as site:
        resolvers = (*(f"127.0.0.1:{s.port}" for s in silent), f"127.0.0.1:{site.dns.port}")
        started = time.monotonic()
        result = run(
            site,
            only=("ntp",),
            dns_servers=resolvers,
            ntp_servers=(f"time.test.example:{site.sntp.port}",),
        ).result("ntp")
        elapsed = time.monotonic() - started
    assert result.code == "NTP_OK"
    assert all(s.queries for s in silent), "every resolver was asked"
    assert elapsed < 1.0 + 0.5, f"took {elapsed:.2f} s"


def test_ntp_names_take_the_first_answer_in_resolver_order(tls_ca, dns_server) -> None:
    other = dns_server({"time.test.example": [("A", "127.0.0.2")]})
    zone = {"time.test.example": [("A", "127.0.0.1")], ENDPOINT: [("A", "127.0.0.1")]}
    with loopback_site(tls_ca, zone=zone) as site:
        resolvers = (f"127.0.0.1:{site.dns.port}", f"127.0.0.1:{other.port}")
        result = run(
            site,
            only=("ntp",),
            dns_servers=resolvers,
            ntp_servers=(f"time.test.example:{site.sntp.port}",),
        ).result("ntp")
    assert result.evidence.servers[0].address == "127.0.0.1"


def test_ntp_server_names_resolve_through_the_sites_dns(tls_ca) -> None:
    zone = {"time.test.example": [("A", "127.0.0.1")], ENDPOINT: [("A", "127.0.0.1")]}
    with loopback_site(tls_ca, zone=zone) as site:
        result = run(
            site, only=("ntp",), ntp_servers=(f"time.test.example:{site.sntp.port}",)
        ).result("ntp")
        unresolved = run(site, only=("ntp",), ntp_servers=("nowhere.test.example",))
    assert result.code == "NTP_OK" and result.evidence.servers[0].address == "127.0.0.1"
    assert unresolved.result("ntp").code == "NTP_SKIPPED"


def test_tls_from_an_untrusted_ca_is_inspection_and_names_the_issuer(tls_ca, inspection_ca) -> None:
    with loopback_site(tls_ca, tls_ca=inspection_ca) as site:
        result = run(site, only=("tls",)).result("tls")
    assert (result.status, result.code) == (Status.FAIL, "TLS_INTERCEPTED")
    assert result.params["issuer"] == "Acme Firewall TLS Inspection"
    assert [s.code for s in result.next_steps] == ["STEP_ASK_TLS_INSPECTION_BYPASS"]


def test_tls_certificate_for_another_name_fails(tls_ca) -> None:
    zone = {"other.test.example": [("A", "127.0.0.1")]}
    with loopback_site(tls_ca, zone=zone) as site:
        result = run(site, only=("tls",), endpoint="other.test.example").result("tls")
    assert result.code == "TLS_FAILED" and "other.test.example" in result.params["host"]


def test_a_handshake_that_opens_and_hears_nothing_is_a_stall_followed_by_echoes(tls_ca) -> None:
    with loopback_site(tls_ca, https="silent") as site:
        started = time.monotonic()
        tls = run(site, only=("tls",)).result("tls")
        elapsed = time.monotonic() - started
    assert (tls.code, tls.status) == ("TLS_STALLED", Status.FAIL), tls
    assert tls.evidence.failure == "timeout"
    assert [s.code for s in tls.next_steps] == ["STEP_ASK_FIREWALL_RULES"]
    path = tls.evidence.path_mtu
    assert path is not None and path.address == "127.0.0.1"
    if path.method is None:
        # Neither an ICMP socket nor a raw one on this system: the words say so.
        assert path.error and "could not be tested" in render_text(tls)
    else:
        # Loopback carries any size: every echo comes back, so large packets are not the cause.
        assert [e.state for e in path.echoes] == ["answered"] * len(site.rules.echo_sizes)
        assert not path.black_hole and "are not the cause" in render_text(tls)
    shown = {lang: details(tls, words_for(lang)) for lang in ("en", "fr")}
    if path.method is not None:
        assert "Echoes to 127.0.0.1, Don't Fragment" in shown["en"]
        assert "1500 bytes: answered · 1400 bytes: answered" in shown["en"]
        assert "1500 octets : réponse" in shown["fr"]
    else:
        assert "not sent (" in shown["en"] and "non envoyés (" in shown["fr"]
    # The handshake's time-out, then the echoes' (both 1 s here), nothing more.
    assert elapsed < 2 * 1.0 + 0.8, f"took {elapsed:.2f} s"
    assert type(tls.evidence).from_json(tls.evidence.to_json()) == tls.evidence


def test_tls_on_a_port_that_is_not_tls_fails(tls_ca) -> None:
    with loopback_site(tls_ca, https="open") as site:
        result = run(site, only=("tls",)).result("tls")
    assert result.code == "TLS_FAILED"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"link_up": False}, "ADAPTER_NO_LINK"),
        ({"ipv4": ()}, "ADAPTER_NO_IPV4"),
        ({"ipv4": (IPv4Address("169.254.7.9", 16),)}, "ADAPTER_SELF_ASSIGNED"),
        ({"gateways": (), "default_route_metric": None}, "ADAPTER_NO_GATEWAY"),
    ],
)
def test_adapter_faults_stop_the_network_checks(tls_ca, changes, code) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [loopback_adapter(site.dns.port, **changes)]
        report = run(site)
    assert codes(report)["adapter"] == code
    assert {r.status for r in report.results if r.id in ("dns", "ports", "ntp", "tls")} == {
        Status.SKIP
    }
    assert report.verdict.code == "VERDICT_LAPTOP_NOT_CONNECTED"
    assert site.dns.queries == [], "nothing is sent when the adapter is not usable"


def route_holder(name: str, friendly_name: str, kind: AdapterKind) -> AdapterInfo:
    """A second connected adapter on loopback whose default route beats the wired one's."""
    return AdapterInfo(
        name,
        friendly_name,
        f"{friendly_name} adapter",
        kind,
        True,
        ipv4=(IPv4Address("127.0.0.2", 8),),
        gateways=("127.0.0.1",),
        default_route_metric=5,
    )


@pytest.mark.parametrize(
    ("kind", "said", "never"),
    [
        (AdapterKind.WIRELESS, {"en": "wireless (Wi-Fi)", "fr": "sans fil (Wi-Fi)"}, "VPN"),
        (AdapterKind.TUNNEL, {"en": "tunnel (VPN)", "fr": "tunnel (VPN)"}, "Wi-Fi"),
    ],
)
def test_the_connection_holding_the_route_is_named_for_what_it_is(
    tls_ca, kind, said, never
) -> None:
    """A VPN client's adapter holding the default route is not called Wi-Fi, in either
    language, in the adapter's result or in the step that asks to turn it off."""
    with loopback_site(tls_ca) as site:
        site.adapters_list.append(route_holder("{OTHER}", "Corp Link", kind))
        report = run(site)
    adapter = report.result("adapter")
    assert adapter.code == "ADAPTER_OTHER_ROUTE"
    for lang in ("en", "fr"):
        words = words_for(lang)
        texts = [words.text(adapter.code, adapter.params)]
        steps = list(adapter.next_steps) or [
            # Tied to the adapter (as on loopback here), the check asks for no step; the
            # step it asks for when not tied is filled with the same values.
            NextStep("STEP_DISABLE_OTHER_ADAPTERS", adapter.params)
        ]
        texts += [words.text(s.code, s.params) for s in steps]
        shown = " ".join(f"{t.title} {t.explanation} {t.instruction}" for t in texts)
        assert said[lang] in shown and "Corp Link" in shown, (lang, shown)
        assert never not in shown, (lang, shown)


def test_wifi_holding_the_default_route_is_a_warning(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list.append(route_holder("{WIFI}", "Wi-Fi", AdapterKind.WIRELESS))
        report = run(site)
    adapter = report.result("adapter")
    assert (adapter.status, adapter.code) == (Status.WARN, "ADAPTER_OTHER_ROUTE")
    assert adapter.params["other"] == "Wi-Fi"
    assert report.verdict.code == "VERDICT_READY_WITH_WARNINGS"


def test_no_wired_adapter_and_unknown_interface(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [loopback_adapter(site.dns.port, kind=AdapterKind.WIRELESS)]
        assert run(site).result("adapter").code == "ADAPTER_NOT_FOUND"
        assert run(site, interface="Ethernet 2").result("adapter").code == "ADAPTER_OK"
        asked = run(site, interface="eth7").result("adapter")
    assert asked.code == "ADAPTER_INTERFACE_NOT_FOUND"
    assert "eth7" in render_text(asked) and "Ethernet 2" in render_text(asked)


def _wifi(**changes: object) -> AdapterInfo:
    wifi = AdapterInfo(
        "wlan0",
        "Wi-Fi",
        "Intel Wi-Fi 6",
        AdapterKind.WIRELESS,
        True,
        ipv4=(IPv4Address("192.0.2.44", 24),),
        gateways=("192.0.2.1",),
        default_route_metric=600,
    )
    return dataclasses.replace(wifi, **changes)  # type: ignore[arg-type]


def test_an_adapter_not_called_wired_is_tested_when_it_is_the_only_candidate(tls_ca) -> None:
    """A virtual machine's adapter: no wired port, but one adapter with a link, an address
    and a gateway. It is tested, with a warning that says how to choose another."""
    with loopback_site(tls_ca) as site:
        site.adapters_list = [
            loopback_adapter(site.dns.port, kind=AdapterKind.VIRTUAL, friendly_name="vEthernet"),
            _wifi(),
            _wifi(name="tun0", friendly_name="tun0", kind=AdapterKind.TUNNEL),
        ]
        report = run(site)
    adapter = report.result("adapter")
    assert (adapter.status, adapter.code) == (Status.WARN, "ADAPTER_UNCONFIRMED")
    assert adapter.evidence.adapter.friendly_name == "vEthernet"
    assert codes(report)["dns"] == "DNS_OK" and codes(report)["ports"] == "PORTS_OK"
    assert report.verdict.code == "VERDICT_READY_WITH_WARNINGS"
    (confirm,) = [s for s in adapter.next_steps if s.code == "STEP_CONFIRM_ADAPTER"]
    words = words_for("en").text(confirm.code, confirm.params).instruction
    assert "--interface" in words and "Adapter to test" in words and "Wi-Fi, tun0" in words
    assert "vEthernet" in render_text(adapter)


@pytest.mark.parametrize(
    "others",
    [
        # A second candidate: which one holds the station's cable cannot be told.
        [{"name": "br0", "friendly_name": "br0"}],
        # The only one left is a tunnel: never the station's cable.
        [],
    ],
)
def test_no_fallback_when_it_would_be_a_guess(tls_ca, others) -> None:
    with loopback_site(tls_ca) as site:
        first = loopback_adapter(site.dns.port, kind=AdapterKind.VIRTUAL)
        if not others:
            first = dataclasses.replace(first, kind=AdapterKind.TUNNEL)
        site.adapters_list = [first, *(dataclasses.replace(first, **o) for o in others)]
        adapter = run(site).result("adapter")
    assert adapter.code == "ADAPTER_NOT_FOUND"


@pytest.mark.parametrize(
    "change",
    [{"link_up": False}, {"gateways": ()}, {"ipv4": (IPv4Address("169.254.3.4", 16),)}],
)
def test_no_fallback_to_an_adapter_without_link_address_or_gateway(tls_ca, change) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [loopback_adapter(site.dns.port, kind=AdapterKind.VIRTUAL, **change)]
        assert run(site).result("adapter").code == "ADAPTER_NOT_FOUND"


def test_adapter_not_found_lists_what_was_seen_and_how_to_choose(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [
            _wifi(friendly_name="Wi-Fi\x1b[2J"),
            _wifi(
                name="eth0",
                friendly_name="eth0",
                kind=AdapterKind.WIRED,
                link_up=False,
                ipv4=(),
                gateways=(),
            ),
        ]
        site.adapters_list[1] = dataclasses.replace(site.adapters_list[1], kind=AdapterKind.OTHER)
        result = run(site).result("adapter")
    assert result.code == "ADAPTER_NOT_FOUND"
    for lang in ("en", "fr"):
        words = words_for(lang).text(result.code, result.params)
        said = words.explanation + words.instruction
        assert "Wi-Fi\\x1b[2J" in said and "\x1b" not in said, lang
        assert "192.0.2.44" in said and "--interface" in said, lang
    english = words_for("en").text(result.code, result.params)
    assert "asked for" not in english.explanation
    assert "wireless (Wi-Fi), link up, IPv4 192.0.2.44" in english.explanation
    assert "eth0 (other, no link, IPv4 -)" in english.explanation


def test_a_crashing_check_becomes_an_error_and_the_run_goes_on(tls_ca) -> None:
    def broken() -> list[AdapterInfo]:
        raise RuntimeError("adapter table unreadable")

    with loopback_site(tls_ca) as site:
        report = run_checks(
            site.inputs(model="cp6000", firmware="2024.03.00.428"), site.rules, adapters=broken
        )
    adapter = report.result("adapter")
    assert (adapter.status, adapter.code) == (Status.ERROR, "CHECK_CRASHED")
    assert "adapter table unreadable" in adapter.params["error"]
    assert report.result("firmware").code == "FIRMWARE_OK"
    assert report.verdict.code == "VERDICT_CHECK_CRASHED"


def test_cancel_stops_a_hanging_run_promptly(tls_ca) -> None:
    """By events: Cancel is set once the HTTPS probe is held by a server that answers nothing
    until the test lets it go (NTP silent too, the time-out a minute away); the run returns
    cancelled and the probe's connection was closed by the laptop while still held."""
    with HoldingServer() as holder, loopback_site(tls_ca, sntp={"drop": True}) as site:
        site = dataclasses.replace(site, https=holder.port)
        cancel = threading.Event()

        def cancel_once_held() -> None:
            if holder.wait_for_held(1):
                cancel.set()

        threading.Thread(target=cancel_once_held, daemon=True).start()
        report = run_checks(
            site.inputs(timeout=PROBE_TIMEOUT_S.high),
            site.rules,
            adapters=site.adapters,
            cancel=cancel,
        )
        assert report.cancelled and report.verdict.code == "VERDICT_CANCELLED"
        assert holder.wait_for_hung_up(1) and not holder.released


def test_probes_are_reported_live(tls_ca) -> None:
    seen = []
    with loopback_site(tls_ca) as site:
        run_checks(
            site.inputs(only=("ports",)), site.rules, adapters=site.adapters, on_probe=seen.append
        )
    ports = [p for p in seen if p.check_id == "ports"]
    assert [p.state for p in ports].count("running") == 3
    assert sorted(p.state for p in ports if p.state != "running") == ["open"] * 3


def test_a_step_run_alone_reads_earlier_results(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        laptop = run(site)
    readings = {"link": "up", "vpn": "disconnected"}
    alone = run_checks(
        site.inputs(only=("matrix",), **readings), site.rules, adapters=site.adapters
    )
    informed = run_checks(
        site.inputs(only=("matrix",), **readings),
        site.rules,
        adapters=site.adapters,
        known={r.id: r for r in laptop.results},
    )
    assert [r.id for r in informed.results] == ["matrix"]
    first = [s.code for s in informed.result("matrix").next_steps][0]
    assert first == "STEP_ASK_FIREWALL_RULES"
    assert [s.code for s in alone.result("matrix").next_steps][0] == "STEP_FIX_LAPTOP_DNS"


def test_a_changed_trust_store_is_read_again(
    tls_ca, inspection_ca, tls_server, tmp_path, monkeypatch
) -> None:
    """The trust store is read once and kept, but a new file at the same path counts."""
    from app.core.probes.tls import TlsOutcome, handshake

    server = tls_server("vpn.test.example")
    store = tmp_path / "store.pem"
    tls_ca.cert_pem.write_to_path(str(store))
    monkeypatch.setenv("SSL_CERT_FILE", str(store))
    first = handshake("127.0.0.1", server.port, "vpn.test.example", 2.0, 2.0)
    again = handshake("127.0.0.1", server.port, "vpn.test.example", 2.0, 2.0)
    assert (first.outcome, again.outcome) == (TlsOutcome.TRUSTED, TlsOutcome.TRUSTED)
    store.write_bytes(inspection_ca.cert_pem.bytes() + b"\n# another store\n")
    changed = handshake("127.0.0.1", server.port, "vpn.test.example", 2.0, 2.0)
    assert changed.outcome == TlsOutcome.UNTRUSTED


def test_an_interface_binding_the_system_refuses_is_said_once_and_probes_go_on(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [loopback_adapter(site.dns.port, name="no-such-if0", index=None)]
        report = run(site)
    adapter = report.result("adapter")
    assert adapter.code == "ADAPTER_OK", codes(report)
    assert adapter.params["binding"].name == "BINDING_ADDRESS_ONLY"
    assert adapter.evidence.route.interface_bound is False
    assert adapter.evidence.interface_binding_error
    # Said once, in the adapter's words: the one step that names the refusal.
    assert [s.code for s in adapter.next_steps] == ["STEP_TESTS_NOT_TIED"]
    assert adapter.next_steps[0].params["address"] == "127.0.0.1"
    assert "STEP_TESTS_NOT_TIED" not in {s.code for r in report.results[1:] for s in r.next_steps}
    # Bound to the address alone, the probes still reach the site and say where they left.
    assert codes(report)["ports"] == "PORTS_OK"
    rows = report.result("ports").evidence.ports
    assert {r.route.source for r in rows} == {"127.0.0.1"}
    assert not any(r.route.interface_bound for r in rows)
    assert report.result("dns").evidence.answers[0].route.interface == "no-such-if0"


def test_every_sending_check_reads_the_adapter_whatever_it_needs(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run(site)
    for check_id in ("ports", "tls"):
        evidence = report.result(check_id).evidence
        route = evidence.route if check_id == "tls" else evidence.ports[0].route
        assert route.interface == site.adapters_list[0].name, check_id
    assert report.result("ntp").evidence.servers[0].route.source == "127.0.0.1"


def test_a_port_blocked_to_one_of_two_addresses_is_a_failure_naming_it(tls_ca) -> None:
    # Nothing listens on 127.0.0.2: every port is open on one address and refused on the other.
    zone = {ENDPOINT: [("CNAME", EDGE + ".")], EDGE: [("A", "127.0.0.1"), ("A", "127.0.0.2")]}
    with loopback_site(tls_ca, zone=zone) as site:
        report = run(site)
    ports = report.result("ports")
    assert ports.code == "PORTS_BLOCKED_SOME", codes(report)
    assert ports.status == Status.FAIL
    assert ports.evidence.addresses == ("127.0.0.1", "127.0.0.2")
    assert set(ports.evidence.blocked_addresses) == {f"{p}/TCP" for p in (site.https, *site.vpn)}
    assert all(list(s) == ["127.0.0.2"] for s in ports.evidence.blocked_addresses.values())
    assert [s.code for s in ports.next_steps] == ["STEP_ASK_FIREWALL_RULES", "STEP_ALLOW_BY_NAME"]
    assert ports.next_steps[1].params["names"] == f"{ENDPOINT}, {EDGE}"
    assert report.verdict.code == "VERDICT_FIREWALL_BLOCKING"
    words = render_text(ports)
    assert "to 127.0.0.2:" in words and "127.0.0.1, 127.0.0.2" in words


def test_the_addresses_probed_are_bounded_by_the_rules(tls_ca) -> None:
    zone = {ENDPOINT: [("A", f"127.0.0.{n}") for n in range(1, 8)]}
    with loopback_site(tls_ca, zone=zone) as site:
        rules = dataclasses.replace(site.rules, max_addresses=2)
        report = run_checks(site.inputs(), rules, adapters=site.adapters)
    assert len(report.result("ports").evidence.addresses) == 2


def test_a_healthy_site_with_the_firmware_checked_is_ready(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run(site, model="cp6000", firmware="2024.03.00.500")
    assert report.result("firmware").code == "FIRMWARE_OK"
    assert (report.verdict.status, report.verdict.code) == (Status.PASS, "VERDICT_READY")


def test_every_ports_run_makes_a_control_connection_that_a_healthy_site_refuses(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run(site)
    ports = report.result("ports")
    assert ports.code == "PORTS_OK", codes(report)
    control = ports.evidence.control
    assert (control.address, control.port, control.use) == (CONTROL_ADDRESS, site.vpn[0], "control")
    assert control.state == "refused" and not ports.evidence.intercepted
    assert control.route is not None and control.route.source == "127.0.0.1"


def test_a_site_answering_every_handshake_makes_the_port_results_untrusted(tls_ca) -> None:
    # The control connection aimed where a listener answers: as a middlebox completing every
    # handshake itself would, whatever the address.
    with loopback_site(tls_ca) as site:
        rules = dataclasses.replace(site.rules, control_address="127.0.0.1")
        report = run_checks(site.inputs(), rules, adapters=site.adapters)
    ports = report.result("ports")
    assert (ports.code, ports.status) == ("PORTS_INTERCEPTED", Status.WARN), codes(report)
    assert ports.evidence.intercepted and ports.evidence.control.state == "open"
    assert [s.code for s in ports.next_steps] == ["STEP_ASK_NO_INTERCEPTION"]
    assert ports.next_steps[0].params["names"] == f"{ENDPOINT}, {EDGE}"
    assert report.verdict.code == "VERDICT_READY_WITH_WARNINGS"
    words = render_text(ports)
    assert f"127.0.0.1 on {site.vpn[0]}/TCP" in words and "cannot be trusted" in words
    again = type(ports.evidence).from_json(ports.evidence.to_json())
    assert again == ports.evidence


def test_blocked_ports_are_said_even_where_the_site_answers_every_handshake(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        rules = dataclasses.replace(site.rules, control_address="127.0.0.1")
        ports = run_checks(site.inputs(), rules, adapters=site.adapters).result("ports")
    assert ports.code == "PORTS_BLOCKED" and ports.evidence.intercepted


def test_a_silent_control_connection_costs_a_healthy_site_no_time_out(tls_ca) -> None:
    # Nothing answers the control connection; every port opens at once: the check stops
    # waiting for the control connection soon after the ports, not at the 1 s time-out.
    with loopback_site(tls_ca) as site, blackhole_port(CONTROL_ADDRESS, site.vpn[0]):
        started = time.monotonic()
        ports = run(site, only=("ports",)).result("ports")
        elapsed = time.monotonic() - started
    assert ports.code == "PORTS_OK"
    assert ports.evidence.control.state == "filtered"
    assert ports.evidence.control.ms < 500 and elapsed < 0.8, f"took {elapsed:.2f} s"

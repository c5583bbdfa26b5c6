"""The laptop check: a proxy or a VPN the laptop has and the station does not."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.site import loopback_adapter, loopback_site

from app.core.checks.laptop import vpn_adapters
from app.core.evidence import LaptopEvidence
from app.core.messages import words_for
from app.core.model import Status
from app.core.outputs.document import from_document, to_document
from app.core.outputs.text import details
from app.core.platform import AdapterKind, IPv4Address, linux
from app.core.platform.base import ProxySetting, without_credentials
from app.core.run import run_checks

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def tunnel(**changes: object):
    adapter = loopback_adapter(
        53,
        name="tun0",
        friendly_name="Office VPN",
        kind=AdapterKind.TUNNEL,
        ipv4=(IPv4Address("192.0.2.7", 32),),
        gateways=(),
        default_route_metric=None,
        dns_servers=(),
    )
    return dataclasses.replace(adapter, **changes)  # type: ignore[arg-type]


def run(site, proxies=(), **changes):
    return run_checks(
        site.inputs(**changes), site.rules, adapters=site.adapters, proxies=lambda: list(proxies)
    )


def test_a_plain_laptop_is_ok(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run(site)
    laptop = report.result("laptop")
    assert (laptop.status, laptop.code) == (Status.PASS, "LAPTOP_OK")
    assert laptop.evidence == LaptopEvidence((), ())


def test_a_proxy_is_a_warning_that_leaves_the_other_checks_alone(tls_ca) -> None:
    proxy = ProxySetting("HTTPS_PROXY", "http://198.51.100.8:3128")
    with loopback_site(tls_ca) as site:
        report = run(site, proxies=[proxy])
    laptop = report.result("laptop")
    assert (laptop.status, laptop.code) == (Status.WARN, "LAPTOP_PROXY")
    assert report.result("ports").code == "PORTS_OK"
    assert report.verdict.code == "VERDICT_READY_WITH_WARNINGS"
    assert [s.code for s in laptop.next_steps] == ["STEP_LAPTOP_PROXY"]
    for lang, said in (("en", "the HTTPS_PROXY variable"), ("fr", "la variable HTTPS_PROXY")):
        text = words_for(lang).text(laptop.code, laptop.params)
        assert f"{said} (http://198.51.100.8:3128)" in text.explanation, lang
    english = words_for("en").text(laptop.code, laptop.params).explanation
    assert "station cannot use it" in english and "never go through it" in english


def test_a_vpn_holding_the_default_route_is_a_warning(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list.append(tunnel(default_route_metric=1, gateways=("0.0.0.0",)))
        report = run(site, proxies=[ProxySetting("AutoDetect", "")])
    laptop = report.result("laptop")
    assert (laptop.status, laptop.code) == (Status.WARN, "LAPTOP_VPN")
    assert [s.code for s in laptop.next_steps] == ["STEP_LAPTOP_VPN", "STEP_LAPTOP_PROXY"]
    assert laptop.evidence.vpns[0].name == "Office VPN" and laptop.evidence.vpns[0].default_route
    # The probes still leave by the tested adapter.
    assert report.result("ports").evidence.ports[0].route.interface == site.adapters_list[0].name


def test_which_tunnels_count() -> None:
    wired = loopback_adapter(53, dns_servers=("198.51.100.1",))
    idle = tunnel()  # up, no route, no DNS of its own
    down = tunnel(link_up=False, default_route_metric=5)
    system_dns = tunnel(name="tun1", dns_servers=("198.51.100.1",))  # Linux: everyone's
    own_dns = tunnel(name="tun2", friendly_name="Corp", dns_servers=("10.8.0.1",))
    wifi = dataclasses.replace(wired, kind=AdapterKind.WIRELESS, default_route_metric=1)
    found = vpn_adapters([wired, idle, down, system_dns, own_dns, wifi])
    assert [(v.name, v.default_route, v.dns_servers) for v in found] == [
        ("Corp", False, ("10.8.0.1",))
    ]


def test_the_evidence_reads_back_and_shows_in_the_details(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list.append(tunnel(default_route_metric=1))
        report = run(site, proxies=[ProxySetting("http_proxy", "http://proxy.example:3128")])
    again = from_document(to_document(report, words_for("en")))
    assert again.result("laptop").evidence == report.result("laptop").evidence
    shown = details(report.result("laptop"), words_for("fr"))
    assert "la variable http_proxy (http://proxy.example:3128)" in shown
    assert "Office VPN" in shown and "route par défaut" in shown


def test_proxies_from_the_environment_in_any_case() -> None:
    environ = {
        "HTTPS_PROXY": "http://user:pa55@198.51.100.8:3128/",
        "Http_Proxy": "198.51.100.9:8080",
        "all_proxy": "socks5://198.51.100.10:1080",
        "no_proxy": "localhost",
        "ftp_proxy": "198.51.100.11:21",
        "https_proxy": " ",
    }
    assert linux.proxy_settings(environ) == [
        ProxySetting("HTTPS_PROXY", "http://198.51.100.8:3128/"),
        ProxySetting("Http_Proxy", "198.51.100.9:8080"),
        ProxySetting("all_proxy", "socks5://198.51.100.10:1080"),
    ]


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("http://u:p@proxy:3128/x@y", "http://proxy:3128/x@y"),
        ("u@proxy:3128", "proxy:3128"),
        ("proxy:3128", "proxy:3128"),
    ],
)
def test_credentials_never_leave_the_laptop(given: str, shown: str) -> None:
    assert without_credentials(given) == shown


def test_a_proxy_never_sends_the_technician_back_once_the_site_passes(tls_ca) -> None:
    """The laptop's proxy says nothing of the site: with every network check passed and the
    station still disconnected, the steps are those of a fixed site, as without a proxy."""
    readings = {"link": "up", "vpn": "disconnected", "cloud": "disconnected"}
    with loopback_site(tls_ca) as site:
        plain = run(site, **readings).result("matrix")
        proxied = run(site, proxies=[ProxySetting("AutoDetect", "")], **readings)
    assert proxied.result("laptop").code == "LAPTOP_PROXY"
    matrix = proxied.result("matrix")
    assert [s.code for s in matrix.next_steps] == [s.code for s in plain.next_steps]
    assert matrix.evidence == plain.evidence


def test_a_report_saved_before_the_laptop_check_compares_and_keeps_its_code(tls_ca) -> None:
    from app.core.outputs.compare import compare_reports
    from app.core.outputs.refcode import decode, encode

    with loopback_site(tls_ca) as site:
        now = run(site)
    before = dataclasses.replace(
        now,
        results=tuple(r for r in now.results if r.id != "laptop"),
        made_by="0.1.0",
    )
    back = decode(encode(before))
    assert "laptop" not in {c.id for c in back.checks}
    assert back.verdict.code == "VERDICT_READY_FIRMWARE_UNCHECKED", "as it read that day"
    assert len(encode(before)) < len(encode(now)), "no field for a check not yet there"
    assert {c.id for c in decode(encode(now)).checks} >= {"laptop"}
    comparison = compare_reports(before, now)
    assert "dns" in comparison.unchanged

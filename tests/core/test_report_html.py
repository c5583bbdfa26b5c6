"""The HTML report: self-contained, one or two printed pages, all support needs, nothing private."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
from html import escape
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers.site import EDGE, ENDPOINT, loopback_site

from app import __version__
from app.core.checks.laptop import LaptopCheck
from app.core.messages import words_for
from app.core.model import RunInputs, RunReport
from app.core.outputs.document import from_document
from app.core.outputs.refcode import decode, encode
from app.core.outputs.report_html import Privacy, render_html, write_html_report
from app.core.outputs.text import details, format_time
from app.core.platform import AdapterInfo, AdapterKind, ProxySetting
from app.core.run import run_checks
from app.core.util.files import write_atomic
from app.core.util.resources import resource_path
from app.core.verdict import decide

NO_ONE = Privacy()


pytestmark = pytest.mark.usefixtures("trust_test_ca")


def sample() -> dict:
    return json.loads(resource_path("samples/blocked-site.json").read_text(encoding="utf-8"))


def worst_case_document() -> dict:
    """The recorded blocked site with four endpoint addresses (the most the ports check
    tries), ports in every state, and a second adapter: the longest report a run gives."""
    document = sample()
    addresses = ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13"]
    checks = {c["id"]: c for c in document["checks"]}
    dns = checks["dns"]["evidence"]
    dns["addresses"] = addresses
    states = ["open", "filtered", "refused", "unreachable"]
    checks["ports"]["evidence"]["ports"] = [
        {
            "port": port,
            "protocol": "tcp",
            "use": use,
            "address": address,
            "state": "open" if port == 443 else states[i],
            "ms": 3000,
            "error": None,
        }
        for port, use in ((443, "https"), (52007, "vpn"), (52017, "vpn"))
        for i, address in enumerate(addresses)
    ]
    checks["adapter"]["evidence"]["adapters"].append(
        {
            "name": "wlan0",
            "friendly_name": "Wi-Fi",
            "kind": "wireless",
            "link_up": True,
            "default_route_metric": 600,
        }
    )
    return document


def worst_case_report() -> RunReport:
    """The worst case document, and a laptop with a proxy, an automatic configuration script
    and a VPN holding the default route: two more next steps and the laptop's findings."""
    vpn = AdapterInfo(
        "wg0",
        "WireGuard Tunnel",
        "",
        AdapterKind.TUNNEL,
        True,
        gateways=("10.8.0.1",),
        dns_servers=("10.8.0.53",),
        default_route_metric=5,
    )
    proxies = [
        ProxySetting("ProxyServer", "proxy.corp.example:8080"),
        ProxySetting("AutoConfigURL", "http://wpad.corp.example/wpad.dat"),
    ]
    laptop = LaptopCheck().run(
        SimpleNamespace(list_proxies=lambda: proxies, list_adapters=lambda: [vpn])
    )
    report = from_document(worst_case_document())
    results = tuple(laptop if r.id == "laptop" else r for r in report.results)
    return dataclasses.replace(report, results=results, verdict=decide(results), reference=None)


def test_self_contained_and_fit_to_print() -> None:
    html = render_html(from_document(sample()), words_for("en"), privacy=NO_ONE)
    lowered = html.lower()
    for outside in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        "src=",
        "href=",
        "url(",
        "@import",
        "http://",
        "https://",
    ):
        assert outside not in lowered, outside
    assert '<meta charset="utf-8">' in html and "<style>" in html
    assert "@media print" in html and "@page" in html
    assert "page-break-inside: avoid" in html and "break-inside: avoid" in html


def test_everything_support_needs_from_a_real_run(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        report = run_checks(
            site.inputs(
                model="cp6000",
                firmware="2024.03.00.428",
                link="up",
                vpn="disconnected",
                cloud="disconnected",
            ),
            site.rules,
            adapters=site.adapters,
        )
    html = render_html(report, words_for("en"), privacy=NO_ONE)
    text = re.sub(r"<[^>]+>", " ", html)
    expected = [
        __version__,
        format_time(report.started_at),
        "United States",  # version, time, region
        ENDPOINT,
        f"127.0.0.1:{site.sntp.port}",
        "1 s",  # the inputs
        "Ethernet 2",
        "02-00-00-00-00-01",
        "Default gateway",  # the adapter card
        f"{ENDPOINT} → {EDGE}",
        "127.0.0.1",  # the DNS answer and its chain
        str(site.vpn[0]),
        "no answer",
        str(site.https),
        "open",  # the ports table
        "clock offset",  # NTP
        "Issuer",
        "Testing CA",  # the TLS issuer
        "2024.03.00.428",
        "cp6000",  # firmware
        "Disconnected",  # the station's readings
        "VERDICT_FIREWALL_BLOCKING",
        "Next steps",
        "Check the firewall rules",
        encode(report),
    ]
    for fact in expected:
        assert fact in text, fact
    assert 'id="reference"' in html and decode(encode(report)).verdict.code == (report.verdict.code)


def test_french_report_has_french_words() -> None:
    html = render_html(from_document(sample()), words_for("fr"), privacy=NO_ONE)
    assert 'lang="fr-CA"' in html and "Code de référence" in html and "Prochaines étapes" in html
    assert "Next steps" not in html and "Reference code" not in html


def test_other_adapters_are_named_but_their_mac_addresses_stay_out_unless_asked() -> None:
    report = from_document(worst_case_document())
    wifi = {
        "name": "wlan0",
        "friendly_name": "Wi-Fi",
        "kind": "wireless",
        "link_up": True,
        "mac": "AA-BB-CC-DD-EE-FF",
        "ipv4": [],
        "ipv6": [],
        "gateways": [],
        "dns_servers": [],
        "description": "Wireless",
    }
    plain = render_html(report, words_for("en"), privacy=NO_ONE)
    assert "Wi-Fi · wireless" in plain
    assert "AA-BB-CC-DD-EE-FF" not in plain
    asked = render_html(report, words_for("en"), privacy=NO_ONE, other_adapters=[wifi])
    assert "AA-BB-CC-DD-EE-FF" in asked


def test_no_user_name_computer_name_or_home_folder() -> None:
    document = sample()
    checks = {c["id"]: c for c in document["checks"]}
    checks["tls"]["evidence"]["trust_store"] = "/home/jdoe/.venv/lib/certifi/cacert.pem"
    checks["tls"]["evidence"]["error"] = "connect to LAPTOP-JDOE7 failed"
    checks["adapter"]["evidence"]["adapter"]["description"] = r"C:\Users\jdoe\driver"
    document["inputs"]["rules_file"] = "/home/jdoe/Desktop/site-rules.toml"
    html = render_html(
        from_document(document),
        words_for("en"),
        privacy=Privacy(home="/home/jdoe", names=("jdoe", "LAPTOP-JDOE7")),
    )
    assert "jdoe" not in html.lower()
    assert "site-rules.toml" in html and "cacert.pem" in html
    # The machine's own names, whatever they are, never reach a report either.
    own = Privacy.of_this_machine()
    assert own.home == os.path.expanduser("~")
    assert own.clean(f"{own.home}/x") == "~/x"


def test_a_path_inside_a_windows_profile_keeps_no_user_name() -> None:
    """On Windows the temporary folder lies inside the user's profile, and a path may come back
    with another case than the profile's (Windows paths ignore case) or under its 8.3 name."""
    privacy = Privacy(home=r"C:\Users\Jean Tremblay", names=("jtremblay",))
    temp = r"\AppData\Local\Temp\pytest-0\rules.toml"
    assert privacy.clean(r"C:\Users\Jean Tremblay" + temp) == "~" + temp
    assert privacy.clean(r"c:\users\jean tremblay" + temp) == "~" + temp
    assert privacy.clean(r"C:\Users\JEANTR~1" + temp) == r"C:\Users\…" + temp


def test_a_generic_account_name_is_not_blanked_from_ordinary_words() -> None:
    assert Privacy(names=("root",)).clean("a trusted root") == "a trusted root"


def test_a_crashed_check_shows_its_error_but_not_its_traceback() -> None:
    document = sample()
    next(c for c in document["checks"] if c["id"] == "ntp").update(
        code="CHECK_CRASHED",
        status="error",
        evidence={
            "exception": "RuntimeError",
            "message": "boom",
            "traceback": 'File "/opt/app/core/checks/ntp.py", line 1',
        },
    )
    html = render_html(from_document(document), words_for("en"), privacy=NO_ONE)
    assert "RuntimeError: boom" in html and "checks/ntp.py" not in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_longest_report_prints_on_two_pages(qapp, lang: str) -> None:
    """Laid out by Qt's HTML engine on Letter and A4 with 12 mm margins, at the base style
    (the print style only makes it smaller)."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFontDatabase, QTextDocument

    assert QFontDatabase.families(), (
        "Qt found no font to lay the page out with: on Windows its offscreen platform reads "
        "fonts from QT_QPA_FONTDIR only (windows.yml and the Wine lane point it at Fonts)"
    )
    report = worst_case_report()
    assert report.result("laptop").code == "LAPTOP_VPN" and len(report.verdict.next_steps) == 6
    html = render_html(report, words_for(lang), privacy=NO_ONE)
    for width_in, height_in in ((8.5, 11.0), (210 / 25.4, 297 / 25.4)):
        document = QTextDocument()
        document.setHtml(html)
        dpi, margin = 96, 2 * 12 / 25.4
        document.setPageSize(QSizeF((width_in - margin) * dpi, (height_in - margin) * dpi))
        assert document.pageCount() <= 2, (lang, width_in)


def test_the_laptop_s_proxies_and_vpn_and_every_card_line_are_in_the_report() -> None:
    report = worst_case_report()
    html = render_html(report, words_for("fr"), privacy=NO_ONE)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "proxy.corp.example:8080" in text and "http://wpad.corp.example/wpad.dat" in text
    assert "WireGuard Tunnel (route par défaut, DNS 10.8.0.53)" in text
    # The adapter card in two columns keeps every one of its lines, the name above them.
    card = details(report.result("adapter"), words_for("fr")).split("\n")
    assert all(escape(line.strip()) in html for line in card)
    assert html.index(escape(card[0])) < html.index(escape(card[1].strip()))


def test_write_is_atomic_and_keeps_the_old_file_when_it_fails(tmp_path: Path) -> None:
    report = from_document(sample())
    target = tmp_path / "report.html"
    write_html_report(target, report, words_for("en"), privacy=NO_ONE)
    first = target.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>") and oct(target.stat().st_mode & 0o777) != "0o600"
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing" / "report.html", "x")
    (tmp_path / "taken.html").mkdir()
    with pytest.raises(OSError):
        write_html_report(tmp_path / "taken.html", report, words_for("en"), privacy=NO_ONE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "taken.html"]
    assert target.read_text(encoding="utf-8") == first


def test_inputs_left_at_default_are_said_once() -> None:
    document = copy.deepcopy(sample())
    document["inputs"] = RunInputs().as_dict()
    html = render_html(from_document(document), words_for("en"), privacy=NO_ONE)
    assert "Left at their default" in html and "Adapter asked for" in html


def test_the_json_document_is_cleaned_like_the_page() -> None:
    from app.core.outputs.document import to_document

    document = sample()
    checks = {c["id"]: c for c in document["checks"]}
    checks["tls"]["evidence"]["trust_store"] = r"C:\Users\jdoe\AppData\Local\Temp\_MEI1\cacert.pem"
    document["inputs"]["rules_file"] = "/home/jdoe/Desktop/site-rules.toml"
    again = to_document(
        from_document(document),
        words_for("en"),
        "/home/jdoe/Desktop/site-rules.toml",
        privacy=Privacy(home="/home/jdoe", names=("jdoe",)),
    )
    text = json.dumps(again)
    assert "jdoe" not in text.lower()
    assert again["rules"] == "~/Desktop/site-rules.toml" and "cacert.pem" in text


def test_a_report_and_its_json_are_written_together_or_not_at_all(tmp_path: Path) -> None:
    from app.core.util.files import write_all_atomic

    page, data = tmp_path / "r.html", tmp_path / "r.json"
    data.write_text("old", encoding="utf-8")
    page.mkdir()  # the page cannot take its name
    with pytest.raises(IsADirectoryError):
        write_all_atomic({data: "new", page: "<html>"})
    assert data.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json"]
    page.rmdir()
    write_all_atomic({data: "new", page: "<html>"})
    assert data.read_text(encoding="utf-8") == "new" and page.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_says_where_to_tap_on_the_station_as_the_wizard_does(lang: str) -> None:
    """The firmware and the readings each say where they are read on the station's screen,
    in the words of the wizard's drawings (app/core/outputs/station.py)."""
    from app.core.outputs.station import tap_sentence

    page = render_html(from_document(sample()), words_for(lang), privacy=NO_ONE)
    blocks = dict(re.findall(r'<div class="check" id="check-(\w+)">(.*?)</div>', page, re.S))
    assert escape(tap_sentence("about", words_for(lang))) in blocks["firmware"]
    assert escape(tap_sentence("network", words_for(lang))) in blocks["matrix"]
    assert escape(tap_sentence("network", words_for(lang))) not in blocks["firmware"]

"""The report as one self-contained HTML page, for support and for the site's records.

Self-contained: inline CSS, no script, no image, no link to fetch, so it opens the same on
any machine and sends nothing when opened. Fit to print: `@media print` and page-break rules
keep a full run on one or two pages (tests/core/test_report_html.py lays it out on Letter).

Private facts stay out: the report carries what the diagnosis needs and no user name, no
computer name, no home folder (see `Privacy`), and no other adapter's MAC address unless the
caller passes those adapters in `other_adapters` (the command line's `--report-all-adapters`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from textwrap import dedent
from typing import Any

from app import APP_NAME, __version__
from app.core.evidence import (
    AdapterEvidence,
    CrashEvidence,
    DnsEvidence,
    FirmwareEvidence,
    LaptopEvidence,
    MatrixEvidence,
    PortsEvidence,
)
from app.core.messages import Words
from app.core.model import CheckResult, RunReport, Status
from app.core.outputs.privacy import Privacy
from app.core.outputs.refcode import reference_or_none
from app.core.outputs.station import tap_sentence
from app.core.outputs.text import adapter_card, details, format_time, port_row, probe_state
from app.core.util.controls import visible
from app.core.util.files import write_atomic

_COLOURS = {
    Status.PASS: "#1b7f3b",
    Status.WARN: "#9a6700",
    Status.FAIL: "#b42318",
    Status.SKIP: "#57606a",
    Status.ERROR: "#8250df",
}
_SYMBOLS = {
    Status.PASS: "✔",
    Status.WARN: "▲",
    Status.FAIL: "✖",
    Status.SKIP: "–",
    Status.ERROR: "⚠",
}

_STYLE = """
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 9pt; line-height: 1.15;
       color: #1f2328; margin: 1.5em auto;
       max-width: 54em; padding: 0 1em; }
h1 { font-size: 14pt; margin: 0; } h2 { font-size: 11.5pt; margin: .8em 0 .3em; }
h3 { font-size: 10pt; margin: .5em 0 .1em; }
h2 code, h3 code { font-size: 7.5pt; font-weight: normal; color: #57606a; }
.meta { color: #57606a; font-size: 9pt; margin: .2em 0 .6em; }
.verdict { border: 2px solid; border-radius: 6px; padding: .3em .8em; margin: .4em 0; }
.verdict h2 { margin: .1em 0; }
.verdict p { margin: .2em 0; }
.ref { border: 2px solid #1f2328; border-radius: 6px; padding: .3em .8em; margin: .4em 0; }
.ref .code { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: 14pt;
             font-weight: bold; letter-spacing: .08em; white-space: nowrap; }
.hint { font-size: 8pt; color: #57606a; }
.status { font-weight: bold; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: .1em .45em;
         border-bottom: 1px solid #d0d7de; }
th { background: #f6f8fa; }
table.inputs td.label { color: #57606a; white-space: nowrap; width: 12em; }
table.ports td { white-space: nowrap; } table.ports td.addresses { white-space: normal; }
code, pre { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: 7.5pt; }
pre { background: #f6f8fa; padding: .35em .5em; white-space: pre-wrap; margin: .2em 0 0; }
table.card { background: #f6f8fa; margin: .2em 0 0; }
table.card td { border: none; padding: 0 .5em; }
table.card pre { background: none; border: none; padding: 0; margin: 0; }
.check { margin: .5em 0; }
.check p { margin: .15em 0; }
ol { margin: .2em 0; padding-left: 1.6em; }
.privacy { color: #57606a; font-size: 8.5pt; margin-top: 1.2em; }
@page { margin: 12mm; }
@media print {
  body { font-size: 9pt; margin: 0; max-width: none; padding: 0; }
  h1 { font-size: 13pt; } h2 { font-size: 10.5pt; margin-top: .7em; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .verdict, .ref, .check, tr, pre { break-inside: avoid; page-break-inside: avoid; }
  .check.long { break-inside: auto; page-break-inside: auto; }
  pre { background: none; border: 1px solid #ccc; font-size: 7.5pt; }
  table.card { background: none; border: 1px solid #ccc; } table.card pre { border: none; }
  code { font-size: 7.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render_html(
    report: RunReport,
    words: Words,
    *,
    reference: str | None = None,
    other_adapters: Sequence[Mapping[str, Any]] = (),
    privacy: Privacy | None = None,
) -> str:
    """The whole report as one HTML page in the language of `words`.

    `reference`: the run's reference code (default: computed from `report`).
    `other_adapters`: adapters besides the tested one, as `AdapterInfo.as_dict()`, shown in
    full (MAC addresses included) only because the caller passed them; by default the report
    names the other adapters and their kinds, nothing more.
    `privacy`: what to keep out (default: this machine's user name, host name, home folder).
    """
    privacy = privacy or Privacy.of_this_machine()
    page = _Page(words, privacy)
    reference = reference or reference_or_none(report)
    verdict = report.verdict
    text = words.text(verdict.code, verdict.params)
    p = page.parts
    p.append(
        f'<!DOCTYPE html>\n<html lang="{"fr-CA" if words.lang == "fr" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{page.esc(APP_NAME)} · '
        f"{page.term('REPORT_TITLE')}</title><style>{_STYLE}</style></head><body>"
    )
    p.append(f"<h1>{page.term('REPORT_TITLE')}</h1>")
    duration = page.words.number(report.duration_ms / 1000, ".1f", "s")
    p.append(
        f'<p class="meta">{page.esc(APP_NAME)} · '
        f"{page.label('LABEL_APP_VERSION')} {page.esc(__version__)} · "
        f"{page.label('LABEL_STARTED')} {page.esc(format_time(report.started_at))} · "
        f"{page.label('LABEL_DURATION')} {page.esc(duration)} · "
        f"{page.term('REGION_' + report.inputs.region.upper())}</p>"
    )
    if reference:
        p.append(
            f'<p class="ref">{page.label("LABEL_REFERENCE")} '
            f'<span class="code" id="reference">{escape(reference)}</span> '
            f'<span class="hint">{page.term("REPORT_REFERENCE_HINT")}</span></p>'
        )
    p.append(
        f'<div class="verdict" style="border-color:{_COLOURS[verdict.status]}">'
        f"<h2>{page.label('LABEL_VERDICT')} {page.esc(text.title)} "
        f"<code>{page.code(verdict.code)}</code></h2>"
        f"<p>{page.esc(text.explanation)}</p>"
    )
    if verdict.next_steps:
        p.append(f"<strong>{page.term('LABEL_NEXT_STEPS')}</strong><ol>")
        for step in verdict.next_steps:
            step_text = words.text(step.code, step.params)
            p.append(
                f"<li><strong>{page.esc(step_text.title)}</strong> — "
                f"{page.esc(step_text.instruction)}</li>"
            )
        p.append("</ol>")
    p.append("</div>")

    p.append(f"<h2>{page.term('LABEL_RESULT')}</h2>")
    for result in report.results:
        page.check(result, other_adapters)
    page.inputs(report)
    p.append(f'<p class="privacy">{page.term("REPORT_PRIVACY")}</p>')
    p.append("</body></html>\n")
    return "\n".join(p)


def write_html_report(path: str | Path, report: RunReport, words: Words, **options: Any) -> None:
    """Render and write atomically: a failed write leaves no half file and keeps an old one.
    Raises OSError as the system gave it."""
    write_atomic(path, render_html(report, words, **options))


class _Page:
    def __init__(self, words: Words, privacy: Privacy) -> None:
        self.words, self.privacy = words, privacy
        self.parts: list[str] = []

    def esc(self, text: object) -> str:
        return escape(self.privacy.clean(str(text)))

    def code(self, code: str) -> str:
        """A result code, escaped like any other text: one read back from a saved report may
        be anything. One the catalogue does not know is already said to be unknown in the
        title beside it."""
        return self.esc(code if self.words.has(code) else self.words.term("VALUE_UNKNOWN"))

    def term(self, name: str, **params: Any) -> str:
        return self.esc(self.words.term(name, params))

    def label(self, name: str) -> str:
        return self.esc(self.words.label(self.words.term(name)))

    def status(self, status: Status) -> str:
        return (
            f'<span class="status" style="color:{_COLOURS[status]}">'
            f"{_SYMBOLS[status]} {self.term('STATUS_' + status.name)}</span>"
        )

    def inputs(self, report: RunReport) -> None:
        given = report.inputs
        endpoint = report.endpoint
        default = self.words.term("LABEL_DEFAULT")

        def values(items: Sequence[str]) -> str:
            return ", ".join(items) if items else default

        def reading(name: str) -> str:
            return self.words.label(self.words.term(f"READING_{name.upper()}"))

        readings = [
            f"{reading(name)} {self.words.term('VALUE_' + value.upper())}"
            for name in ("link", "vpn", "cloud")
            if (value := getattr(given, name))
        ]
        # The region is in the line under the title; the station's model, firmware and
        # readings are shown where their checks judged them.
        firmware = report.result("firmware")
        matrix = report.result("matrix")
        matrix_evidence = matrix.evidence_as(MatrixEvidence) if matrix else None
        shown_model = firmware is not None and firmware.evidence_as(FirmwareEvidence) is not None
        shown_readings = matrix_evidence is not None and bool(matrix_evidence.readings)
        rows = [
            ("LABEL_ENDPOINT", endpoint or default),
            ("LABEL_INTERFACE", given.interface or default),
            ("LABEL_DNS_SERVERS", values(given.dns_servers)),
            ("LABEL_NTP_SERVERS", values(given.ntp_servers)),
            (
                "LABEL_TIMEOUT",
                self.words.number(given.timeout, "g", "s") if given.timeout else default,
            ),
            ("LABEL_MODEL", "-" if shown_model else given.model or "-"),
            ("LABEL_VERSION", "-" if shown_model else given.firmware or "-"),
            ("LABEL_READINGS", "-" if shown_readings else ", ".join(readings) or "-"),
            ("LABEL_ONLY", ", ".join(given.only) or default),
            # The file's name only: its folder could name the user.
            ("LABEL_RULES_FILE", Path(given.rules_file).name if given.rules_file else default),
        ]
        given_rows = [(label, value) for label, value in rows if value not in (default, "-")]
        at_default = [self.words.term(label) for label, value in rows if value == default]
        if at_default:
            given_rows.append(("LABEL_AT_DEFAULT", ", ".join(at_default)))
        self.parts.append(f'<h2>{self.term("LABEL_INPUTS")}</h2><table class="inputs">')
        self.parts += [
            f'<tr><td class="label">{self.term(label)}</td><td>{self.esc(value)}</td></tr>'
            for label, value in given_rows
        ]
        self.parts.append("</table>")

    def check(self, result: CheckResult, other_adapters: Sequence[Mapping[str, Any]]) -> None:
        text = self.words.text(result.code, result.params)
        # A check with a table of its own may break between rows rather than leave a page
        # half empty.
        long = isinstance(result.evidence, PortsEvidence)
        self.parts.append(
            f'<div class="check{" long" if long else ""}" id="check-{self.esc(result.id)}"><h3>'
            f"{self.term('CHECK_' + result.id.upper())} · "
            f"{self.status(result.status)} · {self.esc(text.title)} "
            f"<code>{self.code(result.code)}</code></h3>"
        )
        # A passed check's sentence repeats its evidence; its steps are all in the verdict's.
        if result.status != Status.PASS:
            self.parts.append(f"<p>{self.esc(text.explanation)}</p>")
        match result.evidence:
            case CrashEvidence() as crash:
                # The traceback stays in the JSON document and the log: its paths name folders.
                self.parts.append(f"<pre>{self.esc(f'{crash.exception}: {crash.message}')}</pre>")
            case PortsEvidence() as ports if ports.ports:
                self.ports(ports)
            case DnsEvidence() as dns if dns.found:
                self.dns(dns)
            case FirmwareEvidence() as firmware:
                self.inline(
                    [
                        ("LABEL_MODEL", firmware.model),
                        ("LABEL_VERSION", firmware.version),
                        ("LABEL_MINIMUM", firmware.minimum),
                    ],
                    where=tap_sentence("about", self.words),
                )
            case MatrixEvidence() as matrix if matrix.readings:
                self.matrix(matrix)
            case LaptopEvidence() as laptop:
                self.laptop(laptop)
            case AdapterEvidence() as adapter:
                if adapter.adapter:
                    self.card(details(result, self.words))
                else:
                    self.pre(details(result, self.words))
                self.others(adapter, other_adapters)
            case _:
                self.pre(details(result, self.words))
        self.parts.append("</div>")

    def pre(self, text: str) -> None:
        if text:
            self.parts.append(f"<pre>{self.esc(text)}</pre>")

    def laptop(self, evidence: LaptopEvidence) -> None:
        """The proxies and the VPN adapters, each kind on one line ("none" where there is
        none): the sentence above already says what they mean for the station."""
        # Here, not at the top: reading a report loads no check (tests/core/test_evidence.py).
        from app.core.checks.laptop import proxy_term

        words = self.words
        none = words.term("VALUE_NONE")
        proxies = [
            words.term(term.name, term.params) for term in (proxy_term(p) for p in evidence.proxies)
        ]
        vpns = []
        for vpn in evidence.vpns:
            held = [words.term("LABEL_DEFAULT_ROUTE")] if vpn.default_route else []
            held += [f"DNS {server}" for server in vpn.dns_servers]
            vpns.append(f"{vpn.name} ({', '.join(held)})")
        between = "<br>" if proxies or vpns else " · "
        self.parts.append(
            f"<p>{self.label('LABEL_PROXIES')} {self.esc(visible(', '.join(proxies) or none))}"
            f"{between}{self.label('LABEL_VPNS')} {self.esc(visible(', '.join(vpns) or none))}</p>"
        )

    def card(self, text: str) -> None:
        """The adapter card's `label ..... : value` lines in two columns under its name: the
        same lines as `ipconfig /all` prints them, in half the height."""
        head, *lines = text.split("\n")
        half = (len(lines) + 1) // 2
        # The name's line above sets them apart: no indent, for width.
        left, right = (
            self.esc(dedent("\n".join(column))) for column in (lines[:half], lines[half:])
        )
        self.parts.append(
            f'<table class="card"><tr><td colspan="2"><pre>{self.esc(head)}</pre></td></tr>'
            f'<tr><td width="50%"><pre>{left}</pre></td>'
            f'<td width="50%"><pre>{right}</pre></td></tr></table>'
        )

    def inline(self, rows: Sequence[tuple[str, Any]], where: str | None = None) -> None:
        """Short facts on one line: `Label: value · Label: value`, and `where` they are read
        on the station's screen (the taps, in the station's words), after them."""
        facts = [
            f"{self.label(label)} {self.esc(value)}" for label, value in rows if value is not None
        ]
        if where:
            facts.append(f'<span class="hint">{self.esc(where)}</span>')
        self.parts.append("<p>" + " · ".join(facts) + "</p>")

    def matrix(self, evidence: MatrixEvidence) -> None:
        words = self.words
        self.inline(
            [
                (f"READING_{name.upper()}", words.term(f"VALUE_{value.upper()}"))
                for name, value in evidence.readings.items()
            ],
            where=tap_sentence("network", words),
        )
        if evidence.ranking:
            self.parts.append(
                f"<p>{self.label('LABEL_CAUSES')}</p><ol>"
                + "".join(
                    f"<li>{self.esc(words.title(item.step))} — "
                    f"{self.term('EVIDENCE_' + item.evidence.upper())}</li>"
                    for item in evidence.ranking
                )
                + "</ol>"
            )

    def dns(self, evidence: DnsEvidence) -> None:
        """The answer in three lines (server, CNAME chain, addresses), then each server's
        outcome when there were several: `nslookup` repeats the name for every address."""

        def label(name: str) -> str:
            return self.words.term(name)

        chain = list(evidence.cname_chain or [evidence.endpoint])
        rows = [
            (label("LABEL_SERVER"), evidence.server or "-"),
            (label("LABEL_CNAME_CHAIN"), " → ".join(chain)),
            (label("LABEL_ADDRESSES"), ", ".join(evidence.found)),
        ]
        answers = evidence.answers or ()
        if len(answers) > 1:
            rows += [
                (a.server, f"{probe_state(a.outcome, self.words)} ({a.ms} ms)") for a in answers
            ]
        width = max(len(name) for name, _ in rows) + 2
        lines = [f"{name} {'.' * (width - len(name))} : {value}" for name, value in rows]
        self.parts.append(f"<pre>{self.esc(chr(10).join(lines))}</pre>")

    def ports(self, evidence: PortsEvidence) -> None:
        heads = (
            "LABEL_PORT",
            "LABEL_USE",
            "LABEL_ADDRESS",
            "LABEL_STATE",
            "LABEL_TIME",
        )
        self.parts.append(
            '<table class="ports"><tr>'
            + "".join(f"<th>{self.term(h)}</th>" for h in heads)
            + "</tr>"
        )
        # One row a port and state: the endpoint's addresses mostly answer alike.
        for group in evidence.groups():
            first = port_row(group.rows[0], self.words)
            addresses = ", ".join(group.addresses)
            colour = _COLOURS[Status.PASS if group.is_open else Status.FAIL]
            port, protocol, use, _, state, _ = (self.esc(cell) for cell in first)
            self.parts.append(
                f"<tr><td>{port}/{protocol}</td><td>{use}</td>"
                f'<td class="addresses">{self.esc(addresses)}</td>'
                f'<td><span class="status" style="color:{colour}">{state}</span></td>'
                f"<td>{group.slowest_ms} ms</td></tr>"
            )
        self.parts.append("</table>")

    def others(self, found: AdapterEvidence, other_adapters: Sequence[Mapping[str, Any]]) -> None:
        tested = found.adapter.name if found.adapter else None
        if other_adapters:
            cards = [
                adapter_card(a, self.words)
                for a in other_adapters
                if a.get("name") != tested and a.get("kind") != "loopback"
            ]
            if cards:
                self.parts.append(
                    f"<p>{self.label('LABEL_OTHER_ADAPTERS')}</p>"
                    f"<pre>{self.esc(chr(10).join(cards))}</pre>"
                )
            return
        named = [
            f"{a.friendly_name or a.name} · {self.words.term('KIND_' + a.kind.upper())}"
            for a in found.others()
        ]
        if named:
            self.inline([("LABEL_OTHER_ADAPTERS", ", ".join(named))])

"""The saved HTML page stays the page the program draws: whatever a run or a saved report
holds (codes included), it reaches the page as text, never as markup."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from helpers.site import loopback_adapter
from hostile import HOSTILE, sample_document

from app.core.messages import words_for
from app.core.model import RunInputs, RunReport
from app.core.outputs.document import from_document
from app.core.outputs.privacy import Privacy
from app.core.outputs.report_html import render_html
from app.core.platform import AdapterKind
from app.core.rules import load_rules
from app.core.run import run_checks

MARKUP = '"><script>alert(1)</script><img src=x onerror="alert(2)"><b x=\'y'


class Elements(HTMLParser):
    """Every element of a page with its attribute names, and the text between them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[tuple[str, tuple[str, ...]]] = set()
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def report_with(text: str) -> RunReport:
    """The lab's blocked site, with `text` in every code, id-free field and parameter a saved
    report can carry to the page."""
    report = from_document(sample_document())
    results = tuple(
        dataclasses.replace(
            result,
            code=f"{result.code}{text}",
            params={**result.params, "issuer": text, "endpoint": text, "name": text},
        )
        for result in report.results
    )
    verdict = dataclasses.replace(report.verdict, code=f"VERDICT{text}", params={"cause": text})
    inputs = dataclasses.replace(report.inputs, interface=text, endpoint=text, model=text)
    return dataclasses.replace(report, results=results, verdict=verdict, inputs=inputs)


def test_hostile_values_and_codes_stay_text_on_the_page() -> None:
    template = Elements(
        render_html(from_document(sample_document()), words_for("en"), privacy=Privacy())
    )
    for text in (MARKUP, HOSTILE):
        page = render_html(report_with(text), words_for("en"), privacy=Privacy())
        found = Elements(page)
        assert not [tag for tag, _ in found.elements if tag == "script"]
        assert not [
            (tag, names) for tag, names in found.elements if any(n.startswith("on") for n in names)
        ]
        assert found.elements <= template.elements, found.elements - template.elements
        # Still shown, as the text it is.
        assert text != MARKUP or any("<script>alert(1)</script>" in part for part in found.text)


def test_an_unknown_code_is_said_to_be_unknown() -> None:
    page = render_html(report_with("<i>"), words_for("fr"), privacy=Privacy())
    assert "Code inconnu VERDICT&lt;i&gt;" in page
    assert "Code inconnu PORTS_BLOCKED&lt;i&gt;" in page
    assert "<code>inconnu</code>" in page and "<i>" not in page


def test_the_adapters_seen_when_none_is_found_stay_text_on_the_page() -> None:
    seen = loopback_adapter(53, name=MARKUP, friendly_name=MARKUP, kind=AdapterKind.WIRELESS)
    rules = load_rules()
    report = run_checks(RunInputs(region="us", only=("adapter",)), rules, adapters=lambda: [seen])
    assert report.result("adapter").code == "ADAPTER_NOT_FOUND"
    page = render_html(report, words_for("fr"), privacy=Privacy())
    found = Elements(page)
    assert not [tag for tag, _ in found.elements if tag in ("script", "img")]
    text = "".join(found.text)
    assert f"{MARKUP} (sans fil (Wi-Fi), liaison active, IPv4 127.0.0.1)" in text
    assert f"{MARKUP}: sans fil (Wi-Fi) · liaison active · IPv4 127.0.0.1" in text

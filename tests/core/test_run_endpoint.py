"""The endpoint of a run is one field of its record: set once by the runner from the inputs
and the rules, saved in the document, read back, and what every output names."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from helpers.site import ENDPOINT, loopback_site

from app.core.messages import words_for
from app.core.model import RunInputs
from app.core.outputs.document import DocumentError, from_document, to_document
from app.core.outputs.firewall import firewall_plan
from app.core.outputs.it_request import build_it_request
from app.core.outputs.privacy import Privacy
from app.core.outputs.report_html import render_html
from app.core.rules import load_rules
from app.core.run import run_checks

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "blocked-site.json"
OTHER = "vpn.elsewhere.example"


def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_the_runner_sets_the_endpoint_from_the_inputs_and_the_rules() -> None:
    rules = load_rules()
    offline = ("firmware",)
    report = run_checks(RunInputs(region="ca", only=offline), rules)
    assert report.endpoint == rules.endpoint("ca")
    asked = run_checks(RunInputs(region="ca", endpoint="vpn.example.", only=offline), rules)
    assert asked.endpoint == "vpn.example", "the final dot names the same endpoint"


def test_the_endpoint_is_saved_and_read_back(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run_checks(site.inputs(only=("dns",)), site.rules, adapters=site.adapters)
    document = to_document(report, words_for("en"), privacy=Privacy())
    assert document["endpoint"] == report.endpoint == ENDPOINT
    assert from_document(json.loads(json.dumps(document))).endpoint == ENDPOINT


def test_a_report_saved_before_the_field_reads_the_name_its_dns_check_asked() -> None:
    document = sample()
    del document["endpoint"]  # as reports were saved before the field
    dns = next(c for c in document["checks"] if c["id"] == "dns")
    assert from_document(document).endpoint == dns["evidence"]["endpoint"]
    without_dns = copy.deepcopy(document)
    without_dns["checks"] = [c for c in without_dns["checks"] if c["id"] != "dns"]
    assert from_document(without_dns).endpoint == load_rules().endpoint("us")


def test_an_older_report_naming_no_host_reads_back_the_regions_and_again_the_same() -> None:
    """Found by the hostile-report property test: a DNS evidence naming ':' was taken as the
    run's endpoint, written out, and then refused when read back."""
    document = sample()
    for check in document["checks"]:
        if check["id"] == "dns":
            check["evidence"]["endpoint"] = ":"
    document["inputs"]["endpoint"] = "not a host"
    report = from_document(document)
    assert report.endpoint == load_rules().endpoint("us")
    written = json.loads(json.dumps(to_document(report, words_for("en"), privacy=Privacy())))
    assert from_document(written).endpoint == report.endpoint


@pytest.mark.parametrize("value", ["not a host", "a..b", 5, "\x1b[2J"])
def test_a_saved_endpoint_that_is_not_a_host_name_is_not_a_report(value) -> None:
    document = sample()
    document["endpoint"] = value
    with pytest.raises(DocumentError):
        from_document(document)


def test_every_output_names_the_runs_endpoint_not_the_one_the_rules_here_give() -> None:
    """A run made with a rules file of its own (another endpoint) and read back where the
    built-in rules give the region another name: the page, the letter for IT and the
    firewall rules name what was tested."""
    document = sample()
    document["checks"] = [c for c in document["checks"] if c["id"] != "dns"]
    document["endpoint"] = OTHER
    report = from_document(document)
    assert report.endpoint == OTHER
    assert OTHER in render_html(report, words_for("en"), privacy=Privacy())
    letter = build_it_request(report, words_for("en"), load_rules())
    assert letter is not None and OTHER in letter.body
    assert OTHER in firewall_plan(report, load_rules()).names()

"""The bundled rules hold the guide's facts, and a broken rules file names its bad field."""

from __future__ import annotations

import copy
import tomllib

import pytest

from app.core.rules import RulesError, load_rules, parse_rules
from app.core.util.resources import resource_path


@pytest.fixture
def raw() -> dict:
    with resource_path("rules.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_bundled_rules_hold_the_procedure_facts() -> None:
    rules = load_rules()
    assert rules.endpoint("us") == "vpn.na.prod.chargepointnetwork.net"
    assert rules.endpoint("ca") == "vpn.ca.prod.chargepointnetwork.net"
    assert {(p.protocol, p.port) for p in rules.ports} == {
        ("tcp", 443),
        ("udp", 123),
        ("tcp", 52007),
        ("tcp", 52017),
    }
    assert rules.model_for("CP6000").minimum == "2024.03.00.428"
    assert rules.model_for("express-plus").minimum == "2024.05.00.475"
    assert rules.model_for("Express Power Link").model == "express-plus"
    assert rules.model_for("cp4000") is None
    assert rules.timeouts.tcp >= 3.0, "a refused port must not look filtered on Windows"
    assert rules.ntp_servers
    assert (rules.control_address, rules.control_port) == ("192.0.2.1", 52007)


def test_rules_are_loaded_once() -> None:
    assert load_rules() is load_rules()


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["regions"]["us"].update(endpoint="not a host"), "regions.us.endpoint"),
        (lambda d: d["ports"][1].update(port=70000), "ports[1].port"),
        (lambda d: d["ports"][0].update(protocol="sctp"), "ports[0].protocol"),
        (lambda d: d["firmware"]["cp6000"].update(minimum="2024.x"), "firmware.cp6000.minimum"),
        # Forms the firmware check's parser refuses: once accepted here, they crashed the check.
        (
            lambda d: d["firmware"]["cp6000"].update(minimum="2024.03.00.428.1.2.3"),
            "firmware.cp6000.minimum",
        ),
        (
            lambda d: d["firmware"]["cp6000"].update(minimum="2024.0000000000428"),
            "firmware.cp6000.minimum",
        ),
        (lambda d: d["firmware"]["cp6000"].pop("name"), "firmware.cp6000.name"),
        (lambda d: d["timeouts"].update(tcp=0), "timeouts.tcp"),
        (lambda d: d["timeouts"].pop("dns"), "timeouts.dns"),
        (lambda d: d["matrix"]["rows"][1].update(vpn="maybe"), "matrix.rows[1].vpn"),
        (lambda d: d["matrix"]["rows"][0].update(status="great"), "matrix.rows[0].status"),
        (
            lambda d: d["matrix"]["evidence"].update(STEP_RUN_AGAIN=["nope"]),
            "matrix.evidence.STEP_RUN_AGAIN[0]",
        ),
        (lambda d: d["matrix"]["evidence"].update(STEP_X=["dns"]), "matrix.evidence.STEP_X"),
        (lambda d: d["matrix"]["rows"][0].update(code="MATRIX_FOO"), "matrix.rows[0].code"),
        # A code is matched whole: a trailing line break is not an upper-case code.
        (
            lambda d: d["matrix"]["rows"][0].update(code=d["matrix"]["rows"][0]["code"] + "\n"),
            "matrix.rows[0].code",
        ),
        (
            lambda d: d["matrix"]["rows"][0].update(steps=["STEP_CHECK_CABLING\n"]),
            "matrix.rows[0].steps[0]",
        ),
        (lambda d: d["matrix"]["rows"][0].update(steps=["STEP_NOPE"]), "matrix.rows[0].steps[0]"),
        (lambda d: d["ntp"].update(servers=[]), "ntp.servers"),
        (lambda d: d.update(schema=2), "schema"),
        # The control connection goes only where no server can be: never a routed address.
        (lambda d: d["probing"].update(control_address="8.8.8.8"), "probing.control_address"),
        (lambda d: d["probing"].update(control_address="10.0.0.1"), "probing.control_address"),
        (lambda d: d["probing"].update(control_address="host"), "probing.control_address"),
        (lambda d: d["probing"].update(control_address=1), "probing.control_address"),
    ],
)
def test_a_bad_field_is_named(raw: dict, mutate, field: str) -> None:
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(RulesError) as caught:
        parse_rules(data, "custom.toml")
    assert str(caught.value).startswith(f"custom.toml: {field}: ")


def test_unreadable_and_invalid_files_say_so(tmp_path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = [", encoding="utf-8")
    with pytest.raises(RulesError, match="not valid TOML"):
        load_rules(broken)


def test_a_minimum_in_any_form_the_parser_reads_is_usable(raw: dict) -> None:
    """The rules accept what the firmware check can read, and the check then compares it."""
    from app.core.checks.base import Context
    from app.core.checks.firmware import FirmwareCheck
    from app.core.model import RunInputs

    data = copy.deepcopy(raw)
    data["firmware"]["cp6000"]["minimum"] = "v2024.3.0.428"
    rules = parse_rules(data, "custom.toml")
    inputs = RunInputs(model="cp6000", firmware="2024.03.00.500")
    outcome = FirmwareCheck().run(Context(rules, inputs, list))
    assert outcome.code == "FIRMWARE_OK"


def test_the_rules_and_the_run_know_the_same_checks_in_the_same_order() -> None:
    from app.core import rules, run

    assert run.CHECK_IDS == rules.CHECK_IDS

"""The firewall rules the tool writes fix the site: loaded into a default-deny router, they
turn a failing check into a passing one. The iptables fragment is checked by the real
`iptables-restore --test`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import faults
from .netns import command_env
from .network import REPO, Lab

NETWORK = ("adapter", "dns", "ports", "ntp", "tls")


def firewall_rules(saved: Path, fmt: str) -> str:
    """`python -m app firewall-rules --from SAVED --format FMT`, as IT would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "app", "firewall-rules", "--from", str(saved), "--format", fmt],
        cwd=REPO,
        env=command_env({"PYTHONPATH": str(REPO)}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.lab
def test_nftables_rules_open_a_default_deny_router(lab: Lab, tmp_path: Path) -> None:
    with faults.default_deny(lab):
        before = lab.check()
        assert before.exit_code == 1, before
        assert before.code("dns") == "DNS_OK", before
        assert before.code("ports") == "PORTS_BLOCKED" and before.code("ntp") == "NTP_BLOCKED"
        saved = tmp_path / "before.json"
        saved.write_text(json.dumps(before.document), encoding="utf-8")
        ruleset = tmp_path / "station.nft"
        ruleset.write_text(firewall_rules(saved, "nftables"), encoding="utf-8")
        lab.router.exec("nft", "-f", str(ruleset))
        listed = lab.router.exec("nft", "list", "chain", "inet", "filter", "forward").stdout
        assert "policy drop" in listed and "station-network-check vpn" in listed
        after = lab.check()
    assert {c: after.status(c) for c in NETWORK} == dict.fromkeys(NETWORK, "pass"), after
    assert after.verdict == "VERDICT_READY_FIRMWARE_UNCHECKED" and after.exit_code == 0


@pytest.mark.lab
@pytest.mark.skipif(shutil.which("iptables-restore") is None, reason="no iptables-restore")
def test_the_iptables_fragment_passes_iptables_restore_test(lab: Lab, tmp_path: Path) -> None:
    with faults.default_deny(lab):
        before = lab.check()
    saved = tmp_path / "before.json"
    saved.write_text(json.dumps(before.document), encoding="utf-8")
    fragment = firewall_rules(saved, "iptables")
    assert "-j ACCEPT" in fragment
    ok = lab.router.exec("iptables-restore", "--test", "--noflush", input=fragment, check=False)
    assert ok.returncode == 0, ok.stderr
    # The same test refuses a damaged fragment: the check above can fail.
    broken = fragment.replace("-j ACCEPT", "-j ACCEPT --no-such-option", 1)
    refused = lab.router.exec("iptables-restore", "--test", "--noflush", input=broken, check=False)
    assert refused.returncode != 0

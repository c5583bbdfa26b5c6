"""`check --report FILE.html`: the same report as the wizard's, written atomically; a path that
cannot be written is one clear line and exit 2, and the run's result is printed all the same."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.site import loopback_adapter, loopback_site

from app.core.platform import AdapterKind

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def test_check_writes_the_report_and_says_where(tls_ca, tmp_path) -> None:
    target = tmp_path / "site.html"
    with loopback_site(tls_ca) as site:
        code, out, err = cli(
            "check",
            *site.cli_args(),
            "--rules",
            str(site.rules_file(tmp_path)),
            "--lang",
            "fr",
            "--report",
            str(target),
            adapters=site.adapters,
        )
    assert (code, err) == (0, "")
    html = target.read_text(encoding="utf-8")
    reference = re.search(r"Code de référence : (\S+)", out).group(1)
    assert reference in html and "VERDICT_READY" in html and 'lang="fr-CA"' in html
    assert out.rstrip().endswith(f"Rapport enregistré dans {target}")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_json_output_stays_pure_json_with_a_report(tmp_path) -> None:
    target = tmp_path / "r.html"
    code, out, err = cli(
        "check",
        "--only",
        "firmware",
        "--model",
        "cp6000",
        "--firmware",
        "2024.03.00.428",
        "--json",
        "--report",
        str(target),
    )
    assert json.loads(out)["reference"] in target.read_text(encoding="utf-8")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    "where",
    [
        "missing-folder",
        "a-folder",
        pytest.param(
            "read-only",
            marks=pytest.mark.skipif(
                sys.platform == "win32",
                reason="chmod 0o500 only sets a folder's read-only attribute "
                "on Windows, which does not stop files being created in it",
            ),
        ),
    ],
)
def test_an_unwritable_path_is_one_line_exit_2_and_the_result_is_still_printed(
    tmp_path, where: str
) -> None:
    if where == "missing-folder":
        target = tmp_path / "nowhere" / "r.html"
    elif where == "a-folder":
        target = tmp_path / "taken"
        target.mkdir()
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        target = folder / "r.html"
        if os.access(folder, os.W_OK):  # root writes anywhere, but not in /proc
            target = Path("/proc/r.html")
    for extra in ([], ["--json"]):
        code, out, err = cli(
            "check",
            "--only",
            "firmware",
            "--model",
            "cp6000",
            "--firmware",
            "2024.01.00.1",
            "--lang",
            "en",
            "--report",
            str(target),
            *extra,
        )
        assert code == 2
        assert err.count("\n") == 1 and f"the report was not written to {target}" in err
        if out == "":
            continue  # seen before the run: nothing probed, nothing to lose
        # Found only when writing (root in /proc): the result is out all the same.
        if extra:
            assert json.loads(out)["checks"][0]["code"] == "FIRMWARE_TOO_OLD"
        else:
            assert "FIRMWARE_TOO_OLD" in out and "Reference code: " in out
    assert not target.is_file()


def test_a_report_path_that_cannot_work_is_refused_before_any_probe(tmp_path) -> None:
    def no_adapters():
        raise AssertionError("refused before the run: the adapters are not even read")

    for target in ("", str(tmp_path / "nowhere" / "r.html"), str(tmp_path)):
        code, out, err = cli("check", "--json", "--report", target, adapters=no_adapters)
        assert (code, out) == (2, ""), err
        assert err.count("\n") == 1 and "the report was not written" in err


def test_other_adapters_mac_addresses_only_when_asked(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca) as site:
        wifi = loopback_adapter(
            site.dns.port,
            name="wlan0",
            friendly_name="Wi-Fi",
            kind=AdapterKind.WIRELESS,
            mac="AA-BB-CC-DD-EE-FF",
            default_route_metric=900,
        )
        site.adapters_list.append(wifi)
        base = [
            "check",
            *site.cli_args(),
            "--rules",
            str(site.rules_file(tmp_path)),
            "--interface",
            "Ethernet 2",
            "--lang",
            "en",
        ]
        cli(*base, "--report", str(tmp_path / "plain.html"), adapters=site.adapters)
        cli(
            *base,
            "--report",
            str(tmp_path / "all.html"),
            "--report-all-adapters",
            adapters=site.adapters,
        )
    plain = (tmp_path / "plain.html").read_text(encoding="utf-8")
    full = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert "Wi-Fi" in plain and "AA-BB-CC-DD-EE-FF" not in plain
    assert "02-00-00-00-00-01" in plain  # the tested adapter's own card
    assert "AA-BB-CC-DD-EE-FF" in full


def test_all_adapters_needs_a_report() -> None:
    code, _, err = cli("check", "--only", "firmware", "--report-all-adapters")
    assert code == 2 and "--report" in err


def test_a_report_that_cannot_be_written_is_explained_in_french(tmp_path) -> None:
    code, out, err = cli(
        "check", "--json", "--lang", "fr", "--report", str(tmp_path / "nowhere" / "r.html")
    )
    assert (code, out) == (2, "")
    assert "n'a pas été enregistré" in err and "fichier ou dossier introuvable" in err, err

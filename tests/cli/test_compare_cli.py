"""`python -m app compare A.json B.json`: the changes in words or JSON; bad files exit 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.site import loopback_site

pytestmark = pytest.mark.usefixtures("trust_test_ca")


@pytest.fixture
def before_and_after(tls_ca, tmp_path):
    """The same site saved by `check --json`: first with TCP 443 dropped, then healthy."""
    paths = []
    for https, name in (("dropped", "before.json"), ("tls", "after.json")):
        with loopback_site(tls_ca, https=https) as site:
            _, out, _ = cli(
                "check",
                *site.cli_args(),
                "--rules",
                str(site.rules_file(tmp_path)),
                "--json",
                adapters=site.adapters,
            )
        path = tmp_path / name
        path.write_text(out, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_compare_in_words(before_and_after) -> None:
    code, out, err = cli("compare", *before_and_after, "--lang", "en")
    assert (code, err) == (0, "")
    assert out.startswith("Before: ") and "\nAfter: " in out
    assert (
        "VERDICT_FIREWALL_BLOCKING" in out and "→ WARNING VERDICT_READY_FIRMWARE_UNCHECKED" in out
    )
    assert "Checks that changed:" in out and "PORTS_BLOCKED" in out and "· better" in out


def test_compare_in_french(before_and_after) -> None:
    _, out, _ = cli("compare", *before_and_after, "--lang", "fr")
    assert "Vérifications qui ont changé" in out and "amélioré" in out
    assert "Checks that changed" not in out


def test_compare_json(before_and_after) -> None:
    code, out, _ = cli("compare", *before_and_after, "--json", "--lang", "en")
    document = json.loads(out)
    assert code == 0 and document["changed"] is True
    assert document["verdict"]["trend"] == "better"
    assert document["before"]["file"] == before_and_after[0]
    ids = [c["id"] for c in document["checks"]]
    assert "ports" in ids and "tls" in ids


def test_a_run_of_dns_alone_is_not_better_than_a_blocked_one(
    before_and_after, tls_ca, tmp_path
) -> None:
    """`check --only dns` after a run the firewall failed: DNS alone cannot tell whether the
    ports were fixed, so the verdict's change is not better, in words and in JSON."""
    with loopback_site(tls_ca) as site:
        _, out, _ = cli(
            "check",
            *site.cli_args(),
            "--rules",
            str(site.rules_file(tmp_path)),
            "--only",
            "dns",
            "--json",
            adapters=site.adapters,
        )
    dns_only = tmp_path / "dns-only.json"
    dns_only.write_text(out, encoding="utf-8")
    code, out, err = cli("compare", before_and_after[0], str(dns_only), "--lang", "en")
    assert (code, err) == (0, "")
    (verdict,) = [line for line in out.splitlines() if line.startswith("Verdict:")]
    assert "→ PASS VERDICT_NOT_FULLY_TESTED" in verdict, verdict
    assert verdict.endswith(
        "· not comparable: the difference rests on checks not run in one of the two"
    )
    _, out, _ = cli("compare", before_and_after[0], str(dns_only), "--json", "--lang", "en")
    assert json.loads(out)["verdict"]["trend"] == "not_run"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: None, "cannot read"),
        (lambda p: p.write_text("<html></html>"), "is not a saved JSON report"),
        (lambda p: p.write_text('{"schema": "x"}'), "is not a report this program can read"),
    ],
)
def test_a_bad_file_is_one_clear_line_and_exit_2(before_and_after, tmp_path, make, words) -> None:
    bad = tmp_path / "bad.json"
    make(bad)
    code, out, err = cli("compare", before_and_after[0], str(bad), "--lang", "en")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err and str(bad) in err


def test_a_missing_file_is_explained_in_french(tmp_path) -> None:
    code, out, err = cli(
        "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--lang", "fr"
    )
    assert (code, out) == (2, "") and "fichier ou dossier introuvable" in err, err


@pytest.mark.parametrize(
    ("check_id", "damage"),
    [
        ("dns", lambda e: e["answers"][0].pop("server")),
        ("ports", lambda e: e["ports"][0].update(state=None)),
        ("ntp", lambda e: e["servers"][0].update(offset_s="fast")),
        ("tls", lambda e: e.update(certificate=[])),
        ("matrix", lambda e: e.update(readings="up")),
    ],
    ids=["dns", "ports", "ntp", "tls", "matrix"],
)
def test_a_report_with_damaged_evidence_is_one_line_and_exit_2(
    before_and_after, tmp_path, check_id, damage
) -> None:
    document = json.loads(Path(before_and_after[1]).read_text(encoding="utf-8"))
    damage(next(c for c in document["checks"] if c["id"] == check_id)["evidence"])
    bad = tmp_path / "damaged.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = cli("compare", before_and_after[0], str(bad), "--lang", "en")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "is not a report this program can read" in err, err
    assert "Traceback" not in err


def test_compare_given_the_wrong_way_round_warns_first(before_and_after) -> None:
    """The later file given as "before": the command says so before any better or worse."""
    earlier = before_and_after[0]
    document = json.loads(Path(before_and_after[1]).read_text(encoding="utf-8"))
    document["started_at"] = "2099-01-01T00:00:00+00:00"  # later for certain, whatever the clock
    later = str(Path(earlier).with_name("later.json"))
    Path(later).write_text(json.dumps(document), encoding="utf-8")
    for lang, warning in (("en", "! Warning: “before”"), ("fr", "! Attention : « avant »")):
        code, out, err = cli("compare", later, earlier, "--lang", lang)
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[2].startswith(warning), lines
    _, out, _ = cli("compare", later, earlier, "--json", "--lang", "en")
    assert [w["code"] for w in json.loads(out)["warnings"]] == ["COMPARE_BEFORE_IS_NEWER"]


SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "blocked-site.json"


@pytest.mark.parametrize("control", ["\n", "\x1b", "\x9b", "\u202e"], ids=repr)
@pytest.mark.parametrize(("lang", "words"), [("en", "control character"), ("fr", "contrôle")])
def test_a_path_holding_a_control_character_is_refused(control: str, lang: str, words: str) -> None:
    """Refused as typed, whatever is at that path: one line, exit 2, in the reader's language."""
    code, out, err = cli("compare", str(SAMPLE), f"before{control}.json", "--lang", lang)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "B.json" in err and words in err and control not in err.rstrip("\n")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names hold no control character")
def test_a_report_whose_name_holds_a_line_break_is_refused_though_it_exists(tmp_path) -> None:
    hostile = tmp_path / "site\nreport.json"
    hostile.write_bytes(SAMPLE.read_bytes())
    code, out, err = cli("compare", str(hostile), str(SAMPLE))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "A.json" in err

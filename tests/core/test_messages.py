"""Every code the program can produce has its words in English and in French (Canada)."""

from __future__ import annotations

import dataclasses
import errno
import re
from pathlib import Path

import pytest

from app.core.inputs import READINGS
from app.core.messages import (
    LANGUAGES,
    CatalogueError,
    Term,
    Title,
    Words,
    catalogue,
    parse_catalogue,
    placeholders,
    system_language,
    words_for,
)
from app.core.model import CHECK_IDS, Status
from app.core.platform import AdapterKind
from app.core.probes.dns import DnsOutcome
from app.core.probes.ntp import NtpOutcome
from app.core.probes.sockets import PortState
from app.core.rules import load_rules

APP = Path(__file__).resolve().parents[2] / "app"
# A name ends with a letter or digit: "PORT_STATE_" is a prefix the code completes.
_LITERAL = re.compile(
    r'"((?:ADAPTER|DNS|PORTS|NTP|TLS|FIRMWARE|MATRIX|VERDICT|STEP|CHECK|SKIP|'
    r"INPUT|LABEL|VALUE|PORT|KIND|FORMAT|PROBE|EVIDENCE|READING|REFCODE|REPORT|IT|"
    r"WATCH|COMPARE|USAGE)_[A-Z0-9_]*"
    r'[A-Z0-9])"'
)


def codes_in_source() -> set[str]:
    found = set()
    for path in APP.rglob("*.py"):
        found |= set(_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def codes_in_rules() -> set[str]:
    rules = load_rules()
    return {row.code for row in rules.matrix_rows} | {
        step for row in rules.matrix_rows for step in row.steps
    }


def built_names() -> set[str]:
    """Names the program builds from parts (f-strings), listed from the parts themselves."""
    return (
        {f"{check.upper()}_SKIPPED" for check in CHECK_IDS}
        | {f"CHECK_{check.upper()}" for check in CHECK_IDS}
        | {f"STATUS_{status.name}" for status in Status}
        | {f"PORT_{state.name}" for state in PortState}
        | {f"PORT_STATE_{state.name}" for state in PortState}
        | {f"KIND_{kind.name}" for kind in AdapterKind}
        | {f"INPUT_{name.upper()}" for name in ("model", "firmware", "link", "vpn")}
        | {f"REGION_{region.upper()}" for region in load_rules().regions}
        | {f"PROBE_{o.name}" for o in (*DnsOutcome, *NtpOutcome)}
        | {"PROBE_NOT_RESOLVED"}
        | {f"EVIDENCE_{w}" for w in ("IMPLICATED", "UNKNOWN", "CLEARED")}
        | {f"READING_{r.upper()}" for r in READINGS}
        | {f"VALUE_{v.upper()}" for values in READINGS.values() for v in values}
        | {f"REFCODE_{reason}" for reason in ("LENGTH", "CHARACTER", "CHECK", "UNKNOWN", "INVALID")}
        | {
            f"COMPARE_{word}"
            for word in (
                "BETTER",
                "WORSE",
                "DIFFERENT",
                "NOT_RUN",
                "UNREADABLE",
                "NOT_JSON",
                "INVALID",
            )
        }
    )


def test_the_source_scan_finds_codes() -> None:
    found = codes_in_source()
    assert {"ADAPTER_OK", "DNS_SUSPICIOUS_ANSWER", "VERDICT_READY", "CHECK_CRASHED"} <= found


def test_every_code_and_term_has_both_languages() -> None:
    words = catalogue()
    missing = []
    for name in sorted(codes_in_source() | codes_in_rules() | built_names()):
        if name in words.codes:
            assert set(words.codes[name]) == set(LANGUAGES), name
        elif name in words.terms:
            assert set(words.terms[name]) == set(LANGUAGES), name
        else:
            missing.append(name)
    assert not missing, f"no words for: {missing}"


def test_french_uses_the_same_placeholders_as_english() -> None:
    words = catalogue()
    for code, langs in words.codes.items():
        for field in ("title", "explanation", "instruction"):
            en, fr = getattr(langs["en"], field), getattr(langs["fr"], field)
            assert placeholders(fr) == placeholders(en), f"{code}.{field}"
    for name, langs in words.terms.items():
        assert placeholders(langs["fr"]) == placeholders(langs["en"]), name


def test_french_follows_the_guide_vocabulary() -> None:
    words = catalogue()
    french = " ".join(
        t.explanation + " " + t.instruction + " " + t.title
        for langs in words.codes.values()
        for t in [langs["fr"]]
    )
    for word in (
        "borne",
        "passerelle par défaut",
        "pare-feu",
        "microprogramme",
        "point de terminaison",
    ):
        assert word in french, word


def test_a_missing_language_is_refused() -> None:
    data = {"code": {"X_OK": {"en": {"title": "t", "explanation": "e", "instruction": "i"}}}}
    with pytest.raises(CatalogueError, match="code.X_OK.fr"):
        parse_catalogue(data, "m.toml")
    data["code"]["X_OK"]["fr"] = {"title": "t", "explanation": "", "instruction": "i"}
    with pytest.raises(CatalogueError, match="code.X_OK.fr.explanation"):
        parse_catalogue(data, "m.toml")


def test_terms_and_titles_render_in_the_readers_language() -> None:
    blocked = [Term("PORT_FILTERED", ports="52007/TCP"), Term("PORT_REFUSED", ports="52017/TCP")]
    en = words_for("en").text("PORTS_BLOCKED", {"blocked": blocked, "address": "203.0.113.10"})
    fr = words_for("fr").text("PORTS_BLOCKED", {"blocked": blocked, "address": "203.0.113.10"})
    assert "52007/TCP" in en.explanation and "52017/TCP" in en.explanation
    assert words_for("fr").term("PORT_FILTERED", {"ports": "52007/TCP"}) in fr.explanation
    cause = Title("FIRMWARE_TOO_OLD", {"model": "CP6000"})
    verdict = words_for("fr").text("VERDICT_FIRMWARE_UPDATE_NEEDED", {"cause": cause})
    assert words_for("fr").title("FIRMWARE_TOO_OLD") in verdict.explanation


def test_a_list_of_missing_inputs_reads_well() -> None:
    reason = Term("SKIP_NOT_GIVEN", inputs=[Term("INPUT_MODEL"), Term("INPUT_FIRMWARE")])
    en = words_for("en").text("FIRMWARE_SKIPPED", {"reason": reason}).explanation
    fr = words_for("fr").text("FIRMWARE_SKIPPED", {"reason": reason}).explanation
    assert en.endswith(": station model, firmware version not given."), en
    assert "(modèle de borne, version du microprogramme)" in fr and "« " not in fr, fr


def test_french_names_the_media_state_as_french_windows_shows_it() -> None:
    fr = words_for("fr").text("ADAPTER_NO_LINK", {"name": "Ethernet"}).explanation
    assert "« Média déconnecté »" in fr and "Media disconnected" not in fr


def test_unknown_code_stays_readable() -> None:
    assert words_for("fr").text("NOT_A_CODE").title == "Code inconnu NOT_A_CODE"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_CA.UTF-8"}, "fr"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_CA"}, "en"),
        ({"LC_MESSAGES": "fr_FR"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_language_from_the_system_locale(environ: dict, expected: str) -> None:
    assert system_language(environ) == expected


def test_french_puts_a_space_before_double_punctuation() -> None:
    """« Serveur : », « … ; », « Pourquoi ? »: French typography, in every French sentence."""
    import tomllib

    from app.core.util.resources import resource_path

    data = tomllib.loads(resource_path("messages.toml").read_text(encoding="utf-8"))
    found = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, str) and (".fr" in path or path.endswith("fr")):
            found.extend(
                f"{path}: {m.group(0)!r}" for m in re.finditer(r"[^\s\d«][;:!?](\s|$)", node)
            )

    walk(data, "")
    assert found == []


def test_measures_are_written_the_readers_way() -> None:
    from app.core.messages import number

    params = {
        "server": "time.example",
        "offset": number(0.25, "+.3f", "s"),
        "rtt": number(12.4, ".0f", "ms"),
    }
    en = words_for("en").text("NTP_OK", params).explanation
    fr = words_for("fr").text("NTP_OK", params).explanation
    assert "+0.250 s" in en and "12 ms" in en, en
    assert "+0,250 s" in fr and "0.250" not in fr, fr
    assert (
        words_for("fr")
        .term("FORMAT_LABEL", {"label": [Term("INPUT_MODEL"), "a, b"]})
        .startswith("modèle de borne ; a, b")
    )


def test_a_measure_that_rounds_to_zero_has_no_minus_sign() -> None:
    # A clock 9 microseconds behind, written to the millisecond: "+0,000 s", not "-0,000 s".
    assert words_for("fr").number(-8.8e-06, "+.3f", "s") == "+0,000 s"
    assert words_for("en").number(-8.8e-06, "+.3f", "s") == "+0.000 s"
    assert words_for("en").number(-0.4, ".0f", "ms") == "0 ms"
    assert words_for("fr").number(-0.0015, "+.3f", "s") == "-0,002 s"
    assert words_for("en").number(-2.5e-07, "g") == "-2.5e-07"


def test_file_errors_are_said_in_the_readers_language() -> None:
    import os

    missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), "/x/r.html")
    assert words_for("fr").os_error(missing) == "fichier ou dossier introuvable"
    assert words_for("en").os_error(errno.EISDIR) == "it is a folder"
    # An error the catalogue does not know is said as the system says it.
    odd = OSError(errno.EMLINK, os.strerror(errno.EMLINK))
    assert words_for("fr").os_error(odd) == os.strerror(errno.EMLINK)


def test_the_words_of_a_language_are_made_once_and_say_what_the_catalogue_says() -> None:
    french = words_for("fr")
    assert french is words_for("fr") and french.lang == "fr"
    assert words_for("en") is not french and words_for("en").lang == "en"
    every = catalogue()
    params = {"blocked": [Term("PORT_FILTERED", ports="52007/TCP")], "address": "203.0.113.10"}
    for lang in LANGUAGES:
        words = words_for(lang)
        assert words.catalogue is every
        assert words.text("PORTS_BLOCKED", params) == every.text("PORTS_BLOCKED", lang, params)
        assert words.title("FIRMWARE_TOO_OLD") == every.title("FIRMWARE_TOO_OLD", lang)
        assert words.term("STATUS_SKIP") == every.term("STATUS_SKIP", lang)
        assert words.label("Verdict") == every.label("Verdict", lang)
        assert words.check_name("ntp") == every.check_name("ntp", lang)
        assert words.check_names(["dns", "tls"]) == every.check_names(["dns", "tls"], lang)
        assert words.number(0.25, "+.3f", "s") == every.number(0.25, "+.3f", lang, "s")
        assert words.os_error(errno.ENOENT) == every.os_error(errno.ENOENT, lang)
        assert words.has_values("STEP_ASK_FIREWALL_RULES") == every.has_values(
            "STEP_ASK_FIREWALL_RULES", lang
        )
        assert words.has("ADAPTER_OK") and not words.has("NOT_A_CODE")
        assert words.has_term("STATUS_SKIP") and not words.has("STATUS_SKIP")
    assert words_for("fr").term("STATUS_SKIP") != words_for("en").term("STATUS_SKIP")


def test_words_are_only_of_a_known_language_and_stay_in_it() -> None:
    with pytest.raises(ValueError, match="'de'.*en, fr"):
        words_for("de")
    with pytest.raises(ValueError, match="''"):
        Words(catalogue(), "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        words_for("en").lang = "fr"  # type: ignore[misc]

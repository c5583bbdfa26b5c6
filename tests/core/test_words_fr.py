"""Words a French-Canadian technician reads: the system's English never inside a French
sentence, the language's own colon, and the terms the wizard and the reports share."""

from __future__ import annotations

import errno

from app.core.checks.base import system_error
from app.core.evidence import MatrixEvidence, RankedCause
from app.core.messages import Term, catalogue, words_for
from app.core.model import CheckResult, Status
from app.core.outputs.text import details


def test_a_refused_dns_query_is_said_in_french() -> None:
    # As the system writes it: its own number for a refused connection (111 on Linux).
    error = system_error(f"[Errno {errno.ECONNREFUSED}] Connection refused")
    assert error == Term("OS_ECONNREFUSED")
    params = {"endpoint": "vpn.test.example", "servers": "192.0.2.53", "error": error}
    fr = words_for("fr").text("DNS_UNREACHABLE", params).explanation
    assert "connexion refusée" in fr and "Errno" not in fr and "refused" not in fr
    assert "connection refused" in words_for("en").text("DNS_UNREACHABLE", params).explanation
    assert system_error("[WinError 10061] No connection could be made") in (
        Term("OS_ECONNREFUSED"),
        "[WinError 10061] No connection could be made",  # errno names WSA codes on Windows only
    )
    assert system_error("something else") == "something else"


def test_the_readings_details_put_a_space_before_the_french_colon() -> None:
    result = CheckResult(
        "matrix",
        Status.FAIL,
        "MATRIX_VPN_DOWN",
        evidence=MatrixEvidence(
            readings={"link": "up", "vpn": "disconnected"},
            ranking=(RankedCause("STEP_ASK_FIREWALL_RULES", ("ports",), "implicated"),),
        ),
    )
    text = details(result, words_for("fr"))
    assert "Causes :" in text or " :\n" in text, text
    assert "1. Vérifiez les règles du pare-feu : " in text, text


def test_the_terms_of_the_french_words_list() -> None:
    words = catalogue()
    assert words_for("fr").term("STATUS_SKIP") == "Non effectué"
    check_input = words_for("fr").text("VERDICT_CHECK_INPUT", {"cause": "x"})
    assert "valeur saisie" in check_input.explanation and "entré à partir" not in (
        check_input.explanation
    )
    assert "l'entrée" not in check_input.instruction
    every_fr = " ".join(
        f"{text.title} {text.explanation} {text.instruction}"
        for langs in words.codes.values()
        for text in (langs["fr"],)
    )
    assert "réglez la cause" not in every_fr
    assert "essais)" not in words_for("fr").term("WATCH_ALL_GREEN", {"rounds": 1})
    assert "1 tries" not in words_for("en").term("WATCH_ALL_GREEN", {"rounds": 1})
    assert "au téléphone" not in words_for("fr").term("REPORT_REFERENCE_HINT")
    assert "Nouvel essai de" not in words_for("fr").term(
        "WATCH_START", {"checks": "Ports", "interval": 5, "bound": "10 min"}
    )

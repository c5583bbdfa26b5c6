"""The list of checks is written once, in the model (`CHECK_SPECS`); every reader derives from it.

A check added to the model and forgotten by a reader fails here, and so does a list of checks
written out again anywhere in `app/`.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.messages import LANGUAGES, catalogue
from app.core.model import CHECK_IDS, CHECK_SPECS, NETWORK_CHECKS, STEP_IDS, Status, step_checks
from app.core.outputs.refcode import CHECK_ORDER, CODE_TABLE
from app.core.rules import RulesError, load_rules
from app.core.run import CHECKS, IMPLEMENTATIONS, select_checks

APP = Path(__file__).resolve().parents[2] / "app"


def test_every_check_is_implemented_and_run_in_the_models_order() -> None:
    assert set(IMPLEMENTATIONS) == set(CHECK_IDS), "a check without its spec, or the reverse"
    assert tuple(check.id for check in CHECKS) == CHECK_IDS
    assert tuple(check.id for check in select_checks()) == CHECK_IDS


def test_a_check_reads_only_checks_that_come_before_it() -> None:
    for check in CHECKS:
        for earlier in (*check.needs, *check.after):
            assert CHECK_IDS.index(earlier) < CHECK_IDS.index(check.id), (check.id, earlier)


def test_every_check_has_numbers_in_the_reference_code() -> None:
    assert set(CODE_TABLE) == set(CHECK_IDS)
    assert set(CHECK_ORDER) == set(CHECK_IDS)


def test_every_check_has_its_words_in_both_languages() -> None:
    words = catalogue()
    for check_id in CHECK_IDS:
        assert words.has(f"{check_id.upper()}_SKIPPED"), check_id
        for lang in LANGUAGES:
            assert lang in words.terms.get(f"CHECK_{check_id.upper()}", {}), (check_id, lang)


def test_every_check_belongs_to_one_step_and_the_steps_keep_the_order() -> None:
    assert [spec.id for spec in CHECK_SPECS] == list(CHECK_IDS)
    shown = [check for step in STEP_IDS for check in step_checks(step)]
    assert shown == list(CHECK_IDS), "a step's checks are contiguous in the procedure's order"
    assert set(NETWORK_CHECKS) < set(CHECK_IDS)


def test_the_rules_accept_every_check_and_no_other(tmp_path: Path) -> None:
    text = (APP.parent / "resources" / "rules.toml").read_text(encoding="utf-8")
    edited = text.replace('STEP_ASK_PUBLIC_ROUTE = ["ports"]', 'STEP_ASK_PUBLIC_ROUTE = ["nope"]')
    assert edited != text
    path = tmp_path / "rules.toml"
    path.write_text(edited, encoding="utf-8")
    try:
        load_rules(str(path))
    except RulesError as exc:
        assert all(check_id in str(exc) for check_id in CHECK_IDS), exc
    else:
        raise AssertionError("an unknown check id in the rules was accepted")


# Lists of steps or checks that are a choice of their own, not the list of checks.
CHOSEN_LISTS = {
    "core/model.py": "the list itself",
    "gui/screenshots.py": "the pages whose details the pictures show open",
}


def test_no_list_of_checks_is_written_out_again_in_app() -> None:
    # Two check ids side by side as string literals ("dns", "ports") is a list of checks.
    ids = "|".join(CHECK_IDS)
    pair = re.compile(rf'"(?:{ids})",\s*"(?:{ids})"')
    found = [
        f"{path.relative_to(APP).as_posix()}:{number}"
        for path in sorted(APP.rglob("*.py"))
        if path.relative_to(APP).as_posix() not in CHOSEN_LISTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pair.search(line)
    ]
    assert found == [], found


def test_each_status_ordering_answers_its_question() -> None:
    # A step with a skipped check beside passed ones never reads as passed.
    assert Status.SKIP.severity > Status.PASS.severity
    assert Status.WARN.severity > Status.SKIP.severity
    # A warning stands better than a check that could not run; a crash as low as a failure.
    assert Status.PASS.standing < Status.WARN.standing < Status.SKIP.standing
    assert Status.FAIL.standing == Status.ERROR.standing
    # Failures' next steps come first, skipped checks' last.
    assert Status.FAIL.urgency == Status.ERROR.urgency < Status.WARN.urgency
    assert Status.SKIP.urgency == max(status.urgency for status in Status)

"""Step 4: the version read on the station's screen against the model's minimum."""

from __future__ import annotations

from dataclasses import replace

from app.core.checks.base import Context, Timer, result, skipped, step
from app.core.evidence import FirmwareEvidence
from app.core.messages import Term
from app.core.model import CheckResult, Status
from app.core.util.versions import EXPECTED_FORM, compare_versions, parse_version

__all__ = ["EXPECTED_FORM", "FirmwareCheck", "compare_versions", "parse_version"]


class FirmwareCheck:
    id = "firmware"
    needs: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        model_text, version_text = ctx.inputs.model, ctx.inputs.firmware
        if not model_text or not version_text:
            asked = (("INPUT_MODEL", model_text), ("INPUT_FIRMWARE", version_text))
            missing = [Term(name) for name, value in asked if not value]
            return skipped(self.id, Term("SKIP_NOT_GIVEN", inputs=missing))
        evidence = FirmwareEvidence(model_text, version_text)
        models = [rule.name for rule in ctx.rules.firmware.values()]
        rule = ctx.rules.model_for(model_text)
        if rule is None:
            return result(
                self.id,
                Status.FAIL,
                "FIRMWARE_UNKNOWN_MODEL",
                timer,
                evidence=evidence,
                steps=(step("STEP_CHOOSE_MODEL", models=models),),
                model=model_text,
                models=models,
            )
        evidence = replace(evidence, model=rule.model, minimum=rule.minimum)
        version = parse_version(version_text)
        if version is None:
            return result(
                self.id,
                Status.FAIL,
                "FIRMWARE_INVALID",
                timer,
                evidence=evidence,
                steps=(step("STEP_ENTER_FIRMWARE_AGAIN", form=EXPECTED_FORM),),
                version=version_text,
                form=EXPECTED_FORM,
            )
        minimum = parse_version(rule.minimum)
        assert minimum is not None  # the rules loader read it with this very parser
        # As the station's screen shows it (2024.03.00.428, not 2024.3.0.428): what the
        # technician reads back from the report must match what they read on the station.
        shown = version_text.strip()
        evidence = replace(evidence, version=shown)
        if compare_versions(version, minimum) < 0:
            return result(
                self.id,
                Status.FAIL,
                "FIRMWARE_TOO_OLD",
                timer,
                evidence=evidence,
                steps=(
                    step(
                        "STEP_CONTACT_CHARGEPOINT_FIRMWARE", model=rule.name, minimum=rule.minimum
                    ),
                ),
                model=rule.name,
                version=shown,
                minimum=rule.minimum,
            )
        return result(
            self.id,
            Status.PASS,
            "FIRMWARE_OK",
            timer,
            evidence=evidence,
            model=rule.name,
            version=shown,
            minimum=rule.minimum,
        )

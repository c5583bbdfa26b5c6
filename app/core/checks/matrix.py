"""Step 5: the station's Network-signal readings, read through the guide's matrix.

The matrix gives the meaning and the possible causes; the laptop's own results put the causes
in order: a cause whose laptop check failed comes first, one the laptop ruled out comes last.
A warning proves nothing either way (a laptop clock off by minutes says nothing about the
firewall), so it leaves its cause where an unchecked one stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from app.core.checks.base import Context, Timer, ports_text, result, skipped, step
from app.core.checks.laptop import LaptopCheck
from app.core.evidence import MatrixEvidence, RankedCause
from app.core.inputs import READINGS, missing_readings
from app.core.messages import Term
from app.core.model import NETWORK_CHECKS, CheckResult, NextStep, Status

# (reading, value) pairs that cannot be seen together on a working station's page.
_CONTRADICTIONS = (
    (("link", "down"), ("vpn", "connected")),
    (("link", "down"), ("cloud", "connected")),
    (("vpn", "disconnected"), ("cloud", "connected")),
)


def contradictions(readings: dict[str, str]) -> list[str]:
    return [
        f"{a}={va} + {b}={vb}"
        for (a, va), (b, vb) in _CONTRADICTIONS
        if readings.get(a) == va and readings.get(b) == vb
    ]


class MatrixCheck:
    id = "matrix"
    needs: tuple[str, ...] = ()
    after = NETWORK_CHECKS  # read for the ranking, so they run first

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        given = {name: getattr(ctx.inputs, name) for name in READINGS}
        readings = {name: value for name, value in given.items() if value}
        missing = [Term(f"INPUT_{name.upper()}") for name in missing_readings(readings)]
        if missing:
            return skipped(self.id, Term("SKIP_NOT_GIVEN", inputs=missing))
        evidence = MatrixEvidence(readings)

        conflicts = contradictions(readings)
        if conflicts:
            evidence = replace(evidence, contradictions=tuple(conflicts))
            return result(
                self.id,
                Status.FAIL,
                "MATRIX_INCONSISTENT",
                timer,
                evidence=evidence,
                steps=(step("STEP_RECHECK_READINGS"),),
                readings=[f"{k}={v}" for k, v in readings.items()],
            )

        row = next((r for r in ctx.rules.matrix_rows if r.matches(readings)), None)
        if row is None:
            return result(
                self.id,
                Status.FAIL,
                "MATRIX_INCONSISTENT",
                timer,
                evidence=evidence,
                steps=(step("STEP_RECHECK_READINGS"),),
                readings=[f"{k}={v}" for k, v in readings.items()],
            )

        common = {"ports": ports_text(ctx.rules), "endpoint": ctx.endpoint()}
        if row.steps_when_site_passes and site_passed(ctx.results):
            # Nothing the laptop can still find on the site: the station's own steps, in order.
            evidence = replace(evidence, site_passed=True)
            steps = tuple(NextStep(code, common) for code in row.steps_when_site_passes)
            return result(self.id, row.status, row.code, timer, evidence=evidence, steps=steps)
        ranking = [self._weigh(ctx, code) for code in row.steps]
        ranking.sort(key=lambda item: _TIERS.index(item.evidence))
        evidence = replace(evidence, ranking=tuple(ranking))
        steps = tuple(NextStep(item.step, common) for item in ranking)
        return result(self.id, row.status, row.code, timer, evidence=evidence, steps=steps)

    def _weigh(self, ctx: Context, code: str) -> RankedCause:
        """How the laptop's results bear on one cause: implicated (a check failed), cleared
        (every check passed) or unknown (not run, skipped, or only a warning)."""
        checks = ctx.rules.matrix_evidence.get(code, ())
        seen = [ctx.results[c] for c in checks if c in ctx.results]
        if any(r.status in (Status.FAIL, Status.ERROR) for r in seen):
            weight = "implicated"
        elif checks and len(seen) == len(checks) and all(r.status == Status.PASS for r in seen):
            weight = "cleared"
        else:
            weight = "unknown"
        return RankedCause(code, tuple(checks), weight, {r.id: r.code for r in seen})


_TIERS = ("implicated", "unknown", "cleared")


def site_passed(results: Mapping[str, CheckResult]) -> bool:
    """Every laptop network check ran and passed: the site is as the station needs it. The
    laptop's own proxy or VPN (a warning of the `laptop` check) says nothing of the site."""
    return all(
        check_id in results
        and (
            results[check_id].status == Status.PASS
            or (check_id == LaptopCheck.id and results[check_id].status == Status.WARN)
        )
        for check_id in NETWORK_CHECKS
    )

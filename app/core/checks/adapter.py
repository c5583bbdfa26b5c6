"""Step 1: the wired adapter has a link, a real IPv4 address, a mask and a default gateway."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from typing import Any

from app.core.checks.base import Context, Timer, result, step
from app.core.evidence import AdapterEvidence, AdapterSummary
from app.core.messages import Term
from app.core.model import CheckResult, NextStep, Status
from app.core.platform import AdapterInfo, AdapterKind, UnsupportedPlatform
from app.core.platform.base import LinkHealth, Route
from app.core.probes.sockets import interface_binding_error


def pick_adapter(adapters: list[AdapterInfo], wanted: str | None) -> AdapterInfo | None:
    """The one named `wanted`, else the wired adapter most likely to be on the station's cable,
    else the one adapter that could only be it (`fallback_adapter`)."""
    if wanted:
        return next((a for a in adapters if a.matches(wanted)), None)
    wired = [a for a in adapters if a.kind == AdapterKind.WIRED]

    def readiness(adapter: AdapterInfo) -> tuple[bool, bool, bool, bool]:
        usable = adapter.usable_ipv4()
        return (
            bool(adapter.link_up),
            usable is not None and not usable.self_assigned,
            bool(adapter.gateways),
            bool(adapter.ipv4),
        )

    if not wired:
        return fallback_adapter(adapters)
    return max(wired, key=readiness, default=None)


NEVER_THE_CABLE = frozenset({AdapterKind.WIRELESS, AdapterKind.LOOPBACK, AdapterKind.TUNNEL})
"""Kinds that cannot be the station's cable, whatever they are connected to."""


def fallback_adapter(adapters: list[AdapterInfo]) -> AdapterInfo | None:
    """With no adapter the system calls wired, the one adapter that may still be on the
    station's cable (a virtual machine's or container's adapter, a bridge, a Hyper-V switch):
    neither wireless, loopback nor a tunnel, with a link, a real IPv4 address and a default
    gateway. None when there is no such adapter or more than one: guessing between two would
    test a network the technician did not plug in."""
    candidates = [
        a
        for a in adapters
        if a.kind not in NEVER_THE_CABLE
        and a.link_up is True
        and (address := a.usable_ipv4()) is not None
        and not address.self_assigned
        and a.gateways
    ]
    return candidates[0] if len(candidates) == 1 else None


def seen_adapters(adapters: list[AdapterInfo]) -> list[Term]:
    """Each adapter of the laptop as the words name it: name, kind, link and IPv4 address."""
    return [
        Term(
            "SEEN_ADAPTER",
            adapter=a.friendly_name or a.name,
            kind=Term(f"KIND_{a.kind.name}"),
            link=Term(
                "VALUE_UNKNOWN"
                if a.link_up is None
                else ("VALUE_LINK_UP" if a.link_up else "VALUE_LINK_DOWN")
            ),
            ipv4=", ".join(address.address for address in a.ipv4) or "-",
        )
        for a in adapters
        if a.kind != AdapterKind.LOOPBACK
    ]


def route_holder(adapters: list[AdapterInfo], tested: AdapterInfo) -> AdapterInfo | None:
    """Another connected adapter whose default route wins over the tested one's."""
    mine = tested.default_route_metric
    rivals = [
        a
        for a in adapters
        if a.name != tested.name and a.link_up is not False and a.default_route_metric is not None
    ]
    best = min(rivals, key=lambda a: a.default_route_metric or 0, default=None)
    if best is None or (mine is not None and mine <= (best.default_route_metric or 0)):
        return None
    return best


def link_problems(
    adapter: AdapterInfo, slowest_mbps: int, end: LinkHealth | None = None
) -> list[Term]:
    """What is wrong with the cable, in the words of the result: a wired port at `slowest_mbps`
    or slower, half duplex, or error counters that rose between the start (the adapter's
    link) and `end`."""
    start = adapter.link
    if start is None:
        return []
    problems = []
    if (
        adapter.kind == AdapterKind.WIRED
        and start.speed_mbps is not None
        and 0 < start.speed_mbps <= slowest_mbps
    ):
        problems.append(Term("LINK_SLOW", speed=start.speed_mbps))
    if start.duplex == "half":
        problems.append(Term("LINK_HALF_DUPLEX"))
    if end is not None:
        rose = sum(
            max(0, (after or 0) - (before or 0))
            for before, after in (
                (start.rx_errors, end.rx_errors),
                (start.tx_errors, end.tx_errors),
            )
            if before is not None and after is not None
        )
        if rose:
            problems.append(Term("LINK_ERRORS_ROSE", errors=rose))
    return problems


def _degraded(
    check_id: str,
    name: str,
    problems: list[Term],
    timer: Timer,
    evidence: AdapterEvidence,
    binding: Any = None,
) -> CheckResult:
    evidence = replace(evidence, link_problems=tuple(problem.name for problem in problems))
    return result(
        check_id,
        Status.WARN,
        "ADAPTER_LINK_DEGRADED",
        timer,
        evidence=evidence,
        steps=(step("STEP_CHECK_CABLE_QUALITY", name=name), *not_tied(binding)),
        name=name,
        problems=problems,
        binding=binding,
    )


class AdapterCheck:
    id = "adapter"
    needs: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        try:
            adapters = ctx.list_adapters()
        except UnsupportedPlatform as unsupported:
            return result(
                self.id,
                Status.FAIL,
                "ADAPTER_UNSUPPORTED_PLATFORM",
                timer,
                evidence=AdapterEvidence((), system=unsupported.system),
                steps=(step("STEP_USE_SUPPORTED_LAPTOP"),),
                system=unsupported.system,
            )
        # Other adapters are named, not described: their MAC addresses stay private.
        evidence = AdapterEvidence(tuple(AdapterSummary.of(a) for a in adapters))
        chosen = pick_adapter(adapters, ctx.inputs.interface)
        if chosen is None:
            return self._not_found(ctx.inputs.interface, adapters, evidence, timer)
        evidence = replace(evidence, adapter=chosen)
        name = chosen.friendly_name
        confirmed = bool(ctx.inputs.interface) or chosen.kind == AdapterKind.WIRED

        if chosen.link_up is False:
            return result(
                self.id,
                Status.FAIL,
                "ADAPTER_NO_LINK",
                timer,
                evidence=evidence,
                steps=(step("STEP_PLUG_CABLE", name=name),),
                name=name,
            )
        address = chosen.usable_ipv4()
        if address is None:
            return result(
                self.id,
                Status.FAIL,
                "ADAPTER_NO_IPV4",
                timer,
                evidence=evidence,
                steps=(step("STEP_ASK_DHCP", name=name),),
                name=name,
            )
        if address.self_assigned:
            return result(
                self.id,
                Status.FAIL,
                "ADAPTER_SELF_ASSIGNED",
                timer,
                evidence=evidence,
                steps=(step("STEP_ASK_DHCP", name=name),),
                name=name,
                address=address.address,
            )
        if not chosen.gateways:
            return result(
                self.id,
                Status.FAIL,
                "ADAPTER_NO_GATEWAY",
                timer,
                evidence=evidence,
                steps=(step("STEP_ASK_GATEWAY", name=name),),
                name=name,
                address=address.address,
            )

        route, binding = tested_route(chosen, address.address)
        evidence = replace(
            evidence,
            source_address=address.address,
            route=route,
            interface_binding_error=None if route.interface_bound else binding.params.get("error"),
        )
        other = route_holder(adapters, chosen)
        if other is not None:
            evidence = replace(evidence, default_route_adapter=other.name)
        if not confirmed:
            return self._unconfirmed(chosen, adapters, evidence, timer, binding)
        if other is not None:
            evidence = replace(evidence, default_route_adapter=other.name)
            return result(
                self.id,
                Status.WARN,
                "ADAPTER_OTHER_ROUTE",
                timer,
                evidence=evidence,
                # Tied to the wired adapter, the probes never took the other route.
                steps=()
                if route.interface_bound
                else (step("STEP_DISABLE_OTHER_ADAPTERS", other=other.friendly_name),),
                name=name,
                other=other.friendly_name,
                kind=Term(f"KIND_{other.kind.name}"),
                binding=binding,
            )
        problems = link_problems(chosen, ctx.rules.degraded_speed_mbps)
        if problems:
            return _degraded(self.id, name, problems, timer, evidence, binding)
        return result(
            self.id,
            Status.PASS,
            "ADAPTER_OK",
            timer,
            evidence=evidence,
            steps=not_tied(binding),
            name=name,
            address=address.address,
            netmask=address.netmask,
            gateway=chosen.gateways[0],
            binding=binding,
        )

    def _not_found(
        self,
        wanted: str | None,
        adapters: list[AdapterInfo],
        evidence: AdapterEvidence,
        timer: Timer,
    ) -> CheckResult:
        """No adapter to test. Asked for one by name: which names there are (the likeliest
        fix is a typo). Asked for none: what was seen, and how to choose one."""
        seen = seen_adapters(adapters)
        if wanted:
            return result(
                self.id,
                Status.FAIL,
                "ADAPTER_INTERFACE_NOT_FOUND",
                timer,
                evidence=evidence,
                steps=(
                    step(
                        "STEP_PICK_ANOTHER_ADAPTER",
                        wanted=wanted,
                        names=[a.friendly_name or a.name for a in adapters],
                    ),
                ),
                wanted=wanted,
                seen=seen,
            )
        return result(
            self.id,
            Status.FAIL,
            "ADAPTER_NOT_FOUND",
            timer,
            evidence=evidence,
            steps=(step("STEP_CONNECT_WIRED_ADAPTER"),),
            seen=seen or Term("VALUE_NONE"),
        )

    def _unconfirmed(
        self,
        chosen: AdapterInfo,
        adapters: list[AdapterInfo],
        evidence: AdapterEvidence,
        timer: Timer,
        binding: Term,
    ) -> CheckResult:
        """The one adapter that could be on the station's cable, tested though the system does
        not call it wired: a warning, so the checks still run, that says how to choose another.
        """
        others = [
            a.friendly_name or a.name
            for a in adapters
            if a.name != chosen.name and a.kind != AdapterKind.LOOPBACK
        ]
        address = chosen.usable_ipv4()
        return result(
            self.id,
            Status.WARN,
            "ADAPTER_UNCONFIRMED",
            timer,
            evidence=evidence,
            steps=(
                step(
                    "STEP_CONFIRM_ADAPTER",
                    name=chosen.friendly_name,
                    names=others or Term("VALUE_NONE"),
                ),
                *not_tied(binding),
            ),
            name=chosen.friendly_name,
            kind=Term(f"KIND_{chosen.kind.name}"),
            address=address.address if address else "",
            gateway=chosen.gateways[0],
            binding=binding,
        )

    def closing(self, ctx: Context, first: CheckResult) -> CheckResult | None:
        """The link read again once the run's traffic has passed: error counters that rose
        since the start make the result ADAPTER_LINK_DEGRADED. None when nothing changes
        (the adapter did not pass, its counters are unknown, or none rose)."""
        found = first.evidence_as(AdapterEvidence)
        if first.code not in ("ADAPTER_OK", "ADAPTER_LINK_DEGRADED") or found is None:
            return None
        start = found.adapter
        if start is None or start.link is None:
            return None
        now = next((a for a in ctx.list_adapters() if a.name == start.name), None)
        if now is None or now.link is None:
            return None
        evidence = replace(found, link_end=now.link)
        problems = link_problems(start, ctx.rules.degraded_speed_mbps, now.link)
        if not any(problem.name == "LINK_ERRORS_ROSE" for problem in problems):
            return replace(first, evidence=evidence)
        timer = Timer()
        degraded = _degraded(
            self.id,
            start.friendly_name,
            problems,
            timer,
            evidence,
            first.params.get("binding"),
        )
        return replace(degraded, duration_ms=first.duration_ms)


def not_tied(binding: Any) -> tuple[NextStep, ...]:
    """The step that says, once, that the probes could not be tied to the adapter."""
    if isinstance(binding, Term) and binding.name == "BINDING_ADDRESS_ONLY":
        return (step("STEP_TESTS_NOT_TIED", **binding.params),)
    return ()


def tested_route(adapter: AdapterInfo, address: str) -> tuple[Route, Term]:
    """The route every probe takes, and the sentence that says how far the system let it be
    tied to the adapter: said once here, so each probe need not say it again."""
    route = Route(source=address, interface=adapter.name, index=adapter.index)
    error = interface_binding_error(route)
    if error is None:
        return route, Term("BINDING_INTERFACE", adapter=adapter.friendly_name)
    return dataclasses.replace(route, interface_bound=False), Term(
        "BINDING_ADDRESS_ONLY", adapter=adapter.friendly_name, address=address, error=error
    )

"""HTTPS: a trusted certificate for the endpoint, or a firewall inspecting the traffic.

A failed handshake says why, and the why picks the next step: only a cut or silent handshake
points at the firewall; a certificate out of its dates points at the laptop's clock, one for
another name at DNS rewriting, and an unreadable trust store at the laptop itself. A handshake
that opened and then heard nothing (TLS_STALLED) is followed, a few seconds more, by echoes
looking for a path-MTU black hole (TLS_PATH_MTU): the usual cause on DSL and PPPoE sites.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.checks.base import Context, Timer, result, skipped, step
from app.core.evidence import CertificateFacts, PathMtu, TlsEvidence
from app.core.messages import Term, number
from app.core.model import CheckResult, NextStep, Status
from app.core.probes.path_mtu import probe_path_mtu
from app.core.probes.tls import TlsFailure, TlsOutcome, TlsReport, handshake, trust_store


class TlsCheck:
    id = "tls"
    needs = ("dns",)
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        host = ctx.endpoint()
        addresses = ctx.addresses()
        port = ctx.rules.https_port
        address = addresses[0]
        route = ctx.route()
        # The connect is bounded like any port probe, so a dropped HTTPS port costs no more time.
        report = handshake(
            address,
            port,
            host,
            ctx.timeout("tcp"),
            ctx.timeout("tls"),
            route,
            ctx.cancel,
        )
        cert = report.certificate
        evidence = TlsEvidence(
            host=host,
            address=address,
            port=port,
            outcome=report.outcome.value,
            route=route,
            tls_version=report.version,
            error=report.error,
            verify_code=report.verify_code,
            trust_store=trust_store(),
            failure=report.failure.value if report.failure else None,
            certificate=None
            if cert is None
            else CertificateFacts(cert.subject, cert.issuer, cert.not_before, cert.not_after),
            trust_store_error=report.error if report.failure == TlsFailure.TRUST_STORE else None,
        )
        ctx.report(self.id, evidence)
        issuer = cert.issuer_name() if cert else "?"
        match report.outcome:
            case TlsOutcome.CANCELLED:
                return skipped(self.id, Term("SKIP_CANCELLED"), evidence)
            case TlsOutcome.NOT_CONNECTED:
                return skipped(
                    self.id,
                    Term(
                        "SKIP_PORT_CLOSED",
                        port=port,
                        state=Term(f"PORT_STATE_{report.port_state}".upper()),
                    ),
                    evidence,
                )
            case TlsOutcome.TRUSTED:
                return result(
                    self.id,
                    Status.PASS,
                    "TLS_OK",
                    timer,
                    evidence=evidence,
                    host=host,
                    issuer=issuer,
                    expires=cert.not_after[:10] if cert else "?",
                )
            case TlsOutcome.UNTRUSTED:
                return result(
                    self.id,
                    Status.FAIL,
                    "TLS_INTERCEPTED",
                    timer,
                    evidence=evidence,
                    steps=(step("STEP_ASK_TLS_INSPECTION_BYPASS", issuer=issuer),),
                    host=host,
                    issuer=issuer,
                )
            case TlsOutcome.FAILED if report.failure == TlsFailure.TIMEOUT:
                return self._stalled(ctx, timer, evidence)
            case _:
                return result(
                    self.id,
                    Status.FAIL,
                    "TLS_FAILED",
                    timer,
                    evidence=evidence,
                    steps=(_failed_step(report, host, port),),
                    host=host,
                    error=report.error or "",
                )

    def _stalled(self, ctx: Context, timer: Timer, evidence: TlsEvidence) -> CheckResult:
        """TCP opened and the ClientHello got no answer: does the path drop large packets?"""
        path = probe_path_mtu(
            evidence.address,
            ctx.rules.echo_sizes,
            ctx.timeout("path_mtu"),
            evidence.route,
            ctx.cancel,
        )
        evidence = replace(evidence, path_mtu=path)
        ctx.report(self.id, evidence)
        if ctx.cancel.is_set():
            return skipped(self.id, Term("SKIP_CANCELLED"), evidence)
        waited = ctx.timeout("tls")
        if path.black_hole:
            largest, full = path.largest_answered, path.full_size
            return result(
                self.id,
                Status.FAIL,
                "TLS_PATH_MTU",
                timer,
                evidence=evidence,
                steps=(step("STEP_FIX_PATH_MTU", largest=largest, full=full),),
                host=evidence.host,
                address=evidence.address,
                largest=largest,
                full=full,
                seconds=number(waited, "g", "s"),
            )
        return result(
            self.id,
            Status.FAIL,
            "TLS_STALLED",
            timer,
            evidence=evidence,
            steps=(step("STEP_ASK_FIREWALL_RULES", ports=f"TCP {evidence.port}"),),
            host=evidence.host,
            port=evidence.port,
            seconds=number(waited, "g", "s"),
            path=_path_term(path),
        )


def _path_term(path: PathMtu) -> Term:
    """What the echoes said, for the words of a stall that is not a path-MTU black hole."""
    if path.method is None:
        return Term("PATH_MTU_NOT_TESTED", reason=path.error or "?")
    if path.largest_answered is None:
        return Term("PATH_MTU_NO_ECHO")
    return Term("PATH_MTU_FULL_SIZE_PASSES", full=path.full_size)


def _failed_step(report: TlsReport, host: str, port: int) -> NextStep:
    match report.failure:
        case TlsFailure.TRUST_STORE:
            return step("STEP_CHECK_TRUST_STORE", file=trust_store())
        case TlsFailure.DATES:
            return step("STEP_SET_LAPTOP_CLOCK")
        case TlsFailure.HOSTNAME:
            return step("STEP_CHECK_DNS_REWRITE", endpoint=host)
        case TlsFailure.RESET | TlsFailure.TIMEOUT:
            return step("STEP_ASK_FIREWALL_RULES", ports=f"TCP {port}")
        case _:
            return step("STEP_ASK_HTTPS_FILTER", host=host)

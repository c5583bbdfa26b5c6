"""HTTPS: a trusted certificate for the endpoint, or a firewall inspecting the traffic.

A failed handshake says why, and the why picks the next step: only a cut or silent handshake
points at the firewall; a certificate out of its dates points at the laptop's clock, one for
another name at DNS rewriting, and an unreadable trust store at the laptop itself.
"""

from __future__ import annotations

from app.core.checks.base import Context, Timer, result, skipped, step
from app.core.evidence import CertificateFacts, TlsEvidence
from app.core.messages import Term
from app.core.model import CheckResult, NextStep, Status
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

"""Step 1: what the laptop has that the station does not, a proxy or a VPN.

A laptop whose browser works through a system proxy or a VPN client proves nothing for the
station, which has neither. This check sends nothing: it reads the laptop's proxy settings
and its adapter list, and says what it found, so the technician does not take the laptop's
Internet for the site's. The tool's own probes never use either: they are tied to the tested
adapter (`probes/sockets.py`) and never read a proxy setting.
"""

from __future__ import annotations

from app.core.checks.base import Context, Timer, result, step
from app.core.evidence import LaptopEvidence, LaptopVpn
from app.core.messages import Term
from app.core.model import CheckResult, NextStep, Status
from app.core.platform import AdapterInfo, AdapterKind, ProxySetting

PROXY_SOURCES = {
    "proxyserver": "PROXY_SOURCE_SERVER",
    "autoconfigurl": "PROXY_SOURCE_SCRIPT",
    "autodetect": "PROXY_SOURCE_AUTODETECT",
    "winhttp": "PROXY_SOURCE_WINHTTP",
}
"""Where a proxy was read, as the words name it; an environment variable is named as it is."""


def vpn_adapters(adapters: list[AdapterInfo]) -> list[LaptopVpn]:
    """The VPN or tunnel adapters that are up and hold a default route or DNS servers of
    their own. DNS servers every other adapter has too are the system's, not the tunnel's
    (Linux gives each adapter the system's resolv.conf)."""
    others = {
        server
        for a in adapters
        if a.kind not in (AdapterKind.TUNNEL, AdapterKind.LOOPBACK)
        for server in a.dns_servers
    }
    found = []
    for adapter in adapters:
        if adapter.kind != AdapterKind.TUNNEL or adapter.link_up is False:
            continue
        route = adapter.default_route_metric is not None or bool(adapter.gateways)
        own_dns = tuple(s for s in adapter.dns_servers if s not in others)
        if route or own_dns:
            found.append(LaptopVpn(adapter.friendly_name or adapter.name, route, own_dns))
    return found


def proxy_term(proxy: ProxySetting) -> Term:
    source = PROXY_SOURCES.get(proxy.source.lower())
    where = Term(source) if source else Term("PROXY_SOURCE_VARIABLE", variable=proxy.source)
    if not proxy.value:
        return where
    return Term("PROXY_SETTING", source=where, value=proxy.value)


class LaptopCheck:
    id = "laptop"
    needs: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        proxies = tuple(ctx.list_proxies())
        vpns = tuple(vpn_adapters(ctx.list_adapters()))
        evidence = LaptopEvidence(proxies, vpns)
        steps: list[NextStep] = []
        if vpns:
            steps.append(step("STEP_LAPTOP_VPN", vpns=[v.name for v in vpns]))
        if proxies:
            steps.append(step("STEP_LAPTOP_PROXY", proxies=[proxy_term(p) for p in proxies]))
        params = {
            "vpns": [v.name for v in vpns],
            "proxies": [proxy_term(p) for p in proxies],
        }
        if vpns:
            code = "LAPTOP_VPN"
        elif proxies:
            code = "LAPTOP_PROXY"
        else:
            return result(self.id, Status.PASS, "LAPTOP_OK", timer, evidence=evidence)
        return result(
            self.id, Status.WARN, code, timer, evidence=evidence, steps=tuple(steps), **params
        )

"""Host names and addresses as the rules file and the command line accept them: one rule for
both, in a module that imports nothing heavy (the rules load before any probe)."""

from __future__ import annotations

import ipaddress
import re

_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
HOST_NAME = re.compile(rf"(?=.{{1,253}}\.?\Z){_LABEL}(?:\.{_LABEL})*\.?\Z")
"""A host name as DNS allows it: labels of 1 to 63 letters, digits, `-` (not first or last)
or `_`, at most 253 characters in all, and a final dot (the root) allowed. Match it whole
(`fullmatch`): `$` would let a trailing line feed through."""

_PORT = re.compile(r"[0-9]{1,5}")


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def is_host_name(text: str) -> bool:
    return HOST_NAME.fullmatch(text) is not None


def is_host(text: str) -> bool:
    """A host name or an IP address."""
    return is_ip_address(text) or is_host_name(text)


def without_root(name: str) -> str:
    """`vpn.example.` → `vpn.example`: the same name, as TLS and people write it (a
    certificate never names the root, so a final dot would look like another name)."""
    return name[:-1] if name.endswith(".") and not is_ip_address(name) else name


def parse_server(text: str, default_port: int = 53) -> tuple[str, int]:
    """`1.2.3.4`, `1.2.3.4:5353`, `[2001:db8::1]:53` or `2001:db8::1` → (address, port).

    Raises ValueError for anything else: an unclosed or misplaced bracket, brackets around
    something other than an IPv6 address, a port that is not 1 to 5 digits."""
    text = text.strip()
    if text.startswith("["):
        host, closed, rest = text[1:].partition("]")
        if not closed or "[" in host or not _is_ipv6(host):
            raise ValueError(f"not [IPv6 address] or [IPv6 address]:port: {text!r}")
        if not rest:
            return host, default_port
        if not rest.startswith(":"):
            raise ValueError(f"not [IPv6 address]:port: {text!r}")
        return host, _port(rest[1:])
    if "[" in text or "]" in text:
        raise ValueError(f"a bracket out of place: {text!r}")
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(port)
    return text, default_port


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _port(text: str) -> int:
    if not _PORT.fullmatch(text):
        raise ValueError(f"not a port number: {text!r}")
    return int(text)

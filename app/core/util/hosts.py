"""Host names and addresses as the rules file and the command line accept them: one rule for
both, in a module that imports nothing heavy (the rules load before any probe)."""

from __future__ import annotations

import ipaddress
import re

HOST_NAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?\.?$")
"""A host name as the rules file and the command line accept it."""


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def is_host(text: str) -> bool:
    """A host name or an IP address."""
    return is_ip_address(text) or bool(HOST_NAME.match(text))


def parse_server(text: str, default_port: int = 53) -> tuple[str, int]:
    """`1.2.3.4`, `1.2.3.4:5353`, `[2001:db8::1]:53` or `2001:db8::1` → (address, port)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else default_port
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, int(port)
    return text, default_port

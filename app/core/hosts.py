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

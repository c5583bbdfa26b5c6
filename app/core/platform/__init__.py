"""Adapter facts from the operating system, behind one function."""

from __future__ import annotations

import sys

from app.core.platform.base import AdapterInfo, AdapterKind, IPv4Address

__all__ = ["AdapterInfo", "AdapterKind", "IPv4Address", "list_adapters"]


def list_adapters() -> list[AdapterInfo]:
    """Every network adapter of this machine, in the system's order."""
    if sys.platform == "win32":
        from app.core.platform import windows

        return windows.list_adapters()
    from app.core.platform import linux

    return linux.list_adapters()

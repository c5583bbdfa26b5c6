"""Adapter facts from the operating system, behind one function: Windows and Linux are read;
any other system (macOS, the BSDs) is said to be unsupported, never taken for a machine
without a wired adapter."""

from __future__ import annotations

import sys

from app.core.platform.base import AdapterInfo, AdapterKind, IPv4Address, ProxySetting

__all__ = [
    "AdapterInfo",
    "AdapterKind",
    "IPv4Address",
    "ProxySetting",
    "UnsupportedPlatform",
    "list_adapters",
    "proxy_settings",
    "system_name",
]

_NAMES = {"darwin": "macOS", "win32": "Windows", "linux": "Linux", "cygwin": "Cygwin"}


def system_name(platform: str | None = None) -> str:
    """The system as people call it (`macOS`, not `darwin`)."""
    platform = platform or sys.platform
    return next((name for key, name in _NAMES.items() if platform.startswith(key)), platform)


class UnsupportedPlatform(OSError):
    """This system's adapters cannot be read: the checks cannot test the station's cable."""

    def __init__(self, platform: str) -> None:
        self.system = system_name(platform)
        super().__init__(f"network adapters cannot be read on {self.system}")


def list_adapters() -> list[AdapterInfo]:
    """Every network adapter of this machine, in the system's order.

    Raises UnsupportedPlatform on a system other than Windows and Linux."""
    if sys.platform == "win32":
        from app.core.platform import windows

        return windows.list_adapters()
    if sys.platform.startswith("linux"):
        from app.core.platform import linux

        return linux.list_adapters()
    raise UnsupportedPlatform(sys.platform)


def proxy_settings() -> list[ProxySetting]:
    """The proxies this laptop's own programs use (none of which the station has): Windows'
    Internet Settings and WinHTTP, the environment's `*_proxy` variables elsewhere."""
    if sys.platform == "win32":
        from app.core.platform import windows_proxy

        return windows_proxy.read_proxy_settings()
    from app.core.platform import linux

    return linux.proxy_settings()

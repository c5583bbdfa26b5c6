"""The laptop's proxies on Windows, read from the registry through `winreg`.

Why not `netsh winhttp show proxy` or `reg query`: their output is translated and laid out
for people; the registry values are not. Two places matter, both per machine state the
station does not share:

- the user's Internet Settings (`HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet
  Settings`), what browsers and most programs use: `ProxyEnable` (REG_DWORD, 1 when the proxy
  server is on), `ProxyServer` (REG_SZ, `host:port` or `http=host:port;https=host:port`),
  `AutoConfigURL` (REG_SZ, a PAC script's address), and "Automatically detect settings", kept
  only as a flag of the `Connections\\DefaultConnectionSettings` blob;
- WinHTTP's own proxy, for services (`netsh winhttp set proxy` writes it):
  `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections`
  `WinHttpSettings`, a blob of the same layout without the script address.

Both blobs are little-endian:

    offset 0   DWORD  version or structure size (0x46, 0x3C; 0x18 for WinHttpSettings)
    offset 4   DWORD  a counter Windows raises at each change
    offset 8   DWORD  flags: 0x01 direct, 0x02 proxy server, 0x04 PAC script (AutoConfigURL),
                      0x08 automatically detect settings (WPAD)
    offset 12  DWORD  length of the proxy server string, then the string (ANSI, no NUL)
               DWORD  length of the bypass list, then the list
               DWORD  length of the PAC script address, then the address (absent in
                      WinHttpSettings)
               …      the rest (the last detected WPAD address, …) is not read

The parsers take the recorded bytes and integers, so they are tested on any system; only
`read_proxy_settings` needs Windows, and it takes the key paths, so a test can point it at
keys it wrote itself.
"""

from __future__ import annotations

import importlib
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.platform.base import ProxySetting, without_credentials

INTERNET_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"
CONNECTIONS = INTERNET_SETTINGS + r"\Connections"
WINHTTP_KEY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections"

PROXY_TYPE_DIRECT = 0x01
PROXY_TYPE_PROXY = 0x02
PROXY_TYPE_AUTO_PROXY_URL = 0x04
PROXY_TYPE_AUTO_DETECT = 0x08


@dataclass(frozen=True)
class ConnectionSettings:
    """What a DefaultConnectionSettings or WinHttpSettings blob says."""

    flags: int
    proxy: str
    bypass: str
    script: str


def parse_connection_settings(blob: bytes) -> ConnectionSettings | None:
    """The flags and strings of a connection-settings blob; None for one too short or whose
    lengths run past its end (a damaged value is no proxy, never a crash)."""
    if len(blob) < 12:
        return None
    (flags,) = struct.unpack_from("<I", blob, 8)
    strings: list[str] = []
    offset = 12
    for _ in range(3):
        if offset + 4 > len(blob):
            break
        (length,) = struct.unpack_from("<I", blob, offset)
        offset += 4
        if offset + length > len(blob):
            return None
        # Host names and URLs: ASCII (an international name is in its xn-- form).
        strings.append(blob[offset : offset + length].decode("ascii", errors="replace"))
        offset += length
    strings += [""] * (3 - len(strings))
    return ConnectionSettings(flags, strings[0].strip("\0"), strings[1], strings[2].strip("\0"))


def proxy_settings_from(
    internet: Mapping[str, object], connection: bytes | None, winhttp: bytes | None
) -> list[ProxySetting]:
    """The proxies the recorded values set: `internet` holds the Internet Settings values read
    (`ProxyEnable` an int, `ProxyServer` and `AutoConfigURL` strings), `connection` the
    DefaultConnectionSettings blob and `winhttp` the WinHttpSettings blob, None when absent."""
    found: list[ProxySetting] = []
    enabled = internet.get("ProxyEnable")
    server = internet.get("ProxyServer")
    if isinstance(enabled, int) and enabled and isinstance(server, str) and server.strip():
        found.append(ProxySetting("ProxyServer", without_credentials(server.strip())))
    script = internet.get("AutoConfigURL")
    if isinstance(script, str) and script.strip():
        found.append(ProxySetting("AutoConfigURL", without_credentials(script.strip())))
    settings = parse_connection_settings(connection) if connection else None
    if settings is not None and settings.flags & PROXY_TYPE_AUTO_DETECT:
        found.append(ProxySetting("AutoDetect", ""))
    machine = parse_connection_settings(winhttp) if winhttp else None
    if machine is not None and machine.flags & PROXY_TYPE_PROXY and machine.proxy:
        found.append(ProxySetting("WinHTTP", without_credentials(machine.proxy)))
    return found


def read_proxy_settings(
    user: tuple[Any, str] | None = None, machine: tuple[Any, str] | None = None
) -> list[ProxySetting]:
    """The proxies of this Windows user and machine. `user` is the Internet Settings key and
    `machine` the key holding WinHttpSettings, as `(root, path)`; by default the real ones."""
    # Windows only; looked up at run time, so the type checker on other systems lets it be.
    winreg: Any = importlib.import_module("winreg")

    user = user or (winreg.HKEY_CURRENT_USER, INTERNET_SETTINGS)
    machine = machine or (winreg.HKEY_LOCAL_MACHINE, WINHTTP_KEY)

    def values(root: Any, path: str, *names: str) -> dict[str, object]:
        found: dict[str, object] = {}
        try:
            key = winreg.OpenKey(root, path)
        except OSError:
            return found
        with key:
            for name in names:
                try:
                    found[name] = winreg.QueryValueEx(key, name)[0]
                except OSError:
                    continue
        return found

    internet = values(*user, "ProxyEnable", "ProxyServer", "AutoConfigURL")
    connection = values(user[0], user[1] + r"\Connections", "DefaultConnectionSettings").get(
        "DefaultConnectionSettings"
    )
    winhttp = values(*machine, "WinHttpSettings").get("WinHttpSettings")
    return proxy_settings_from(
        internet,
        connection if isinstance(connection, bytes) else None,
        winhttp if isinstance(winhttp, bytes) else None,
    )

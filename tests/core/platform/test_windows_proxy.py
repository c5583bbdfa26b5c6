"""Windows' proxy settings from recorded registry values, and read for real where winreg is."""

from __future__ import annotations

import contextlib
import struct
import sys
import uuid

import pytest

from app.core.platform import windows_proxy as wp
from app.core.platform.base import ProxySetting


def blob(flags: int, proxy: str = "", bypass: str = "", script: str | None = "") -> bytes:
    """A DefaultConnectionSettings value as Windows writes it (WinHttpSettings: no script)."""
    data = struct.pack("<III", 0x46, 7, flags)
    for text in (proxy, bypass) + (() if script is None else (script,)):
        data += struct.pack("<I", len(text)) + text.encode("ascii")
    return data + b"\0" * 32  # what follows the strings is not read


# Two values byte for byte in the layouts Windows writes (see the module's docstring):
# "Automatically detect settings" on and nothing else (flags 0x09, every length 0), and
# WinHTTP's direct access, what `netsh winhttp reset proxy` leaves (flags 0x01, 20 bytes).
RECORDED_AUTODETECT = bytes.fromhex(
    "460000000300000009000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000"
)
RECORDED_WINHTTP_DIRECT = bytes.fromhex("1800000000000000010000000000000000000000")


def test_recorded_blobs_are_read() -> None:
    auto = wp.parse_connection_settings(RECORDED_AUTODETECT)
    assert auto is not None and auto.flags == 0x09 and auto.proxy == ""
    direct = wp.parse_connection_settings(RECORDED_WINHTTP_DIRECT)
    assert direct == wp.ConnectionSettings(0x01, "", "", "")
    assert wp.proxy_settings_from({}, RECORDED_AUTODETECT, RECORDED_WINHTTP_DIRECT) == [
        ProxySetting("AutoDetect", "")
    ]


def test_every_source_of_a_proxy_is_found() -> None:
    internet = {
        "ProxyEnable": 1,
        "ProxyServer": "http=proxy.corp.example:8080;https=proxy.corp.example:8443",
        "AutoConfigURL": "http://wpad.corp.example/proxy.pac",
    }
    winhttp = blob(0x03, "tech:s3cret@198.51.100.8:3128", "<local>", script=None)
    assert wp.proxy_settings_from(internet, blob(0x0F), winhttp) == [
        ProxySetting("ProxyServer", "http=proxy.corp.example:8080;https=proxy.corp.example:8443"),
        ProxySetting("AutoConfigURL", "http://wpad.corp.example/proxy.pac"),
        ProxySetting("AutoDetect", ""),
        ProxySetting("WinHTTP", "198.51.100.8:3128"),  # the password stays on the laptop
    ]


@pytest.mark.parametrize(
    ("internet", "connection", "winhttp"),
    [
        # A proxy server typed in but switched off: ProxyEnable 0.
        ({"ProxyEnable": 0, "ProxyServer": "proxy.corp.example:8080"}, None, None),
        ({"ProxyEnable": 1, "ProxyServer": "  "}, blob(0x01), RECORDED_WINHTTP_DIRECT),
        ({"AutoConfigURL": ""}, blob(0x01, "proxy:1"), blob(0x01, "proxy:1", script=None)),
        # Damaged values: too short, or a length that runs past the end.
        ({}, b"\x46\0\0", b"\x18\0\0\0\0\0\0\0\x03\0\0\0\xff\0\0\0ab"),
    ],
)
def test_no_proxy(internet, connection, winhttp) -> None:
    assert wp.proxy_settings_from(internet, connection, winhttp) == []


@pytest.mark.skipif(sys.platform != "win32", reason="reads and writes Windows' registry")
def test_the_registry_is_read_for_real() -> None:
    """Keys written with winreg under a test key of the user's own, read back by the reader
    (the user's real Internet Settings are left alone)."""
    import winreg

    base = rf"Software\StationNetworkCheckTest\{uuid.uuid4()}"
    user_path, machine_path = base + r"\Internet Settings", base + r"\WinHttp"
    root = winreg.HKEY_CURRENT_USER
    try:
        with winreg.CreateKey(root, user_path) as key:
            winreg.SetValueEx(key, "ProxyEnable", 0, winreg.REG_DWORD, 1)
            winreg.SetValueEx(key, "ProxyServer", 0, winreg.REG_SZ, "proxy.corp.example:8080")
        with winreg.CreateKey(root, user_path + r"\Connections") as key:
            winreg.SetValueEx(key, "DefaultConnectionSettings", 0, winreg.REG_BINARY, blob(0x0B))
        with winreg.CreateKey(root, machine_path) as key:
            value = blob(0x03, "198.51.100.8:3128", script=None)
            winreg.SetValueEx(key, "WinHttpSettings", 0, winreg.REG_BINARY, value)
        found = wp.read_proxy_settings((root, user_path), (root, machine_path))
        missing = wp.read_proxy_settings((root, base + r"\none"), (root, base + r"\none"))
    finally:
        for path in (user_path + r"\Connections", user_path, machine_path, base):
            with contextlib.suppress(OSError):
                winreg.DeleteKey(root, path)
    assert found == [
        ProxySetting("ProxyServer", "proxy.corp.example:8080"),
        ProxySetting("AutoDetect", ""),
        ProxySetting("WinHTTP", "198.51.100.8:3128"),
    ]
    assert missing == []

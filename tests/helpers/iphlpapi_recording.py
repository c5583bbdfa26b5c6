"""Recordings of Windows' IP Helper buffers, made by `tools/record-adapters.c`, replayed through
`app/core/platform/windows.py`'s parser on any machine.

A recording holds the three buffers `windows.list_adapters()` reads (GetAdaptersAddresses with
the product's flags, GetIfTable2, GetIpForwardTable2) byte for byte as Windows wrote them, each
pointer as an offset into its buffer. Replaying puts real addresses back; where `wchar_t` is 4
bytes (Linux) the UTF-16 strings the pointers marked as such lead to are re-encoded, since
windows.py reads them through `ctypes.c_wchar_p`, which is the platform's `wchar_t`.

Also the facts of the namespace the Wine lane records in (`WINE_LANE`), and, run as a script by
`.ci/windows-under-wine`, the making of that namespace from the same facts.
"""

from __future__ import annotations

import ctypes
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from app.core.platform import windows as win
from app.core.platform.base import AdapterInfo

MAGIC = b"SNCIPHLP"
FORMAT_VERSION = 1
FIXUP_POINTER = 0
FIXUP_UTF16 = 1
_HEADER = struct.Struct("<8sIIIIII")
_SECTION = struct.Struct("<4sIIIQQ")
_FIXUP = struct.Struct("<QQ")
_POINTER = struct.Struct("<Q")
_MAX_SIZE = 16 * 1024 * 1024


class RecordingError(ValueError):
    """The file is not a recording this reader can replay; the message says what is wrong."""


@dataclass(frozen=True)
class Section:
    """One buffer as Windows filled it, its pointers as offsets, with the call's return code."""

    tag: str
    status: int
    item_size: int
    """sizeof the element (IP_ADAPTER_ADDRESSES_LH, MIB_IF_ROW2...) as the recorder's compiler
    laid it out: windows.py's ctypes declarations must agree."""
    data: bytes
    fixups: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Recording:
    pointer_size: int
    family: int
    flags: int
    sections: dict[str, Section]

    @classmethod
    def read(cls, path: Path) -> Recording:
        blob = path.read_bytes()
        if len(blob) > _MAX_SIZE:
            raise RecordingError(f"{path.name}: larger than any adapter list")
        if len(blob) < _HEADER.size or blob[:8] != MAGIC:
            raise RecordingError(f"{path.name}: not a record-adapters file")
        _, version, pointer_size, family, flags, count, _ = _HEADER.unpack_from(blob)
        if version != FORMAT_VERSION:
            raise RecordingError(
                f"{path.name}: format {version}, this reader knows {FORMAT_VERSION}"
            )
        position = _HEADER.size
        sections: dict[str, Section] = {}
        for _ in range(count):
            if position + _SECTION.size > len(blob):
                raise RecordingError(f"{path.name}: cut short")
            tag, status, item_size, _, size, fixups = _SECTION.unpack_from(blob, position)
            position += _SECTION.size
            end = position + size + fixups * _FIXUP.size
            if end > len(blob):
                raise RecordingError(f"{path.name}: cut short")
            data = blob[position : position + size]
            pairs = tuple(
                _FIXUP.unpack_from(blob, position + size + i * _FIXUP.size) for i in range(fixups)
            )
            for offset, kind in pairs:
                if offset + pointer_size > size or kind not in (FIXUP_POINTER, FIXUP_UTF16):
                    raise RecordingError(f"{path.name}: a fix-up outside its buffer")
                (target,) = _POINTER.unpack_from(data, offset)
                if target >= size:
                    raise RecordingError(f"{path.name}: a pointer outside its buffer")
            name = tag.decode("ascii", errors="replace").strip()
            sections[name] = Section(name, status, item_size, data, pairs)
            position = end
        if position != len(blob):
            raise RecordingError(f"{path.name}: bytes after the last section")
        missing = {"GAA", "IFT2", "FWD2"} - sections.keys()
        if missing:
            raise RecordingError(f"{path.name}: no {', '.join(sorted(missing))} section")
        return cls(pointer_size, family, flags, sections)

    def adapters(self) -> list[AdapterInfo]:
        """What `windows.list_adapters()` returns on the machine the recording was made on."""
        if self.pointer_size != ctypes.sizeof(ctypes.c_void_p):
            raise RecordingError(
                f"recorded with {self.pointer_size}-byte pointers; this Python has "
                f"{ctypes.sizeof(ctypes.c_void_p)}"
            )
        memory = _Memory()
        interfaces = self._table("IFT2", memory, win.MIB_IF_TABLE2)
        routes = self._table("FWD2", memory, win.MIB_IPFORWARD_TABLE2)
        section = self.sections["GAA"]
        if section.status == win.ERROR_NO_DATA:
            return []
        self._succeeded(section)
        first = ctypes.cast(memory.load(section), ctypes.POINTER(win.IP_ADAPTER_ADDRESSES_LH))
        return win.adapters_from_addresses(
            first,
            win.interfaces_from_table(interfaces),
            win.links_from_table(interfaces),
            win.default_route_metrics(routes),
        )

    def _table(self, tag: str, memory: _Memory, table: type[ctypes.Structure]) -> ctypes._Pointer:
        section = self.sections[tag]
        self._succeeded(section)
        return ctypes.cast(memory.load(section), ctypes.POINTER(table))

    @staticmethod
    def _succeeded(section: Section) -> None:
        if section.status != win.ERROR_SUCCESS:
            raise win._windows_error(section.status, section.tag)


class _Memory:
    """The replayed buffers, kept alive as long as the structures read from them."""

    def __init__(self) -> None:
        self._buffers: list[ctypes.Array[ctypes.c_char]] = []

    def load(self, section: Section) -> int:
        """Address of a copy of the buffer with its pointers made real again."""
        data = bytearray(section.data)
        reencode = ctypes.sizeof(ctypes.c_wchar) != 2
        moved: dict[int, int] = {}  # offset of a UTF-16 string -> offset of its copy
        if reencode:
            for offset, kind in section.fixups:
                (target,) = _POINTER.unpack_from(section.data, offset)
                if kind != FIXUP_UTF16 or target in moved:
                    continue
                text = _utf16_at(section.data, target)
                data.extend(b"\0" * (-len(data) % ctypes.sizeof(ctypes.c_wchar)))
                moved[target] = len(data)
                data.extend((text + "\0").encode("utf-32-le"))
        buffer = ctypes.create_string_buffer(bytes(data), len(data))
        self._buffers.append(buffer)
        base = ctypes.addressof(buffer)
        for offset, _ in section.fixups:
            (target,) = _POINTER.unpack_from(section.data, offset)
            _POINTER.pack_into(buffer, offset, base + moved.get(target, target))
        return base


def _utf16_at(data: bytes, start: int) -> str:
    for end in range(start, len(data) - 1, 2):
        if data[end : end + 2] == b"\0\0":
            return data[start:end].decode("utf-16-le")
    raise RecordingError("a UTF-16 string without its end")


# --- The namespace the Wine lane records in: facts known before Windows is asked ---------------


@dataclass(frozen=True)
class KnownAdapter:
    """What the namespace was made with, for one adapter; Wine calls it by its Linux name."""

    name: str
    ipv4: tuple[tuple[str, int], ...]
    mac: str
    peer_mac: str
    """The other end of its veth pair, also inside the namespace (Wine lists it too)."""
    link_up: bool
    gateways: tuple[str, ...] = ()
    dns_servers: tuple[str, ...] | None = None
    """None: not asserted (Wine gives every adapter the system's resolvers)."""


WINE_LANE_DNS = "192.0.2.53"
WINE_LANE = (
    KnownAdapter(
        name="lan0",
        ipv4=(("192.0.2.10", 25),),
        mac="02-00-00-00-02-0A",
        peer_mac="02-00-00-00-01-0A",
        link_up=True,
        gateways=("192.0.2.1",),
        dns_servers=(WINE_LANE_DNS,),
    ),
    # Unplugged: its veth peer stays down (NO-CARRIER). Its name is not ASCII, so that the
    # UTF-16 names are more than ASCII with zeros between.
    KnownAdapter(
        name="réseau1",
        ipv4=(("198.51.100.20", 24),),
        mac="02-00-00-00-02-0B",
        peer_mac="02-00-00-00-01-0B",
        link_up=False,
    ),
)


def _linux_mac(windows_mac: str) -> str:
    return windows_mac.replace("-", ":").lower()


def make_namespace(name: str) -> None:
    """The namespace of `WINE_LANE`: one adapter up with a gateway and a resolver, one unplugged,
    each end of each veth pair inside it, no link to the host."""

    def ip(*args: str) -> None:
        subprocess.run(["ip", "-n", name, *args], check=True)

    subprocess.run(["ip", "netns", "add", name], check=True)
    ip("link", "set", "lo", "up")
    for adapter in WINE_LANE:
        peer = f"{adapter.name[:9]}-peer"
        ip(
            "link",
            "add",
            adapter.name,
            "address",
            _linux_mac(adapter.mac),
            "type",
            "veth",
            "peer",
            "name",
            peer,
            "address",
            _linux_mac(adapter.peer_mac),
        )
        for address, prefix in adapter.ipv4:
            ip("addr", "add", f"{address}/{prefix}", "dev", adapter.name)
        if adapter.link_up:
            ip("link", "set", peer, "up")
        ip("link", "set", adapter.name, "up")
        for gateway in adapter.gateways:
            ip("route", "add", "default", "via", gateway, "dev", adapter.name)
    etc = Path("/etc/netns") / name
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "resolv.conf").write_text(f"nameserver {WINE_LANE_DNS}\n", encoding="ascii")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "make-namespace":
        sys.exit("usage: iphlpapi_recording.py make-namespace NAME")
    make_namespace(sys.argv[2])

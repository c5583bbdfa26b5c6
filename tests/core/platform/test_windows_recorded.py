"""windows.py's parser on buffers that Windows' IP Helper API really wrote, not built by a test.

`fixtures/wine-lane.iphlpapi` was recorded by `tools/record-adapters.c` under Wine, in the
namespace the Wine lane makes from `WINE_LANE` (tests/helpers/iphlpapi_recording.py): the
replay must give back the facts that namespace was made with. On Linux this is also the path
where the UTF-16 strings Windows writes are re-encoded for a 4-byte `wchar_t`; under Windows'
own Python (the lane, windows.yml) they are read as they are. The lane records afresh on every
run and names the new file in SNC_ADAPTER_RECORDING, which is held to the same facts.
"""

from __future__ import annotations

import ctypes
import os
import struct
from pathlib import Path

import pytest
from helpers.iphlpapi_recording import WINE_LANE, Recording, RecordingError

from app.core.platform import windows as win
from app.core.platform.base import AdapterInfo, AdapterKind, IPv4Address

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WINE_LANE_RECORDING = FIXTURES / "wine-lane.iphlpapi"
FRESH_RECORDING = os.environ.get("SNC_ADAPTER_RECORDING", "")

only_64_bit = pytest.mark.skipif(
    ctypes.sizeof(ctypes.c_void_p) != 8, reason="the recordings are of 64-bit Windows"
)


def assert_the_namespaces_facts(adapters: list[AdapterInfo]) -> None:
    by_name = {adapter.friendly_name: adapter for adapter in adapters}
    expected_names = {"lo"} | {
        name for known in WINE_LANE for name in (known.name, f"{known.name[:9]}-peer")
    }
    assert set(by_name) == expected_names
    loopback = by_name["lo"]
    assert loopback.kind is AdapterKind.LOOPBACK
    assert loopback.ipv4 == (IPv4Address("127.0.0.1", 8),)
    for known in WINE_LANE:
        adapter = by_name[known.name]
        assert adapter.ipv4 == tuple(IPv4Address(a, prefix) for a, prefix in known.ipv4)
        assert adapter.mac == known.mac
        assert adapter.link_up is known.link_up, known.name
        assert adapter.gateways == known.gateways
        if known.dns_servers is not None:
            assert adapter.dns_servers == known.dns_servers
        assert adapter.kind is AdapterKind.WIRED
        assert adapter.name.startswith("{") and adapter.name.endswith("}")  # a GUID, in ASCII
        assert adapter.index is not None and adapter.link is not None
        assert by_name[f"{known.name[:9]}-peer"].mac == known.peer_mac


@only_64_bit
def test_the_wine_lanes_recording_replays_to_the_namespaces_facts() -> None:
    assert_the_namespaces_facts(Recording.read(WINE_LANE_RECORDING).adapters())


@only_64_bit
def test_a_name_beyond_ascii_comes_back_whole() -> None:
    """`réseau1` is 'r', 'é' (U+00E9), ... in UTF-16: read with a 4-byte wchar_t without the
    re-encoding, it would come back as two characters per four bytes, or cut at the first."""
    adapters = Recording.read(WINE_LANE_RECORDING).adapters()
    names = {adapter.friendly_name for adapter in adapters}
    assert "réseau1" in names and "réseau1-peer" in names
    unplugged = next(adapter for adapter in adapters if adapter.friendly_name == "réseau1")
    assert unplugged.description == "réseau1"


def test_the_recording_is_of_the_products_own_call() -> None:
    recording = Recording.read(WINE_LANE_RECORDING)
    assert recording.family == win.AF_UNSPEC
    assert recording.flags == win.GAA_FLAGS


@only_64_bit
def test_windows_py_lays_out_the_structures_as_the_c_compiler_does() -> None:
    sections = Recording.read(WINE_LANE_RECORDING).sections
    assert sections["GAA"].item_size == ctypes.sizeof(win.IP_ADAPTER_ADDRESSES_LH)
    assert sections["IFT2"].item_size == ctypes.sizeof(win.MIB_IF_ROW2)
    assert sections["FWD2"].item_size == ctypes.sizeof(win.MIB_IPFORWARD_ROW2)


@only_64_bit
@pytest.mark.skipif(
    not FRESH_RECORDING, reason="SNC_ADAPTER_RECORDING names no fresh recording (the lane's)"
)
def test_a_fresh_recording_in_the_lanes_namespace_has_its_facts() -> None:
    assert_the_namespaces_facts(Recording.read(Path(FRESH_RECORDING)).adapters())


def test_a_damaged_recording_is_refused(tmp_path: Path) -> None:
    whole = WINE_LANE_RECORDING.read_bytes()
    cut = tmp_path / "cut.iphlpapi"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(RecordingError, match="cut short"):
        Recording.read(cut)

    # The first fix-up of the adapter list made to point past the end of its buffer.
    header, section = struct.Struct("<8sIIIIII"), struct.Struct("<4sIIIQQ")
    size, fixups = section.unpack_from(whole, header.size)[4:]
    assert fixups > 0
    first_fixup = header.size + section.size + size
    (offset, _kind) = struct.unpack_from("<QQ", whole, first_fixup)
    stray = bytearray(whole)
    struct.pack_into("<Q", stray, header.size + section.size + offset, size + 8)
    astray = tmp_path / "astray.iphlpapi"
    astray.write_bytes(bytes(stray))
    with pytest.raises(RecordingError, match="outside its buffer"):
        Recording.read(astray)

    other = tmp_path / "other.iphlpapi"
    other.write_bytes(b"MZ" + whole[2:])
    with pytest.raises(RecordingError, match="not a record-adapters file"):
        Recording.read(other)

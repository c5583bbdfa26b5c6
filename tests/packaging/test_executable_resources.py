"""The built `.exe` carries what Explorer shows: its version resource and its icon, read back
from the file with pefile (PyInstaller's own dependency on Windows). The Wine lane
(`.ci/windows-under-wine`) points SNC_EXECUTABLE at the `.exe` it built; skipped when it names
no Windows executable (Linux's .ci/run builds an ELF file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import app

EXECUTABLE = os.environ.get("SNC_EXECUTABLE", "")

pytestmark = pytest.mark.skipif(
    not EXECUTABLE.lower().endswith(".exe"),
    reason="SNC_EXECUTABLE does not name a built Windows executable (the Wine lane sets it)",
)

ICON = Path(__file__).resolve().parents[2] / "resources" / "icons" / "app.ico"


@pytest.fixture(scope="module")
def pe():
    pefile = pytest.importorskip("pefile")
    image = pefile.PE(EXECUTABLE, fast_load=True)
    image.parse_data_directories(
        directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]]
    )
    yield image
    image.close()


def test_the_version_resource_names_the_product_and_its_version(pe) -> None:
    strings = {
        key.decode(): value.decode()
        for info in pe.FileInfo[0]
        if info.Key == b"StringFileInfo"
        for table in info.StringTable
        for key, value in table.entries.items()
    }
    assert strings["ProductName"] == app.APP_NAME
    assert strings["ProductVersion"] == app.__version__
    assert strings["FileVersion"] == app.__version__
    assert strings["OriginalFilename"] == "StationNetworkCheck.exe"
    assert strings["FileDescription"].startswith(app.APP_NAME)
    fixed = pe.VS_FIXEDFILEINFO[0]
    numbers = [int(part) for part in app.__version__.split(".")] + [0] * 4
    assert (fixed.ProductVersionMS, fixed.ProductVersionLS) == (
        numbers[0] << 16 | numbers[1],
        numbers[2] << 16 | numbers[3],
    )


def test_the_icon_is_the_apps_in_every_size(pe) -> None:
    import pefile

    groups = [
        entry
        for entry in pe.DIRECTORY_ENTRY_RESOURCE.entries
        if entry.id == pefile.RESOURCE_TYPE["RT_GROUP_ICON"]
    ]
    icons = [
        entry
        for entry in pe.DIRECTORY_ENTRY_RESOURCE.entries
        if entry.id == pefile.RESOURCE_TYPE["RT_ICON"]
    ]
    assert groups and icons, "no icon in the executable"
    count = len(icons[0].directory.entries)
    # An .ico file: a 6-byte header whose last two bytes count its images.
    assert count == int.from_bytes(ICON.read_bytes()[4:6], "little") >= 2

"""Parts of build.spec that can be checked without a build, and the icons it bundles.

build.spec is a PyInstaller script, not a module: the functions under test are read out of
it and run on their own. The whole build is checked by .ci/run, which builds and runs it.
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from pathlib import Path
from typing import Any

import pytest

import app

REPO = Path(__file__).resolve().parents[2]
ICONS = REPO / "resources" / "icons"


def spec_namespace(*names: str) -> dict[str, Any]:
    """The named top-level functions and constants of build.spec, with its imports."""
    tree = ast.parse((REPO / "build.spec").read_text(encoding="utf-8"))

    def wanted(node: ast.stmt) -> bool:
        if isinstance(node, ast.Import | ast.ImportFrom):  # the standard library's only
            modules = (
                [node.module]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
            )
            return all((m or "").split(".")[0] in sys.stdlib_module_names for m in modules)
        if isinstance(node, ast.FunctionDef):
            return node.name in names
        return isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) in names for target in node.targets
        )

    keep = [node for node in tree.body if wanted(node)]
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), "build.spec", "exec"), namespace)
    return namespace


class _Node:
    """Stands in for PyInstaller's version-resource classes: keeps what it was given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs


def version_resource(version: str) -> tuple[dict[str, Any], dict[str, str]]:
    text = spec_namespace("version_info_text")["version_info_text"](
        version, app.APP_NAME, "What it does", "StationNetworkCheck"
    )
    classes = (
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    )
    resource = eval(text, {name: type(name, (_Node,), {}) for name in classes})
    fixed = resource.kwargs["ffi"].kwargs
    table = resource.kwargs["kids"][0].args[0][0]
    assert table.args[0] == "040904B0"  # U.S. English, Unicode: what Explorer shows
    strings = dict(struct_.args for struct_ in table.args[1])
    return fixed, strings


def test_the_version_resource_carries_the_package_version() -> None:
    fixed, strings = version_resource(app.__version__)
    numbers = tuple(int(n) for n in app.__version__.split("."))
    assert fixed["filevers"] == fixed["prodvers"] == numbers + (0,) * (4 - len(numbers))
    assert strings == {
        "FileDescription": "What it does",
        "FileVersion": app.__version__,
        "InternalName": "StationNetworkCheck",
        "OriginalFilename": "StationNetworkCheck.exe",
        "ProductName": "Station Network Check",
        "ProductVersion": app.__version__,
    }


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("2", (2, 0, 0, 0)),
        ("1.4.0rc2", (1, 4, 0, 0)),
        ("3.2.1.7.9", (3, 2, 1, 7)),
    ],
)
def test_any_version_gives_four_numbers(version: str, numbers: tuple[int, ...]) -> None:
    fixed, strings = version_resource(version)
    assert fixed["filevers"] == numbers and strings["ProductVersion"] == version


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6\\plugins\\imageformats\\qjpeg.dll", False),
        ("PySide6\\plugins\\tls\\qschannelbackend.dll", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("resources/plugins/platforms/anything.txt", True),
    ],
)
def test_only_the_qt_plugins_used_are_kept(dest: str, kept: bool) -> None:
    spec = spec_namespace("normal", "qt_plugin", "keep_plugin", "QT_PLUGINS_KEPT")
    assert spec["keep_plugin"](dest) is kept


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_ico_holds_the_usual_sizes_as_png() -> None:
    data = (ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _, _, _, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        side = width or 256
        assert (width, height, bits) == (side % 256, side % 256, 32)
        assert png_size(data[offset : offset + length]) == (side, side)
        sizes.append(side)
    assert {16, 24, 32, 48, 64, 128, 256} <= set(sizes)


def test_the_window_icon_is_a_256_pixel_png() -> None:
    assert png_size((ICONS / "app.png").read_bytes()) == (256, 256)


def test_the_spec_builds_one_windowed_file_without_upx() -> None:
    spec = (REPO / "build.spec").read_text(encoding="utf-8")
    exe = spec[spec.index("exe = EXE(") :]
    assert re.search(r"\bupx=False", exe) and re.search(r"\bconsole=False", exe)
    assert "COLLECT(" not in spec  # a COLLECT step would make a folder, not one file


def test_every_qt_module_the_app_imports_is_bundled() -> None:
    """A new PySide6 module in app/ must be added to QT_MODULES_USED, or the executable
    would lack it while every test from source passes."""
    imported = {
        match
        for path in (REPO / "app").rglob("*.py")
        for match in re.findall(r"\bPySide6\.(Qt\w+)", path.read_text(encoding="utf-8"))
    }
    assert imported, "no Qt import found in app/"
    assert imported <= spec_namespace("QT_MODULES_USED")["QT_MODULES_USED"]

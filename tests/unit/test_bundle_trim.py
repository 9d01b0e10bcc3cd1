"""What the bundle leaves out: Qt's other languages and plug-ins, and most of ICU's data."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import icu_data  # noqa: E402
import trim  # noqa: E402

ICU_DATA = Path(PySide6.__file__).parent / "Qt" / "lib" / "libicudata.so.73"


def _common_data(names: list[str]) -> bytes:
    """A small ICU common-data package: each entry's data is its own name, unaligned."""
    header = struct.pack("<HBB", 8, 0xDA, 0x27) + b"CmnD"
    raw_names = b"".join(name.encode() + b"\0" for name in names)
    table, data, position = [], b"", 4 + 8 * len(names) + len(raw_names)
    name_at = 4 + 8 * len(names)
    for name in names:
        table.append(struct.pack("<II", name_at, position + len(data)))
        name_at += len(name) + 1
        data += name.encode()
    return header + struct.pack("<I", len(names)) + b"".join(table) + raw_names + data


def _entries(common: bytes) -> dict[str, bytes]:
    (header_size,) = struct.unpack_from("<H", common, 0)
    (count,) = struct.unpack_from("<I", common, header_size)
    toc = [struct.unpack_from("<II", common, header_size + 4 + 8 * i) for i in range(count)]
    result = {}
    for index, (name_at, data_at) in enumerate(toc):
        start = header_size + name_at
        name = common[start:common.index(b"\0", start)].decode()
        end = toc[index + 1][1] if index + 1 < count else len(common) - header_size
        assert data_at % 16 == 0, name
        result[name] = common[header_size + data_at:header_size + end].rstrip(b"\0")
    return result


def test_icu_data_keeps_collation_and_chinese_time_zone_names_only() -> None:
    names = ["icudt73l/brkitr/cjdict.dict", "icudt73l/cnvalias.icu", "icudt73l/coll/root.res",
             "icudt73l/coll/zh.res", "icudt73l/de.res", "icudt73l/gb18030.cnv",
             "icudt73l/unit/zh.res", "icudt73l/zh_Hans.res", "icudt73l/zone/de.res",
             "icudt73l/zone/zh.res", "icudt73l/zoneinfo64.res"]
    data, kept, total = icu_data.filtered(_common_data(names))
    entries = _entries(data)
    assert list(entries) == ["icudt73l/cnvalias.icu", "icudt73l/coll/root.res",
                             "icudt73l/coll/zh.res", "icudt73l/zh_Hans.res",
                             "icudt73l/zone/zh.res", "icudt73l/zoneinfo64.res"]
    assert all(value == name.encode() for name, value in entries.items())
    assert (kept, total) == (6, len(names))


@pytest.mark.skipif(not ICU_DATA.is_file() or shutil.which("gcc") is None,
                    reason="PySide6's Linux ICU and gcc")
def test_qt_sorts_chinese_names_with_the_smaller_icu_data(tmp_path: Path) -> None:
    library = icu_data.build(ICU_DATA, tmp_path)
    assert library.stat().st_size < ICU_DATA.stat().st_size / 4
    # In pinyin order (Chinese first, as zh sorts): ICU's root order would put 中 before 阿.
    code = ("import sys; from PySide6.QtCore import QCollator, QLocale;"
            "c = QCollator(QLocale('zh_CN')); c.setNumericMode(True);"
            "print(sorted(['中文', 'b10', '阿', 'b9'], key=c.sortKey));"
            "print(any(sys.argv[1] in line for line in open('/proc/self/maps')))")
    result = subprocess.run([sys.executable, "-c", code, str(library)], capture_output=True,
                            text=True, check=True,
                            env={**os.environ, "LD_LIBRARY_PATH": str(tmp_path)})
    assert result.stdout.split("\n")[:2] == ["['阿', '中文', 'b9', 'b10']", "True"]


def test_qt_translations_only_for_the_apps_languages() -> None:
    datas = [("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
             ("PySide6/Qt/translations/qtbase_zh_CN.qm", "x", "DATA"),
             ("PySide6/Qt/translations/qtbase_en.qm", "x", "DATA"),
             ("PySide6/translations/qtbase_zh_TW.qm", "x", "DATA"),
             ("resources/translations/writer_app_zh_CN.qm", "x", "DATA")]
    assert [entry[0] for entry in trim.trim_datas(datas)] == [
        "PySide6/Qt/translations/qtbase_zh_CN.qm", "PySide6/Qt/translations/qtbase_en.qm",
        "resources/translations/writer_app_zh_CN.qm"]


def test_unused_qt_plugins() -> None:
    assert trim._unused_plugin("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert trim._unused_plugin("PySide6/plugins/tls/qopensslbackend.dll")
    assert not trim._unused_plugin("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so")
    assert not trim._unused_plugin("PySide6/Qt/plugins/imageformats/libqsvg.so")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="links on Linux only")
def test_a_library_collected_twice_is_kept_once(tmp_path: Path) -> None:
    for name, data in (("libllama.so", b"same"), ("libllama.so.0", b"same"),
                       ("libggml.so", b"one"), ("libggml.so.0", b"other")):
        (tmp_path / name).write_bytes(data)
    binaries = [(f"llama_cpp/lib/{name}", str(tmp_path / name), "BINARY")
                for name in ("libllama.so", "libllama.so.0", "libggml.so", "libggml.so.0")]
    linked = trim.link_copies(binaries)
    assert linked[0] == ("llama_cpp/lib/libllama.so", "libllama.so.0", "SYMLINK")
    assert linked[1:] == binaries[1:]

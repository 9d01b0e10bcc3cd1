"""Make a smaller ICU data library for the Linux bundle: the parts Qt uses, nothing else.

    python3 packaging/icu_data.py SOURCE/libicudata.so.73 TARGET_FOLDER

PySide6's Linux wheel carries ICU 73, whose data library (``libicudata.so.73``, 32 MB)
holds every ICU service for every locale. QtCore calls ICU for three things only:
collation (``QCollator``: the order of names in file dialogs), time-zone display names
(``QTimeZone::displayName``, the ``t`` of a date format) and legacy text codecs
(``QStringDecoder`` by name; writer-app reads and writes UTF-8 through Python). Case
mapping and normalization are compiled into ``libicuuc``. What is kept is what those calls
open, as traced with a breakpoint on ICU's ``udata_openChoice`` in the app and in a file
dialog sorting names in English, Chinese and German: all the collation rules (file names
sort in the order of the system's language, whatever it is) and the time-zone names in
English and Chinese, with the supporting tables. Left out: break iterators and their
dictionaries, units, currencies, language and region names, transliteration, number
spell-out and the 190 table-driven legacy codecs.

The data is a copy of the original's "common data" package with fewer entries, linked
into a shared library of the same name and symbol, so ``libicuuc`` finds it as before.
Needs gcc (the llama.cpp build needs it anyway).
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# Entry names below the package folder (``icudt73l/``): kept when one matches.
KEEP = re.compile(
    r"coll/.*"                            # collation rules, every locale, and ucadata.icu
    r"|zone/(pool|root|res_index|en|en_.*|zh|zh_.*)\.res"  # time-zone names
    r"|(pool|root|res_index|en|en_.*|zh|zh_.*)\.res"       # the locales' fallback chain
    r"|(keyTypeData|likelySubtags|metaZones|supplementalData|timezoneTypes|zoneinfo64)\.res"
    r"|cnvalias\.icu"                     # codec names, for those ICU has in code (UTF-7…)
)
_ALIGN = 16


def data_symbol(library: bytes) -> tuple[str, bytes]:
    """The name and bytes of the ``icudtNN_dat`` symbol in an ELF64 data library."""
    (section_offset,) = struct.unpack_from("<Q", library, 0x28)
    entry_size, count = struct.unpack_from("<HH", library, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", library, section_offset + index * entry_size)
                for index in range(count)]
    dynsym = next(section for section in sections if section[1] == 11)  # SHT_DYNSYM
    strings = sections[dynsym[6]]
    for offset in range(dynsym[4], dynsym[4] + dynsym[5], 24):
        name_at, _, _, index, value, size = struct.unpack_from("<IBBHQQ", library, offset)
        start = strings[4] + name_at
        name = library[start:library.index(b"\0", start)].decode()
        if re.fullmatch(r"icudt\d+_dat", name):
            holder = sections[index]
            at = holder[4] + value - holder[3]
            return name, library[at:at + size]
    raise SystemExit("no icudtNN_dat symbol: not an ICU data library")


def filtered(common: bytes) -> tuple[bytes, int, int]:
    """The common data with only the entries KEEP matches; returns it and the counts."""
    (header_size,) = struct.unpack_from("<H", common, 0)
    (count,) = struct.unpack_from("<I", common, header_size)
    toc = [struct.unpack_from("<II", common, header_size + 4 + 8 * index)
           for index in range(count)]
    entries = []
    for index, (name_at, data_at) in enumerate(toc):
        start = header_size + name_at
        name = common[start:common.index(b"\0", start)].decode()
        end = toc[index + 1][1] if index + 1 < count else len(common) - header_size
        if KEEP.fullmatch(name.split("/", 1)[1]):
            entries.append((name, common[header_size + data_at:header_size + end]))
    names = b"".join(name.encode() + b"\0" for name, _ in entries)
    position = 4 + 8 * len(entries) + len(names)
    table, items = [], []
    name_at = 4 + 8 * len(entries)
    for name, data in entries:
        padding = -position % _ALIGN
        items.append(b"\0" * padding + data)
        position += padding
        table.append(struct.pack("<II", name_at, position))
        name_at += len(name) + 1
        position += len(data)
    body = struct.pack("<I", len(entries)) + b"".join(table) + names + b"".join(items)
    return common[:header_size] + body, len(entries), count


def build(source: Path, target: Path) -> Path:
    """Write the smaller library, under the source's own file name, into ``target``."""
    symbol, common = data_symbol(source.read_bytes())
    data, kept, total = filtered(common)
    target.mkdir(parents=True, exist_ok=True)
    library = target / source.name
    with tempfile.TemporaryDirectory() as work:
        blob = Path(work, "data.bin")
        blob.write_bytes(data)
        assembly = Path(work, "data.s")
        assembly.write_text(
            f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n'
            f'\t.size {symbol}, {len(data)}\n\t.balign {_ALIGN}\n'
            f'{symbol}:\n\t.incbin "{blob}"\n'
            '\t.section .note.GNU-stack,"",@progbits\n', encoding="utf-8")
        subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{source.name}",
                        "-o", str(library), str(assembly)], check=True)
    print(f"ICU data: {kept} of {total} entries, {len(common) / 1e6:.1f} MB to "
          f"{len(data) / 1e6:.1f} MB: {library}")
    return library


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))

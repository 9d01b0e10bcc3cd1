"""What the bundle leaves out of what PyInstaller collects (used by writer-app.spec).

PyInstaller collects every plug-in of each Qt module imported and every translation of
Qt's catalogues, and follows each library's links. writer-app uses a part of that; the
rest is measured and listed, with the reason, in docs/INSTALL.md ("What the Linux bundle
weighs, and what it leaves out"). The frozen self-test and the app started from the
bundle show that nothing needed went with it.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from icu_data import build as build_icu_data

# Modules that PyInstaller's import analysis finds but that nothing reaches at run time.
EXCLUDES = [
    # huggingface_hub's Xet transfer client (11 MB): writer-app downloads over HTTP itself
    # (writer_app/core/sources/download.py), and huggingface_hub imports it only to upload
    # or in hf_hub_download, neither of which writer-app calls.
    "hf_xet",
    # PyYAML's C speed-up (2.7 MB): huggingface_hub imports yaml, which falls back to its
    # pure-Python parser; writer-app never parses YAML.
    "yaml._yaml", "_yaml",
    # httpx's command line, which imports click when it is there.
    "click",
]

# Qt plug-ins writer-app never loads, as paths below Qt's plugins folder.
UNUSED_QT_PLUGINS = (
    # GTK 3's colours and dialogs on GNOME: it pulls in GTK, GDK, GIO, Pango, Cairo, ATK
    # and more (20 MB). Without it Qt draws its Fusion style, and its file dialogs are its
    # own or the desktop portal's.
    "platformthemes/libqgtk3.so",
    # QtNetwork's TLS backends and network-state monitors: writer-app uses QtNetwork for
    # QLocalServer only; its downloads go through Python's httpx and ssl.
    "tls/",
    "networkinformation/",
    # Image formats: the editor is plain text, and the icons are SVG and PNG (which QtGui
    # reads itself).
    *(f"imageformats/libq{name}.so"
      for name in ("gif", "icns", "ico", "jpeg", "tga", "tiff", "wbmp", "webp")),
    # Screens without a window system (embedded framebuffers, EGL, VNC, Vulkan displays)
    # and their input plug-ins: a desktop runs xcb or wayland; offscreen stays, for the
    # self-test.
    *(f"platforms/libq{name}.so"
      for name in ("eglfs", "linuxfb", "minimal", "minimalegl", "vkkhrdisplay", "vnc")),
    "egldeviceintegrations/",
    "generic/",
)

# Qt's own catalogues (standard buttons, file dialogs) for the languages writer-app has
# its own catalogue for (resources/translations/writer_app_<language>.ts).
SHIPPED_LANGUAGES = tuple(sorted(
    path.stem.removeprefix("writer_app_")
    for path in (Path(__file__).resolve().parent.parent / "resources" / "translations")
    .glob("writer_app_*.ts")))

Entry = tuple[str, str, str]


def _qt_plugin(destination: str) -> str | None:
    parts = Path(destination).parts
    if parts[0] == "PySide6" and "plugins" in parts:
        return "/".join(parts[parts.index("plugins") + 1:])
    return None


def _unused_plugin(destination: str) -> bool:
    plugin = _qt_plugin(destination)
    return plugin is not None and plugin.startswith(UNUSED_QT_PLUGINS)


def _linked(path: str) -> set[str]:
    """The file names of the libraries ``path`` loads, directly or through others."""
    output = subprocess.run(["ldd", path], capture_output=True, text=True,
                            check=False).stdout
    return {line.split()[0] for line in output.splitlines() if "=>" in line}


def _union(sets: Iterable[set[str]]) -> set[str]:
    return set().union(*sets)


def trim_binaries(binaries: list[Entry], icu_folder: Path) -> list[Entry]:
    """Without the unused plug-ins and the libraries only they load; on Linux with
    ICU's data library reduced to what Qt uses (packaging/icu_data.py)."""
    dropped = [entry for entry in binaries if _unused_plugin(entry[0])]
    kept = [entry for entry in binaries if not _unused_plugin(entry[0])]
    if sys.platform.startswith("linux"):
        candidates = _union(_linked(source) for _, source, _ in dropped)
        needed = _union(_linked(source) for destination, source, _ in kept
                        if Path(destination).name not in candidates)
        orphans = candidates - needed
        kept = [entry for entry in kept if Path(entry[0]).name not in orphans]
        kept = [(destination, str(build_icu_data(Path(source), icu_folder)), kind)
                if Path(destination).name.startswith("libicudata.so") else
                (destination, source, kind)
                for destination, source, kind in kept]
    return kept


def strip_python(binaries: list[Entry], folder: Path) -> list[Entry]:
    """The Python installation's own libraries (libpython, lib-dynload) without their
    symbol tables, as copies in ``folder``: a Python built from source, as pyenv does,
    keeps them (libpython3.11.so: 23 MB, 6 MB stripped). Only these: stripping a wheel's
    libraries breaks those that auditwheel patched (numpy's then fails to import)."""
    if not sys.platform.startswith("linux") or shutil.which("strip") is None:
        return binaries
    python = Path(sys.base_prefix).resolve()
    result = []
    for destination, source, kind in binaries:
        if python not in Path(source).resolve().parents:
            result.append((destination, source, kind))
            continue
        stripped = folder / destination
        stripped.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["strip", "-o", str(stripped), source], check=True)
        result.append((destination, str(stripped), kind))
    return result


def link_copies(binaries: list[Entry]) -> list[Entry]:
    """A library collected under its plain name and its versioned one (``libllama.so``
    for ctypes, ``libllama.so.0`` for the libraries that link it; a wheel holds copies,
    having no links) is kept once: the plain name becomes a link to the other."""
    if not sys.platform.startswith("linux"):
        return binaries
    sources = {destination: source for destination, source, _ in binaries}
    result = []
    for destination, source, kind in binaries:
        versioned = next((other for other in sources
                          if other.startswith(destination + ".")
                          and other[len(destination) + 1:].isdigit()), None)
        if versioned is not None and filecmp.cmp(source, sources[versioned], shallow=False):
            result.append((destination, Path(versioned).name, "SYMLINK"))
        else:
            result.append((destination, source, kind))
    return result


def trim_datas(datas: list[Entry]) -> list[Entry]:
    """Without Qt's translations for languages writer-app does not have."""
    def wanted(destination: str) -> bool:
        path = Path(destination)
        if path.suffix != ".qm" or path.parent.name != "translations" \
                or path.parts[0] != "PySide6":
            return True
        return path.stem.endswith(tuple(f"_{language}" for language in SHIPPED_LANGUAGES))
    return [entry for entry in datas if wanted(entry[0])]

"""Reading and writing text files without losing anything.

A document remembers its encoding, byte-order mark and line ending so that saving writes
them back as they were. Saving is atomic: a temporary file beside the target is written,
flushed and fsynced, then renamed over it, so a crash mid-save leaves the old file or the
new one, never a torn mix; the original's permissions are kept.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from writer_app.core.errors import WriterError

_DETECT_BYTES = 256 * 1024
_NEAR_TIE = 0.1
_COMMON_ENCODINGS = {"gb18030", "gbk", "big5", "shift_jis", "cp932", "euc_jp", "euc_kr",
                     "cp1252", "latin_1", "iso8859_15"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


class DocumentError(WriterError):
    """A document could not be opened or saved."""


@dataclass(frozen=True)
class TextFormat:
    """How a document's text is stored on disk."""

    encoding: str = "utf-8"
    newline: str = "\n"

    @property
    def label(self) -> str:
        """For the status bar: ``UTF-8 · LF``."""
        names = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
        encoding = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 BOM", "utf-16": "UTF-16"}.get(
            self.encoding, self.encoding.upper())
        return f"{encoding} · {names.get(self.newline, 'LF')}"


def _detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf > lf and crlf >= cr:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


def _detect_encoding(data: bytes, name: str) -> str:
    """The encoding of text that is not UTF-8, as charset-normalizer judges it.

    Short Western text fits many single-byte code pages about equally well; among
    near-ties the encodings writers actually use win (Windows-1252 over Baltic ones).
    """
    matches = list(charset_normalizer.from_bytes(data[:_DETECT_BYTES]))
    if not matches:
        raise DocumentError(
            f"{name} is not text in any encoding writer-app recognises: it was not opened."
        )
    best = matches[0]
    for match in matches:
        if match.encoding in _COMMON_ENCODINGS and match.chaos <= best.chaos + _NEAR_TIE:
            return str(match.encoding)
    return str(best.encoding)


def decode_text(data: bytes, name: str = "the file") -> tuple[str, TextFormat]:
    """Decode a file's bytes; text is returned with ``\n`` line ends.

    A byte-order mark decides first; then UTF-8; then the encoding charset-normalizer
    detects (GB18030, Big5, Shift-JIS, Latin-1...), which is kept for saving.
    """
    encoding = ""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            encoding = bom_encoding
            break
    if not encoding:
        if b"\0" in data[:8192]:
            raise DocumentError(f"{name} looks like a binary file, not text: it was not "
                                "opened.")
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _detect_encoding(data, name)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name} could not be read as {encoding} (byte {exc.start:,}). Save it as UTF-8 "
            "in another editor and open it again."
        ) from None
    newline = _detect_newline(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, TextFormat(encoding, newline)


def read_document(path: Path) -> tuple[str, TextFormat]:
    """Read a text document; raise ``DocumentError`` with a reason a person can act on."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise DocumentError(f"{path} is a folder, not a document.") from None
    except PermissionError:
        raise DocumentError(f"You do not have permission to read {path}.") from None
    except OSError as exc:
        raise DocumentError(f"{path} could not be read: {exc.strerror}.") from None
    return decode_text(data, path.name)


def encode_text(text: str, text_format: TextFormat) -> bytes:
    """The bytes to save for ``text`` (with ``\\n`` line ends) in ``text_format``."""
    if text_format.newline != "\n":
        text = text.replace("\n", text_format.newline)
    try:
        return text.encode(text_format.encoding)
    except UnicodeEncodeError as exc:
        raise DocumentError(
            f"The text contains {exc.object[exc.start:exc.end]!r}, which "
            f"{text_format.encoding} cannot store. Use Save As with UTF-8."
        ) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably, keeping its permissions."""
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise DocumentError(f"{path} could not be saved: {exc.strerror}.") from None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise DocumentError(f"The folder {folder} no longer exists: use Save As.") from None
    except PermissionError:
        raise DocumentError(
            f"You do not have permission to write in {folder}: use Save As."
        ) from None
    except OSError as exc:
        raise DocumentError(f"{path} could not be saved: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        reason = "the disk is full" if exc.errno == 28 else exc.strerror
        raise DocumentError(
            f"{path.name} could not be saved ({reason}); the file on disk is unchanged."
        ) from None
    _fsync_folder(folder)
    for stale in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()  # left by a save that was killed before its rename


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

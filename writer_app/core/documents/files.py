"""Reading and writing text files without losing anything.

A document remembers its encoding, byte-order mark and line ending so that saving writes
them back as they were. Saving is atomic: a temporary file beside the target is written,
flushed and fsynced, then renamed over it, so a crash mid-save leaves the old file or the
new one, never a torn mix; the original's permissions are kept, and a new file gets the
mode the umask allows, as any other program's would.

Saving over a file replaces it (a new inode), so a file with other names (hard links) parts
from them: atomicity is worth more than the link, and the window says so. What was on
disk when a document was opened (``DiskState``) is kept so that a change by someone else
is noticed before it is overwritten.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import hashlib
import mimetypes
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

from writer_app.core.errors import WriterError
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message
from writer_app.core.models.fit import human_size
from writer_app.core.untrusted import open_without_waiting, read_at_most

_DETECT_BYTES = 256 * 1024
_NEAR_TIE = 0.1
_COMMON_ENCODINGS = {"gb18030", "gbk", "big5", "shift_jis", "cp932", "euc_jp", "euc_kr",
                     "cp1252", "latin_1", "iso8859_15"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_NAME_MAX = 255
MAX_DOCUMENT_BYTES = 128 * 1000**2
"""The most a document, its notes or the CLI's input may hold (128 MB, counted as sizes are
said: ``core.models.fit.human_size``): a long novel is 1 to 2 MB, and beyond this the text
is refused before it is read rather than read without end (a pipe, ``/dev/zero``) or
multiplied in memory."""
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
"""The names of the documents the app is made for (plain text and Markdown)."""
_SNIFF_BYTES = 4096
_TEXT_APPLICATION_TYPES = {"application/json", "application/xml", "application/x-sh",
                           "application/javascript", "application/x-tex"}
_TEMP_SUFFIX_BYTES = len(".12345678.tmp")

ENCODINGS = (
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("utf-16", "UTF-16 with BOM"),
    ("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"), ("gb18030", "GB18030"),
    ("gbk", "GBK"), ("big5", "Big5"), ("shift_jis", "Shift-JIS"), ("euc_jp", "EUC-JP"),
    ("euc_kr", "EUC-KR"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"),
    ("iso8859_15", "Latin-9"), ("cp1251", "Windows-1251"), ("koi8_r", "KOI8-R"),
)
"""Encodings offered by Save with Encoding and Reopen with Encoding: (codec, name)."""


class DocumentError(WriterError):
    """A document could not be opened or saved."""


THE_FILE = message(QT_TRANSLATE_NOOP("core", "the file"))
"""The name a message gives a file whose name is not known."""


class InvalidUtf8Error(DocumentError):
    """UTF-8 text with bytes that are not UTF-8: it can still be opened with them replaced."""

    def __init__(self, name: str, offset: int) -> None:
        super().__init__(message(QT_TRANSLATE_NOOP(
            "core", "{name} is UTF-8 text, but byte {offset:,} is not valid UTF-8 (the file "
            "may be damaged or mix encodings). It can be opened with the bytes that cannot be "
            "read shown as \ufffd; saving it then writes \ufffd in their place."),
            name=name, offset=offset))
        self.offset = offset


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


@dataclass(frozen=True)
class DiskState:
    """What a file was on disk when it was opened or saved: to notice others' changes."""

    size: int
    mtime_ns: int
    sha256: str


def disk_state(path: Path) -> DiskState | None:
    """The file's state now (None if it cannot be read)."""
    try:
        before = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return DiskState(before.st_size, before.st_mtime_ns, digest)


def changed_on_disk(path: Path, recorded: DiskState | None) -> bool:
    """True when the file's content is no longer what was recorded.

    Size and time decide cheaply; when they differ the content is compared, so a program
    that only touched the file (or rewrote the same bytes) does not count as a change.
    """
    if recorded is None:
        return False
    try:
        now = path.stat()
    except OSError:
        return True
    if (now.st_size, now.st_mtime_ns) == (recorded.size, recorded.mtime_ns):
        return False
    current = disk_state(path)
    return current is None or current.sha256 != recorded.sha256


def is_read_only(path: Path) -> bool:
    """True for an existing file its owner has marked read-only (0444 and the like)."""
    try:
        return not (path.stat().st_mode & stat.S_IWUSR) or not os.access(path, os.W_OK)
    except OSError:
        return False


def other_names(path: Path) -> int:
    """How many other hard links the file has (saving over it parts from them)."""
    try:
        return max(0, path.stat().st_nlink - 1)
    except OSError:
        return 0


def save_concern(path: Path, recorded: DiskState | None) -> str:
    """Why saving over ``path`` deserves a question first ("" when it does not): someone
    else changed it since ``recorded``, or it is marked read-only."""
    if recorded is not None and changed_on_disk(path, recorded):
        if not path.exists():
            return message(QT_TRANSLATE_NOOP(
                "core", "{name} was moved or deleted by another program since it was opened "
                "here. Save this version there again, save it under another name, or "
                "cancel?"), name=path.name)
        return message(QT_TRANSLATE_NOOP(
            "core", "{name} was changed on disk by another program since it was opened here. "
            "Overwrite it with this version (the other changes are lost), save this version "
            "under another name, or cancel?"), name=path.name)
    if is_read_only(path):
        return message(QT_TRANSLATE_NOOP(
            "core", "{name} is read-only. Saving replaces it with this version and keeps it "
            "read-only. Overwrite it anyway?"), name=path.name)
    return ""


def cannot_write(path: Path) -> str:
    """Why saving ``path`` cannot work whatever the writer answers ("" when it can): its
    folder is on a read-only disk, or the writer may not write in it."""
    folder = path.parent
    statvfs = getattr(os, "statvfs", None)  # POSIX only
    try:
        read_only = statvfs is not None and bool(statvfs(folder).f_flag & os.ST_RDONLY)
        writable = os.access(folder, os.W_OK)
    except OSError:
        return ""  # a folder that is gone: saving says so itself
    if read_only:
        return message(QT_TRANSLATE_NOOP(
            "core", "{name} cannot be saved where it is: the folder {folder} is on a disk "
            "that can only be read. Use Save As to save it somewhere else."),
            name=path.name, folder=str(folder))
    if not writable:
        return message(QT_TRANSLATE_NOOP(
            "core", "{name} cannot be saved where it is: you do not have permission to write "
            "in the folder {folder}. Use Save As to save it somewhere else."),
            name=path.name, folder=str(folder))
    return ""


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
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "{name} is not text in any encoding writer-app recognises: it was not "
            "opened."), name=name))
    best = matches[0]
    for match in matches:
        if match.encoding in _COMMON_ENCODINGS and match.chaos <= best.chaos + _NEAR_TIE:
            return str(match.encoding)
    return str(best.encoding)


def decode_text(data: bytes, name: str = THE_FILE) -> tuple[str, TextFormat]:
    """Decode a file's bytes; text is returned with ``\n`` line ends.

    A byte-order mark decides first; then UTF-8; then the encoding charset-normalizer
    detects (GB18030, Big5, Shift-JIS, Latin-1...), which is kept for saving.
    """
    encoding = ""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            encoding = bom_encoding
            break
    if not encoding and b"\0" in data[:8192]:
        encoding = _utf16_without_bom(data[:8192])
        if not encoding:
            raise DocumentError(message(QT_TRANSLATE_NOOP(
                "core", "{name} looks like a binary file, not text: it was not opened."),
                name=name))
    if not encoding:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            if _mostly_utf8(data):
                raise InvalidUtf8Error(name, exc.start) from None
            encoding = _detect_encoding(data, name)
    text, text_format, _ = decode_as(data, encoding, name=name)
    return text, text_format


def decode_as(data: bytes, encoding: str, *, lossy: bool = False, name: str = THE_FILE,
              ) -> tuple[str, TextFormat, int]:
    """Decode in the encoding the writer chose; returns the text, its format and how many
    characters were replaced by U+FFFD (``lossy`` only; otherwise an error says where)."""
    try:
        text = data.decode(encoding)
        replaced = 0
    except UnicodeDecodeError as exc:
        if not lossy:
            raise DocumentError(message(QT_TRANSLATE_NOOP(
                "core", "{name} cannot be read as {encoding}: byte {offset:,} is not valid in "
                "it. Choose another encoding."), name=name, encoding=encoding,
                offset=exc.start)) from None
        text = data.decode(encoding, errors="replace")
        replaced = text.count("\ufffd") - data.decode(encoding, errors="ignore").count(
            "\ufffd")
    except LookupError:
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "writer-app does not know the encoding {encoding}."),
            encoding=encoding)) from None
    newline = _detect_newline(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, TextFormat(encoding, newline), replaced


def _utf16_without_bom(head: bytes) -> str:
    """``utf-16-le``/``-be`` when the zero bytes sit in the high half of each character,
    as they do in UTF-16 text of Latin script without a byte-order mark; else ``""``."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if pairs == 0 or len(head) % 2:
        return ""
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= pairs * 0.3 and others == 0:
            try:
                head.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return ""


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly well-formed UTF-8 sequences: a damaged
    UTF-8 file rather than text in a legacy encoding."""
    text = data[:_DETECT_BYTES].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return good > 0 and bad * 4 <= good


def read_document(path: Path) -> tuple[str, TextFormat]:
    """Read a text document; raise ``DocumentError`` with a reason a person can act on."""
    return decode_text(read_bytes(path), path.name)


def read_bytes(path: Path) -> bytes:
    """A document's bytes, or ``DocumentError`` with a reason a person can act on.

    Only a regular file is read (a pipe would wait for a writer, a device never end), and
    at most ``MAX_DOCUMENT_BYTES`` of it.
    """
    try:
        fd = open_without_waiting(path)
    except FileNotFoundError:
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "{path} does not exist."), path=path)) from None
    except IsADirectoryError:
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "{path} is a folder, not a document."), path=path)) from None
    except PermissionError:
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "You do not have permission to read {path}."), path=path)) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise DocumentError(message(QT_TRANSLATE_NOOP(
                "core", "{path} is a folder, not a document."), path=path))
        if not stat.S_ISREG(mode):
            raise DocumentError(message(QT_TRANSLATE_NOOP(
                "core", "{path} is not a file but a pipe, a device or a socket: save the "
                "text in a file and open that."), path=str(path)))
        data = read_at_most(fd, MAX_DOCUMENT_BYTES)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(str(path))
    return data


def _unreadable(path: Path, exc: OSError) -> DocumentError:
    return DocumentError(message(QT_TRANSLATE_NOOP(
        "core", "{path} could not be read: {reason}."), path=path, reason=exc.strerror))


def read_limited(stream: BinaryIO, name: str) -> bytes:
    """All of ``stream`` (a file or the standard input, called ``name``), or
    ``DocumentError`` as soon as it holds more than ``MAX_DOCUMENT_BYTES``."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(name)
    return data


def _too_large(name: str) -> DocumentError:
    return DocumentError(message(QT_TRANSLATE_NOOP(
        "core", "{name} holds more than {limit}, more than writer-app reads: split it into "
        "smaller documents."), name=name, limit=human_size(MAX_DOCUMENT_BYTES)))


def encode_text(text: str, text_format: TextFormat) -> bytes:
    """The bytes to save for ``text`` (with ``\\n`` line ends) in ``text_format``."""
    if text_format.newline != "\n":
        text = text.replace("\n", text_format.newline)
    try:
        return text.encode(text_format.encoding)
    except UnicodeEncodeError as exc:
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "The text contains {characters}, which {encoding} cannot store. Use "
            "File ▸ Save with Encoding… and choose UTF-8, which stores every character."),
            characters=repr(exc.object[exc.start:exc.end]),
            encoding=text_format.encoding)) from None


def _not_saved(path: Path, exc: OSError) -> DocumentError:
    return DocumentError(message(QT_TRANSLATE_NOOP(
        "core", "{path} could not be saved: {reason}."), path=path, reason=exc.strerror))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably, keeping its permissions."""
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise _not_saved(path, exc) from None
    prefix = _temp_prefix(path.name)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "The folder {folder} no longer exists: use Save As."),
            folder=folder)) from None
    except PermissionError:
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "You do not have permission to write in {folder}: use Save As."),
            folder=folder)) from None
    except OSError as exc:
        raise _not_saved(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        reason = message(QT_TRANSLATE_NOOP("core", "the disk is full")) if (
            exc.errno == 28) else exc.strerror
        raise DocumentError(message(QT_TRANSLATE_NOOP(
            "core", "{name} could not be saved ({reason}); the file on disk is unchanged."),
            name=path.name, reason=reason)) from None
    _fsync_folder(folder)
    for stale in folder.glob(f"{glob.escape(prefix)}*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()  # left by a save that was killed before its rename


def _temp_prefix(name: str) -> str:
    """``.name.`` cut so that the temporary file's name fits in 255 bytes (a name of 80
    CJK characters is 240 bytes in UTF-8 and would not leave room for the suffix)."""
    room = _NAME_MAX - _TEMP_SUFFIX_BYTES - 2
    encoded = name.encode("utf-8", errors="surrogateescape")
    if len(encoded) > room:
        name = encoded[:room].decode("utf-8", errors="ignore")
    return f".{name}."


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_document_file(path: Path) -> bool:
    """Whether ``path`` is worth opening as a document: a text or Markdown name, another
    text type, or an unknown name whose first bytes look like text (no NUL byte outside a
    UTF-16 byte-order mark). A file that cannot be read counts as one, so opening it says
    why it cannot be."""
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return True
    kind, _encoding = mimetypes.guess_type(path.name)
    if kind is not None:
        return kind.startswith("text/") or kind in _TEXT_APPLICATION_TYPES
    try:
        with path.open("rb") as file:
            start = file.read(_SNIFF_BYTES)
    except OSError:
        return True
    return any(start.startswith(bom) for bom, _ in _BOMS) or b"\0" not in start

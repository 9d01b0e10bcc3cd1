"""Turn a model's stream of token bytes into clean text, incrementally.

Each token's bytes are decoded once (no re-decoding of the whole completion per token):
a UTF-8 sequence split across tokens waits for its last byte, invalid bytes are dropped,
control characters other than newline and tab are removed, and text that might be the
start of a stop sequence is held back until it is known not to be one.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_STRIP_LEADING = re.compile(r"^\s+")


def clean_text(text: str) -> str:
    """Drop control characters (keeping newline and tab) and normalise line ends."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_wordish(char: str) -> bool:
    """True for characters of space-separated scripts (Latin, digits, Cyrillic...)."""
    if not char.isalnum():
        return False
    return not unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def join_space(before: str, first: str) -> str:
    """The separator a continuation needs after ``before``: a space or nothing.

    "He left|" + "It rained" needs a space; Chinese text and text after whitespace do not.
    """
    if not before or not first:
        return ""
    last, head = before[-1], first[0]
    if last.isspace() or head.isspace():
        return ""
    if last in ".,;:!?)\"'" and _is_wordish(head):
        return " "
    if _is_wordish(last) and _is_wordish(head):
        return " "
    return ""


class TextStream:
    """Incremental decoder with stop sequences.

    ``strip_leading`` drops whitespace before the first visible character (rewrites and
    summaries); ``after`` is the text before a continuation, used to add or drop one
    space where the continuation joins it.
    """

    def __init__(self, stop: Sequence[str] = (), *, strip_leading: bool = False,
                 after: str | None = None) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
        self._stop = [s for s in stop if s]
        self._pending = ""
        self._started = False
        self._strip_leading = strip_leading
        self._after = after
        self.stopped = False

    def feed(self, data: bytes) -> str:
        """Add a token's bytes; return the text that is now safe to show."""
        if self.stopped:
            return ""
        self._pending += clean_text(self._decoder.decode(data))
        return self._release(final=False)

    def flush(self) -> str:
        """Return whatever is still held back, at the end of the stream."""
        if not self.stopped:
            self._pending += clean_text(self._decoder.decode(b"", final=True))
        return self._release(final=True)

    def _release(self, *, final: bool) -> str:
        text = self._pending
        for stop in self._stop:
            index = text.find(stop)
            if index >= 0:
                text = text[:index]
                self.stopped = True
        if self.stopped or final:
            self._pending = ""
            return self._start(text)
        hold = max((self._overlap(text, stop) for stop in self._stop), default=0)
        ready, self._pending = text[: len(text) - hold], text[len(text) - hold :]
        return self._start(ready)

    @staticmethod
    def _overlap(text: str, stop: str) -> int:
        for size in range(min(len(text), len(stop) - 1), 0, -1):
            if stop.startswith(text[-size:]):
                return size
        return 0

    def _start(self, text: str) -> str:
        if self._started or not text:
            return text
        if self._strip_leading:
            text = _STRIP_LEADING.sub("", text)
            if not text:
                return ""
        elif self._after is not None:
            if self._after[-1:].isspace() and text[0] in " \t":
                text = text.lstrip(" \t")
                if not text:
                    return ""
            text = join_space(self._after, text) + text
        self._started = True
        return text

"""Markdown read as a writer reads it: the text without its marks, for counting.

A Markdown document's words are its words, not its ``#``, ``**``, list markers, quote
``>``, code fences or link targets. ``plain_text`` takes the marks out the way Qt's own
Markdown reader does (``QTextDocument.setMarkdown(...).toPlainText()``), so a count of
its result agrees with a count of the preview; ``tests/unit/test_markdown_text.py`` pins
the rules and ``tests/gui/test_markdown.py`` compares the two on English and Chinese
Markdown.

It is a handful of compiled regular expressions over the whole text, with no loop over
characters, because the status bar counts again after edits: 250,000 characters take
about a tenth of a second on a slow machine, and the status bar counts longer Markdown
in slices (``plain_slice``). Code keeps its text (a writer's code is words too), and
marks inside code are left alone.
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIXES = (".md", ".markdown")
"""File names that say a document is Markdown (compared without case)."""

# The marks the editor's highlighter (ui/editor/markdown_highlighter.py) finds line by
# line too: one spelling of each, which each side anchors and compiles as it reads.
FENCE_OPENING = r" {0,3}(`{3,}|~{3,})"
QUOTE_MARKS = r"(?:[ \t]{0,3}>[ \t]?)+"
LIST_MARKER = r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?"
THEMATIC_BREAK = r" {0,3}(?:[*_-][ \t]*){3,}"
INLINE_CODE = r"(`+)(?!`)(.+?)(?<!`)\1(?!`)"
AUTOLINK = r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^<>@\s]+@)[^<>\s]*>"

# A fenced code block: its opening fence, its text, and its closing fence (or the end).
_FENCE = re.compile(rf"^{FENCE_OPENING}[^\n]*\n?(.*?)(^ {{0,3}}\1[`~]*[ \t]*(?:\n|\Z)|\Z)",
                    re.MULTILINE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Marks at the start of a line, each taken out in turn: quotes (nested too), then a list
# marker with its task box, then a heading's hashes.
_QUOTE = re.compile(f"^{QUOTE_MARKS}", re.MULTILINE)
_LIST = re.compile(rf"^{LIST_MARKER}(?:[ \t]+|$)", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(?:(.*?)[ \t]+#+[ \t]*$)?", re.MULTILINE)
# Lines that are only marks: thematic breaks, setext underlines, table rules, and
# reference definitions ("[1]: https://…"), which Qt leaves out of the text.
_MARK_LINE = re.compile(
    rf"^(?:{THEMATIC_BREAK}| {{0,3}}=+[ \t]*|[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+"
    r"(?:[ \t]*:?-+:?[ \t]*)?|[ \t]*:?-+:?[ \t]*\|[ \t|:-]*| {0,3}\[[^\]\n]+\]:[ \t]*\S.*)$",
    re.MULTILINE)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_INLINE_CODE = re.compile(INLINE_CODE)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_AUTOLINK = re.compile(AUTOLINK)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Emphasis: runs of * and ~~ wherever a word touches them, runs of _ at a word's edge only
# (snake_case keeps its underscore, as CommonMark says). The pattern finds the runs alone,
# which scans fast; ``_emphasis_mark`` looks at their neighbours.
_EMPHASIS = re.compile(r"\*{1,3}|_{1,3}|~~")
_HARD_BREAK = re.compile(r"\\$", re.MULTILINE)
# Escaped characters stand in as private-use characters while the marks go, so that "\*"
# stays a star.
_HIDE = 0xF0000
_HIDDEN = re.compile("[\U000f0021-\U000f007e]")


def is_markdown_name(name: str) -> bool:
    """Whether a file called ``name`` is a Markdown document."""
    return name.casefold().endswith(MARKDOWN_SUFFIXES)


def plain_text(markdown: str) -> str:
    """``markdown`` without its marks: the text a reader sees, line by line."""
    return plain_slice(markdown)[0]


def plain_slice(markdown: str, fence: str = "") -> tuple[str, str]:
    """``plain_text`` of one slice of a long document, whose first line may be inside a
    code block (``fence`` is then the fence that opened it), and the fence still open at
    its end ("" when none is): a count in slices passes it on."""
    if fence:
        markdown = f"{fence}\n{markdown}"
    pieces: list[str] = []
    done = 0
    fence = ""
    for found in _FENCE.finditer(markdown):
        pieces.append(_prose(markdown[done:found.start()]))
        pieces.append(found[2])
        done = found.end()
        fence = "" if found[3] else found[1]
    pieces.append(_prose(markdown[done:]))
    return "".join(pieces), fence


def _prose(text: str) -> str:
    """Text outside fenced code, its marks taken out."""
    if not text:
        return text
    escaped = "\\" in text
    if escaped:
        text = _ESCAPED.sub(lambda found: chr(_HIDE + ord(found[1])), text)
    text = _COMMENT.sub("", text)
    text = _MARK_LINE.sub("", text)
    text = _QUOTE.sub("", text)
    text = _LIST.sub("", text)
    text = _HEADING.sub(r"\1", text)
    pieces: list[str] = []
    done = 0
    for code in _INLINE_CODE.finditer(text):
        pieces.append(_inline(text[done:code.start()]))
        pieces.append(code.group(2))
        done = code.end()
    pieces.append(_inline(text[done:]))
    text = "".join(pieces)
    if escaped:
        text = _HIDDEN.sub(lambda found: chr(ord(found[0]) - _HIDE), text)
    return text


def _inline(text: str) -> str:
    """A stretch of prose outside code spans, its inline marks taken out."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(lambda link: link[0][1:-1], text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(_emphasis_mark, text)
    text = _HARD_BREAK.sub("", text)
    return text.replace("|", " ")


def _emphasis_mark(found: re.Match[str]) -> str:
    """"" for a run of emphasis marks; the run itself where it is a star between spaces
    ("2 * 3") or an underscore inside a word."""
    text, start, end = found.string, found.start(), found.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if found[0][0] == "_":
        return found[0] if before.isalnum() and after.isalnum() else ""
    return found[0] if before.isspace() and after.isspace() else ""

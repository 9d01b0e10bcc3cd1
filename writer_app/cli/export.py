"""``writer-app-cli export IN OUT``: a document as Word, ODT, PDF, HTML or plain text.

The format comes from OUT's extension, or ``--to``. The same export as the editor's File ▸
Export…, so it needs Qt's fonts: without a display it runs on Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import locale
import os
import sys
from pathlib import Path

from writer_app.core.documents.export import (
    ExportFormat,
    PaperSize,
    document_metadata,
    format_of,
    paper_for,
)
from writer_app.core.documents.files import DocumentError, read_document
from writer_app.core.text.markdown import is_markdown_name

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 6


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` to the CLI's actions."""
    parser = commands.add_parser(
        "export", help="export a text or Markdown document to Word, ODT, PDF, HTML or plain "
                       "text")
    parser.add_argument("input", type=Path, help="the document (.md is read as Markdown)")
    parser.add_argument("output", type=Path, help="the file to write")
    parser.add_argument("--to", choices=[f.value for f in ExportFormat],
                        help="the format (default: from the output's extension)")
    parser.add_argument("--title", default="",
                        help="the document's title (default: its first heading, else the "
                             "file's name)")
    parser.add_argument("--language", default="",
                        help="its language as a tag such as en or zh-CN (default: guessed "
                             "from the text)")
    parser.add_argument("--paper", choices=[p.value.lower() for p in PaperSize],
                        help="the PDF's paper (default: Letter in the US and Canada, else A4)")
    parser.add_argument("--plain", action="store_true",
                        help="read the input as plain text even if it is Markdown")


def _system_locale() -> str:
    """The system's locale name, such as ``en_US`` or ``zh_CN`` (``C`` when unset)."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return value.split(".")[0]
    return (locale.getlocale()[0] or "C").split(".")[0]


def _start_qt() -> None:
    """A ``QGuiApplication`` for fonts and pages; offscreen where there is no display."""
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        QGuiApplication(["writer-app-cli"])


def run(args: argparse.Namespace) -> int:
    """Export ``args.input`` to ``args.output``; returns the exit code."""
    export_format = ExportFormat(args.to) if args.to else format_of(args.output)
    if export_format is None:
        print(f"writer-app-cli: cannot tell the format of {args.output.name} from its "
              "extension: use .docx, .odt, .pdf, .html or .txt, or say it with --to.",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        text, _ = read_document(args.input)
    except DocumentError as exc:
        print(f"writer-app-cli: cannot use the document: {exc}", file=sys.stderr)
        return EXIT_USAGE
    system = _system_locale()
    territory = system.split("_")[1] if "_" in system else ""
    paper = {"a4": PaperSize.A4, "letter": PaperSize.LETTER}.get(args.paper or "",
                                                                 paper_for(territory))
    _start_qt()
    from writer_app.qt.export import ExportOptions, export_blocks, read_blocks

    blocks = read_blocks(text, markdown=is_markdown_name(args.input.name) and not args.plain)
    metadata = document_metadata(blocks, text, args.input.stem, system, title=args.title,
                                 language=args.language)
    try:
        export_blocks(blocks, args.output, export_format, metadata, ExportOptions(paper))
    except DocumentError as exc:
        print(f"writer-app-cli: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"writer-app-cli: wrote {args.output} ({export_format.label}).", file=sys.stderr)
    return EXIT_OK

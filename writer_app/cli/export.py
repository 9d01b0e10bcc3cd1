"""``writer-app-cli export IN OUT``: a document as Word, ODT, PDF, HTML or plain text.

The format comes from OUT's extension, or ``--to``. The same export as the editor's File ▸
Export…, so it needs Qt's fonts: without a display it runs on Qt's offscreen platform.

A plain file carries no record of who wrote it, so the label comes from writer-app's own
record of the file (kept when it was saved in the editor, re-found if it changed since):
with one, ``--label implicit`` (the default) puts the AI label in the file's metadata and
``--label explicit`` also ends the text with a line saying so; without one, or with
``--label none``, nothing is added. ``compose --out`` writes its draft through
``export_text``, labelled as the model's from the first character to the last.
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
    labelled,
    paper_for,
)
from writer_app.core.documents.files import DocumentError, read_document
from writer_app.core.documents.history import key_for_path
from writer_app.core.documents.provenance import Label, ProvenanceStore, label_for
from writer_app.core.paths import AppPaths
from writer_app.core.text.markdown import is_markdown_name

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 6
LABELS = ("implicit", "explicit", "none")


def add_label_option(parser: argparse.ArgumentParser, what: str) -> None:
    """The ``--label`` option of a command that writes an export."""
    parser.add_argument("--label", choices=LABELS, default="implicit",
                        help=f"how {what} says that a language model wrote parts of it: in "
                             "the file's metadata (implicit, the default), there and in a "
                             "line at the end of the text (explicit), or not at all (none)")


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
    add_label_option(parser, "the export (when writer-app has a record of what the model "
                             "wrote in the input)")


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


def output_format(output: Path, to: str | None) -> ExportFormat | None:
    """The format ``--to`` names, else ``output``'s extension; None (and why, on stderr)
    when neither says."""
    export_format = ExportFormat(to) if to else format_of(output)
    if export_format is None:
        print(f"writer-app-cli: cannot tell the format of {output.name} from its "
              "extension: use .docx, .odt, .pdf, .html or .txt, or say it with --to.",
              file=sys.stderr)
    return export_format


def recorded_label(path: Path, text: str) -> Label | None:
    """The label of ``text``, the file ``path``, from what writer-app recorded of the
    model's writing in it; None when it has no record or the model wrote none of it."""
    store = ProvenanceStore(AppPaths.default().provenance_dir)
    reading = store.read(key_for_path(path), text)
    if reading.notice is not None:
        print(f"writer-app-cli: {reading.notice}", file=sys.stderr)
    return label_for(reading.spans, text, reading.content_id)


def run(args: argparse.Namespace) -> int:
    """Export ``args.input`` to ``args.output``; returns the exit code."""
    export_format = output_format(args.output, args.to)
    if export_format is None:
        return EXIT_USAGE
    try:
        text, _ = read_document(args.input)
    except DocumentError as exc:
        print(f"writer-app-cli: cannot use the document: {exc}", file=sys.stderr)
        return EXIT_USAGE
    label = None if args.label == "none" else recorded_label(args.input, text)
    if args.label == "explicit" and label is None:
        print(f"writer-app-cli: writer-app has no record that a language model wrote any of "
              f"{args.input.name}, so no label was added.", file=sys.stderr)
    return export_text(text, args.output, export_format,
                       markdown=is_markdown_name(args.input.name) and not args.plain,
                       name=args.input.stem, title=args.title, language=args.language,
                       paper=args.paper, label=label, explicit=args.label == "explicit")


def export_text(text: str, output: Path, export_format: ExportFormat, *, markdown: bool,
                name: str, title: str = "", language: str = "", paper: str | None = None,
                label: Label | None = None, explicit: bool = False) -> int:
    """Write ``text`` to ``output`` as the editor's export would, with ``label`` in its
    metadata (and its line at the end with ``explicit``); returns the exit code."""
    system = _system_locale()
    territory = system.split("_")[1] if "_" in system else ""
    paper_size = {"a4": PaperSize.A4, "letter": PaperSize.LETTER}.get(paper or "",
                                                                      paper_for(territory))
    _start_qt()
    from writer_app.qt.export import ExportOptions, export_blocks, read_blocks

    read = read_blocks(text, markdown=markdown)
    blocks, metadata = labelled(
        read, document_metadata(read, text, name, system, title=title, language=language),
        label, implicit=True, explicit=explicit)
    try:
        export_blocks(blocks, output, export_format, metadata, ExportOptions(paper_size))
    except DocumentError as exc:
        print(f"writer-app-cli: {exc}", file=sys.stderr)
        return EXIT_FAILED
    labelled_as = f", labelled as {label.share.percent} % AI-written" if label else ""
    print(f"writer-app-cli: wrote {output} ({export_format.label}{labelled_as}).",
          file=sys.stderr)
    return EXIT_OK

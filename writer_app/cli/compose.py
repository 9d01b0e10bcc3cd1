"""writer-app-cli compose, and summaries of long texts: drafts and summaries of many requests.

``compose`` streams the outline to stderr (or takes an edited one with ``--outline``),
then the draft section by section to stdout, so ``> draft.md`` keeps the draft only;
``--out FILE`` also writes it as any export format, labelled as the model's writing.
``summarize`` reads a text longer than the context window in parts, with its progress
on stderr, and streams the final summary to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from writer_app.cli.export import EXIT_FAILED, add_label_option, export_text, output_format
from writer_app.core.documents.files import DocumentError, read_document, write_atomic
from writer_app.core.documents.provenance import (
    Origin,
    Source,
    Span,
    label_for,
    new_content_id,
)
from writer_app.core.paths import AppPaths
from writer_app.core.plans.compose import Brief, ComposePlan, Section, compose, parse_keywords
from writer_app.core.plans.headless import Generates
from writer_app.core.plans.long_summary import LongSummary, Progress, summarize_long
from writer_app.core.plans.templates import LANGUAGES, TemplateLibrary, load_library, user_dir
from writer_app.core.requests import GenerationRequest, SamplingSettings
from writer_app.core.text.markdown import is_markdown_name
from writer_app.core.text.positions import utf16_length

EXIT_OK, EXIT_USAGE, EXIT_GENERATION = 0, 2, 4


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                run: argparse.ArgumentParser) -> None:
    """Add ``compose`` to the CLI's actions; ``run`` holds the model and sampling options."""
    parser = commands.add_parser(
        "compose", parents=[run],
        help="write a new text from a brief: an outline, then the draft section by section")
    commands.add_parser("templates", help="list the writing templates compose can use")
    parser.add_argument("--template", default="article",
                        help="the genre's template, by name or title (see `templates`)")
    parser.add_argument("--topic", default="", help="what the text is about")
    parser.add_argument("--keywords", default="",
                        help="comma-separated words the text must use")
    parser.add_argument("--audience", default="", help="who will read it")
    parser.add_argument("--tone", default="", help="the tone (default: the template's)")
    parser.add_argument("--length", type=int, default=0,
                        help="target length in words, or characters for Chinese")
    parser.add_argument("--sections", type=int, default=0,
                        help="how many sections (default: the template's)")
    parser.add_argument("--language", choices=list(LANGUAGES), default="",
                        help="the language of the text (default: the template's)")
    parser.add_argument("--outline", type=Path, metavar="FILE",
                        help="use this outline (one heading per line) instead of writing one")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="also write the draft to FILE, in the format of its extension "
                             "(.md, .txt, .docx, .odt, .pdf, .html)")
    add_label_option(parser, "the --out file")


def write_out(text: str) -> None:
    """Stream ``text`` to stdout as it comes."""
    sys.stdout.write(text)
    sys.stdout.flush()


def _write_err(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def _library() -> TemplateLibrary:
    library = load_library(user_dir(AppPaths.default().data))
    for problem in library.problems:
        print(f"writer-app-cli: {problem}", file=sys.stderr)
    return library


def list_templates() -> int:
    """``writer-app-cli templates``: the built-in and the writer's own templates."""
    for template in _library().ordered():
        sections = "1 section" if template.sections == 1 else f"{template.sections} sections"
        print(f"{template.name:<24} {template.title} ({template.default_length} "
              f"{template.unit}, {sections})")
    return EXIT_OK


def _brief(args: argparse.Namespace) -> Brief:
    library = _library()
    try:
        template = library.get(args.template)
    except KeyError:
        raise ValueError(f"There is no template called {args.template!r}: "
                         "see writer-app-cli templates.") from None
    return Brief(template, args.topic, parse_keywords(args.keywords), args.audience,
                 args.tone, args.length, args.sections, args.language)


def run(args: argparse.Namespace, engine: Generates, sampling: SamplingSettings,
        load: Callable[[], str]) -> int:
    """``writer-app-cli compose``: the outline to stderr, the draft to stdout (and to
    ``--out``).

    ``load`` loads the model, once the brief is known to be complete, and returns its name.
    """
    try:
        brief = _brief(args)
        outline = read_document(args.outline)[0] if args.outline else None
    except (ValueError, DocumentError) as exc:
        print(f"writer-app-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.out is not None and not is_markdown_name(args.out.name) and (
            output_format(args.out, None) is None):
        return EXIT_USAGE
    model = load()
    plan = ComposePlan(brief, sampling)

    def on_section(index: int, count: int, section: Section) -> None:
        _write_err(f"\nwriter-app-cli: section {index} of {count}: {section.heading}\n")

    if outline is None:
        _write_err("writer-app-cli: outline\n")
    try:
        result = compose(engine, plan, outline=outline, on_outline=_write_err,
                         on_draft=write_out, on_section=on_section)
    except ValueError as exc:
        print(f"\nwriter-app-cli: {exc}", file=sys.stderr)
        return EXIT_GENERATION
    if result.stopped:
        print("\nwriter-app-cli: stopped; the draft so far is above.", file=sys.stderr)
    elif result.missing:
        print("writer-app-cli: the draft never uses these keywords: "
              + ", ".join(result.missing), file=sys.stderr)
    if args.out is not None:
        return _write_draft(args, result.draft, model)
    return EXIT_OK


def _write_draft(args: argparse.Namespace, draft: str, model: str) -> int:
    """The draft in ``args.out``: Markdown as it is (a Markdown file has no metadata the
    editor would not show as text), any other format exported with the label of a text
    the model wrote in whole."""
    if is_markdown_name(args.out.name):
        try:
            write_atomic(args.out, draft.encode("utf-8"))
        except DocumentError as exc:
            print(f"writer-app-cli: {exc}", file=sys.stderr)
            return EXIT_FAILED
        print(f"writer-app-cli: wrote {args.out}.", file=sys.stderr)
        return EXIT_OK
    export_format = output_format(args.out, None)
    assert export_format is not None  # checked before the model was loaded
    whole = Span(0, utf16_length(draft), Origin.now(Source.BRIEF, model))
    label = None if args.label == "none" else label_for((whole,), draft, new_content_id())
    return export_text(draft, args.out, export_format, markdown=True, name=args.out.stem,
                       label=label, explicit=args.label == "explicit")


def summarize(args: argparse.Namespace, engine: Generates, request: GenerationRequest) -> int:
    """``writer-app-cli summarize``: in parts when the text is longer than the window."""
    summary = LongSummary(request.text, args.ctx_size, request.sampling, notes=request.notes)

    def on_progress(progress: Progress) -> None:
        if len(summary.parts) > 1:
            _write_err(f"writer-app-cli: summarizing {progress.describe()}\n")

    step = summarize_long(engine, summary, on_progress, write_out)
    sys.stdout.write("\n")
    if args.stats and step is not None and step.stats is not None:
        print(json.dumps({**asdict(step.stats), "parts": len(summary.parts)}),
              file=sys.stderr)
    return EXIT_OK

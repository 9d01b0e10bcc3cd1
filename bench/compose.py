"""Compose and long summaries on a real model: what the KV cache saves, and what a long
summary costs.

    .venv/bin/python -m bench.compose --model MODEL.gguf [--repetitions 3] [--threads 0]

1. Time to first token of section 2 of a composed draft, with the brief and the outline
   still in the KV cache from section 1 (warm), against the same request after an
   unrelated one has pushed them out (cold). The two alternate so both see the same load.
2. A map-reduce summary of a text several times the context window: total seconds, and
   seconds per 1,000 tokens read in the map phase (the parts plus their instructions).

    .venv/bin/python -m bench.compose --model MODEL.gguf --quality [--seeds 3]
        [--templates article,新闻稿]

3. With --quality, instead: whole drafts of six genres (English and Chinese) on seeds
   1..N, counted for what should never reach the document (docs/QUALITY.md, "Compose"):
   sections that recite the brief or the instructions (five consecutive words, or six
   Chinese characters, of the brief's or the section request's fixed text, or a line
   that starts with one of the brief's labels), headings cut inside a word or at a colon
   that belongs to them, sections that end mid-sentence, and the brief's keywords that
   the prose uses outside such echoes. The counts are made here, not by the code they
   measure, so the same count runs on older versions of the app.

A measurement, not a test.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from bench.common import TEXTS, add_model_option, loaded_engine, require_model
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.plans.compose import Brief, ComposePlan, Section, compose
from writer_app.core.plans.headless import run_request
from writer_app.core.plans.long_summary import LongSummary, Phase, summarize_long
from writer_app.core.plans.templates import load_library
from writer_app.core.protocol import Event, Finished, GenerationStats
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.core.text.units import ends_sentence, han_share
from writer_app.engine.client import EngineClient
from writer_app.testing.quality import longest_copy

OUTLINE = ("1. Why a balcony works: light, shelter and a tap nearby\n"
           "2. Choosing the plants: small varieties that like pots\n"
           "3. Pots and compost: what to buy and what to make\n"
           "4. Care through the summer: water, food and support\n")


class Recorder:
    """The engine, with every request it was given and the statistics of every request
    it finished."""

    def __init__(self, client: EngineClient) -> None:
        self.client = client
        self.requests: list[GenerationRequest] = []
        self.stats: list[GenerationStats] = []

    def generate(self, request: GenerationRequest) -> Iterator[Event]:
        self.requests.append(request)
        for event in self.client.generate(request):
            if isinstance(event, Finished):
                self.stats.append(event.stats)
            yield event


def section_two(client: EngineClient, repetitions: int) -> None:
    brief = Brief(load_library(None).get("article"), "Growing tomatoes on a city balcony",
                  ("sunlight", "compost"), length=800, sections=4)
    plan = ComposePlan(brief, SamplingSettings(temperature=0.0, max_tokens=1))
    plan.set_outline(OUTLINE)
    first = run_request(client, plan.section_request(0, ""))
    draft = plan.section_start(0, "") + (first.text or "Light matters most.")
    second = plan.section_request(1, draft + plan.section_start(1, draft))
    second = GenerationRequest(Action.COMPOSE, second.text, instruction=second.instruction,
                               sampling=SamplingSettings(temperature=0.0, max_tokens=1))
    other = GenerationRequest(Action.SUMMARIZE, (TEXTS / "en-essay-walking.txt").read_text(),
                              sampling=SamplingSettings(temperature=0.0, max_tokens=1))
    warm: list[float] = []
    cold: list[float] = []
    read = {"warm": 0, "cold": 0}
    tokens = 0
    for _ in range(repetitions):
        run_request(client, plan.section_request(0, ""))  # section 1's prefix in the cache
        step = run_request(client, second)
        assert step.stats is not None
        warm.append(step.stats.ttft_s)
        read["warm"] = step.stats.prompt_tokens_processed
        run_request(client, other)  # an unrelated prompt replaces the cache
        step = run_request(client, second)
        assert step.stats is not None
        cold.append(step.stats.ttft_s)
        read["cold"] = step.stats.prompt_tokens_processed
        tokens = step.stats.prompt_tokens
    w, c = statistics.median(warm), statistics.median(cold)
    print(f"section 2: {tokens} prompt tokens, {read['warm']} read warm and {read['cold']} "
          f"cold; time to first token warm {1000 * w:.0f} ms, cold {1000 * c:.0f} ms, "
          f"warm / cold {w / c:.2f} (median of {repetitions})")


def long_summary(client: EngineClient, n_ctx: int, copies: int) -> None:
    text = "\n\n".join([(TEXTS / "en-long-clockmaker.txt").read_text(encoding="utf-8")]
                       * copies)
    recorder = Recorder(client)
    summary = LongSummary(text, n_ctx, SamplingSettings(temperature=0.0, seed=1))
    phases: list[Phase] = []
    started = time.perf_counter()
    summarize_long(recorder, summary, lambda progress: phases.append(progress.phase))
    seconds = time.perf_counter() - started
    map_tokens = sum(stats.prompt_tokens for stats, phase in zip(recorder.stats, phases,
                                                                   strict=True)
                     if phase is Phase.MAP)
    print(f"long summary: {len(text):,} characters in {len(summary.parts)} parts, "
          f"{len(recorder.stats)} requests, {seconds:.1f} s; {map_tokens:,} tokens read in "
          f"the map phase; {1000 * seconds / map_tokens:.2f} s per 1,000 of them")


# The drafts of the quality count: a template, a topic and its keywords, a length.
DRAFTS = (("article", "urban beekeeping", "honey, rooftops", 200),
          ("news release", "a city library opens a tool lending shelf", "tools, library card",
           200),
          ("ad copy", "a folding electric bike", "commute, battery", 120),
          ("新闻稿", "晨屿咖啡旗舰店开业", "咖啡、社区", 300),
          ("公众号文章", "在阳台上种番茄", "阳光、堆肥", 300),
          ("小红书笔记", "第一次去云南徒步", "装备、路线", 200))
_VALUE = "\ue000"  # stands for a value of the writer's in both texts compared
_LABEL = re.compile(r"^\W*(?:Genre|Topic|Keywords?|Audience|Tone|Length|Language|"
                    r"体裁|主题|关键词|读者|语气|篇幅|语言)\s*[(（:：]", re.IGNORECASE)


@dataclass
class Count:
    """What the drafts of one template showed, summed over seeds."""

    drafts: int = 0
    sections: int = 0
    echoes: int = 0
    cut_headings: int = 0
    headings: int = 0
    mid_sentence: int = 0
    keywords: int = 0
    keywords_used: int = 0
    outlines_off: int = 0
    examples: list[str] = field(default_factory=list)


def _blank(text: str, values: Sequence[str]) -> str:
    for value in sorted(values, key=len, reverse=True):
        if value.strip():
            text = re.sub(re.escape(value.strip()), f" {_VALUE} ", text, flags=re.IGNORECASE)
    return text


def _echoes(prose: str, pieces: Sequence[str], values: Sequence[str], chinese: bool) -> bool:
    """Whether ``prose`` recites a prompt piece, the writer's own values aside."""
    if any(_LABEL.match(line) for line in prose.splitlines()):
        return True
    said = _blank(prose, values)
    least = 6 if chinese else 5
    return any(longest_copy(_blank(piece, values), said, chinese=chinese) >= least
               for piece in pieces)


def _cut(heading: str, outline: str) -> bool:
    """A heading that stops inside a word of its outline line, or at a colon that belongs
    to it (a short label whose line goes on with a short title)."""
    for line in outline.splitlines():
        at = line.find(heading)
        if at < 0:
            continue
        rest = line[at + len(heading):]
        if rest[:1].isalnum() and heading[-1:].isascii() and heading[-1:].isalnum():
            return True
        after = rest[1:].strip()
        if rest[:1] in ":：" and after and not re.search(r"[,，;；、]", after) and (
                len(after) <= 16 if han_share(after) > 0.5 else len(after.split()) <= 6):
            return True
    return False


def _sections(draft_pieces: list[tuple[Section, str]]) -> list[tuple[Section, str, str]]:
    """Each section's heading line (if any) and prose, from what was streamed for it."""
    found = []
    for section, text in draft_pieces:
        lines = text.strip("\n").split("\n")
        heading = lines[0][3:] if lines and lines[0].startswith("## ") else ""
        prose = "\n".join(lines[1:] if heading else lines).strip()
        found.append((section, heading, prose))
    return found


class Streamed:
    """What a draft streamed: its outline, and each section's text (heading included)."""

    def __init__(self) -> None:
        self.outline = ""
        self.sections: list[tuple[Section, str]] = []

    def on_outline(self, text: str) -> None:
        self.outline += text

    def on_section(self, index: int, count: int, section: Section) -> None:
        self.sections.append((section, ""))

    def on_draft(self, text: str) -> None:
        if self.sections:
            section, written = self.sections[-1]
            self.sections[-1] = (section, written + text)


def quality(client: EngineClient, seeds: int, wanted: Sequence[str]) -> None:
    library = load_library(None)
    counts: dict[str, Count] = {}
    for name, topic, keywords, length in DRAFTS:
        if wanted and name not in wanted:
            continue
        template = library.get(name)
        chinese = template.language == "zh"
        brief = Brief(template, topic, tuple(k.strip() for k in re.split("[,、]", keywords)),
                      length=length)
        count = counts.setdefault(template.title, Count())
        for seed in range(1, seeds + 1):
            plan = ComposePlan(brief, SamplingSettings(temperature=0.7, seed=seed))
            recorder = Recorder(client)
            streamed = Streamed()
            try:
                result = compose(recorder, plan, on_outline=streamed.on_outline,
                                 on_section=streamed.on_section, on_draft=streamed.on_draft)
            except ValueError:
                count.drafts += 1
                count.outlines_off += 1
                count.keywords += len(brief.keywords)
                continue
            count.drafts += 1
            if len(plan.sections) != brief.sections or \
                    (han_share(result.outline) > 0.5) != chinese:
                count.outlines_off += 1
            section_requests = recorder.requests[-len(plan.sections):]
            prose_all = []
            for (section, heading, prose), request in zip(_sections(streamed.sections),
                                                          section_requests, strict=False):
                count.sections += 1
                values = (topic, *brief.keywords, section.heading)
                fixed = (brief.text(), request.instruction or "")
                echo_runs = [run for run in re.split(r"(?<=[.!?。！？])\s*|\n+", prose)
                             if run.strip() and _echoes(run, fixed, values, chinese)]
                if echo_runs:
                    count.echoes += 1
                    count.examples.append(f"echo, seed {seed}: {echo_runs[0][:120]!r}")
                if heading:
                    count.headings += 1
                    if _cut(heading, streamed.outline):
                        count.cut_headings += 1
                        count.examples.append(f"cut heading, seed {seed}: {heading!r}")
                last = prose.rstrip().split("\n")[-1] if prose.strip() else ""
                if prose.strip() and (not ends_sentence(prose) or
                                      re.fullmatch(r"\s*\d+[.)]?\s*", last)):
                    count.mid_sentence += 1
                    count.examples.append(f"mid-sentence, seed {seed}: ...{prose[-60:]!r}")
                prose_all += [run for run in re.split(r"(?<=[.!?。！？])\s*|\n+", prose)
                              if run.strip() and not _echoes(run, fixed, values, chinese)]
            clean = "\n".join(prose_all).casefold()
            count.keywords += len(brief.keywords)
            count.keywords_used += sum(k.casefold() in clean for k in brief.keywords)
        print(f"{template.title}: {count}", flush=True)
    print("\n| Template | Drafts | Sections reciting the prompt | Headings cut | "
          "Sections ending mid-sentence | Keywords in clean prose | Outlines off |")
    print("|---|---|---|---|---|---|---|")
    for title, c in counts.items():
        print(f"| {title} | {c.drafts} | {c.echoes} / {c.sections} | {c.cut_headings} / "
              f"{c.headings} | {c.mid_sentence} / {c.sections} | {c.keywords_used} / "
              f"{c.keywords} | {c.outlines_off} / {c.drafts} |")
    for title, c in counts.items():
        for example in c.examples:
            print(f"{title}: {example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_option(parser)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--ctx-size", type=int, default=4096)
    parser.add_argument("--copies", type=int, default=4,
                        help="how many times the long text is repeated for the summary")
    parser.add_argument("--quality", action="store_true",
                        help="count what reaches the drafts of six genres instead (3. above)")
    parser.add_argument("--seeds", type=int, default=3, help="with --quality: seeds 1..N")
    parser.add_argument("--templates", default="",
                        help="with --quality: only these templates, by title, comma-separated")
    args = parser.parse_args()
    model = require_model(parser, args)
    with loaded_engine(LoadSettings(model_path=str(model), n_ctx=args.ctx_size,
                                    threads=args.threads)) as client:
        if args.quality:
            quality(client, args.seeds, [t for t in args.templates.split(",") if t])
            return
        section_two(client, args.repetitions)
        long_summary(client, args.ctx_size, args.copies)


if __name__ == "__main__":
    main()

"""Compose from a brief on the fake engine: the outline, the sections, Stop, the keywords."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from writer_app.cli.main import main as cli_main
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.plans.compose import (
    Brief,
    ComposePlan,
    Echoes,
    OutlineProblem,
    Section,
    WorkIn,
    check_work_in,
    compose,
    cut_at_word,
    missing_keywords,
    nearest_paragraph,
    parse_keywords,
    parse_outline,
    remove_echoes,
)
from writer_app.core.plans.templates import load_library
from writer_app.core.protocol import FinishReason
from writer_app.core.requests import Action, SamplingSettings
from writer_app.testing.fake_engine import FakeEngine
from writer_app.testing.tiny_model import write_tiny_model

OUTLINE = ("## Why roofs matter\n- the city's empty space\n", "## How panels work\n- cells\n",
           "## What it costs\n- money\n")


def _engine(tmp_path_factory: pytest.TempPathFactory) -> FakeEngine:
    engine = FakeEngine(OUTLINE)
    model = write_tiny_model(tmp_path_factory.mktemp("m") / "tiny.gguf")
    for _ in engine.load(LoadSettings(model_path=str(model))):
        pass
    return engine


def _brief(**changes: object) -> Brief:
    template = load_library(None).get("article")
    values: dict[str, object] = {"topic": "solar panels on city roofs",
                                 "keywords": ("solar", "grid"), "length": 2000, "sections": 3}
    values.update(changes)
    return Brief(template, **values)  # type: ignore[arg-type]


def test_outline_then_each_section_with_the_brief_and_only_the_previous_end(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = _engine(tmp_path_factory)
    plan = ComposePlan(_brief())
    announced: list[tuple[int, int, Section]] = []

    def on_section(index: int, count: int, section: Section) -> None:
        announced.append((index, count, section))
        engine.chunks = [f"Section {index} talks about solar power. " * 60]

    result = compose(engine, plan, on_section=on_section)
    assert [(i, n, s.heading) for i, n, s in announced] == [
        (1, 3, "Why roofs matter"), (2, 3, "How panels work"), (3, 3, "What it costs")]
    assert all(request.action is Action.COMPOSE for request in engine.requests)
    outline_request, *section_requests = engine.requests
    assert "exactly 3 sections" in outline_request.instruction
    for number, request in enumerate(section_requests):
        assert request.text.startswith(plan.brief.text())
        assert "## What it costs" in request.text
        assert f"section {number + 1} of 3" in request.instruction
        # The previous section's end only: the prompt does not grow with the draft.
        assert len(request.text) < len(plan.brief.text()) + 1200
    assert "Section 1 talks" in section_requests[1].text
    assert "Section 1 talks" not in section_requests[2].text
    assert result.draft.index("## Why roofs matter") < result.draft.index("## What it costs")
    assert result.draft.count("## ") == 3
    assert result.missing == ("grid",)
    assert not result.stopped


def test_stop_mid_section_keeps_what_was_written(tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = _engine(tmp_path_factory)
    plan = ComposePlan(_brief())
    shown: list[str] = []
    second_started = threading.Event()

    def on_section(index: int, count: int, section: Section) -> None:
        engine.chunks = [f"Words of section {index}. ", "More words. ", "The end."]
        if index == 2:
            engine.hold()

    def on_draft(text: str) -> None:
        shown.append(text)
        if text == "Words of section 2.":  # shown a sentence at a time
            second_started.set()

    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(
        compose(engine, plan, on_section=on_section, on_draft=on_draft)))
    worker.start()
    assert second_started.wait(30)
    engine.cancel()
    worker.join(30)
    result = outcome[0]
    assert result.stopped  # type: ignore[attr-defined]
    draft = result.draft  # type: ignore[attr-defined]
    assert draft == "".join(shown)
    assert "Words of section 1. More words. The end." in draft
    assert draft.endswith("## How panels work\n\nWords of section 2. ")
    assert "section 3" not in draft
    assert len(engine.requests) == 3


def test_an_edited_outline_is_used_as_the_writer_left_it(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = _engine(tmp_path_factory)
    plan = ComposePlan(_brief(sections=5))
    compose(engine, plan, outline="1. Opening\n2. Closing\n")
    assert [s.heading for s in plan.sections] == ["Opening", "Closing"]
    assert len(engine.requests) == 2


def test_keywords_check_and_work_it_in() -> None:
    assert parse_keywords("solar panels, grid；太阳能、 储能 ,,") == (
        "solar panels", "grid", "太阳能", "储能")
    draft = ("## Intro\n\nRoofs are empty.\n\nPanels turn light into power for the city "
             "grid.\n\n## End\n\nThe end.\n")
    assert missing_keywords(["Panel", "solar power", "grid", "太阳能"], draft) == (
        "solar power", "太阳能")
    plan = ComposePlan(_brief())
    request = plan.work_in_request(draft, "power grid")
    assert request.action is Action.REWRITE
    assert request.selected_text.startswith("Panels turn light")
    assert "power grid" in request.instruction


def test_outline_forms() -> None:
    rambling = parse_outline("word " * 500)
    assert len(rambling) == 1 and len(rambling[0].heading) <= 120
    assert rambling[0].heading.endswith("word") and len(rambling[0].notes) <= 400
    assert [s.heading for s in parse_outline("# Title\n## A\n- a\n## B\n- b")] == ["A", "B"]
    assert [s.heading for s in parse_outline("一、背景\n- 说明\n二、做法\n三、结论")] == [
        "背景", "做法", "结论"]
    sections = parse_outline("- **First**\n  - detail\n- Second")
    assert sections == (Section("First", "detail"), Section("Second"))


def test_a_chinese_brief_counts_characters_and_asks_in_chinese() -> None:
    template = load_library(None).get("新闻稿")
    plan = ComposePlan(Brief(template, "新能源工厂投产", ("绿色", "就业"), length=800,
                             sections=4))
    assert plan.brief.unit == "characters"
    request = plan.outline_request()
    assert "关键词" in request.text and "绿色、就业" in request.text
    assert "恰好4个部分" in request.instruction


def test_work_it_in_rewrites_one_paragraph_and_is_checked_before_it_is_used() -> None:
    draft = ("## Tea\n\nWarm the pot first.\nThen pour water that has just boiled.\n"
             "Wait three minutes.\n")
    start, end = nearest_paragraph(draft, "boiling water")
    assert draft[start:end] == "Then pour water that has just boiled."
    paragraph = "Then pour water that has just boiled, and let the leaves open slowly."
    assert check_work_in(paragraph, paragraph, "kettle") is WorkIn.MISSING
    assert check_work_in(paragraph, "Use a kettle.", "kettle") is WorkIn.TOO_SHORT
    assert check_work_in(
        paragraph, "Then pour water from the kettle, and let the leaves open slowly.",
        "kettle") is WorkIn.DONE
    assert check_work_in("把刚烧开的水倒进壶里，等三分钟再喝。", "水温要合适。",
                                 "水温") is WorkIn.TOO_SHORT
    assert check_work_in("把刚烧开的水倒进壶里，等三分钟再喝。",
                                 "把水温合适的开水倒进壶里，等三分钟再喝。", "水温") is WorkIn.DONE


def test_outline_lines_that_echo_the_prompt_are_not_sections() -> None:
    assert parse_outline("## The writer's text comes between the lines") == ()
    leaked = ("## The writer's brief for a text about tea. The writer's notes on an articl\n"
              "## Warm the pot\n- why it matters\n"
              "## 只输出提纲，用简体中文：一个编号列表\n## 水温\n")
    assert parse_outline(leaked) == (Section("Warm the pot", "why it matters"), Section("水温"))
    # A heading may share a few words with the instructions, or a phrase anywhere.
    kept = ("## The writer's tools\n## The second section of the tea\n"
            "## Tea for a general reader\n")
    assert [s.heading for s in parse_outline(kept)] == [
        "The writer's tools", "The second section of the tea", "Tea for a general reader"]


def _streamed(plan: ComposePlan, index: int, text: str, size: int = 5,
              reason: FinishReason = FinishReason.STOP) -> str:
    """What section ``index`` shows of ``text``, streamed ``size`` characters at a time."""
    cleaning = plan.section_text(index, plan.section_request(index, ""))
    shown = "".join(cleaning.feed(text[at : at + size]) for at in range(0, len(text), size))
    shown += cleaning.finish(reason)
    assert shown == cleaning.shown
    return shown


def _beekeeping() -> ComposePlan:
    plan = ComposePlan(Brief(load_library(None).get("article"), "urban beekeeping",
                             ("honey", "rooftops"), length=200))
    plan.set_outline("1. Why bees: the city's flowers\n2. Honey on rooftops: the yield")
    return plan


def _news() -> ComposePlan:
    plan = ComposePlan(Brief(load_library(None).get("新闻稿"), "晨屿咖啡旗舰店开业",
                             ("咖啡", "社区"), length=300))
    plan.set_outline("1. 导语：晨屿旗舰店开业\n2. 主体：门店的面积、设计和活动")
    return plan


def test_a_section_leaves_out_the_brief_it_copies_and_counts_keywords_on_the_rest() -> None:
    plan = _beekeeping()
    copied = plan.brief.text() + "\n\nBees find flowers in every park of the city.\n"
    shown = _streamed(plan, 0, copied)
    assert shown == "Bees find flowers in every park of the city."
    assert missing_keywords(plan.brief.keywords, shown) == ("honey", "rooftops")
    # The labels alone, on one line each, as a small model copies them.
    shown = _streamed(plan, 0, "Genre: Article\nTopic: urban beekeeping\nKeywords: honey, "
                               "rooftops\nUrban beekeeping puts hives on rooftops.")
    assert shown == "Urban beekeeping puts hives on rooftops."
    news = _news()
    shown = _streamed(news, 0, "体裁: 新闻稿\n主题: 晨屿咖啡旗舰店开业\n关键词：咖啡、社区\n"
                               "晨屿咖啡旗舰店今天开业，社区居民排队品尝。", size=3)
    assert shown == "晨屿咖啡旗舰店今天开业，社区居民排队品尝。"
    copied = _streamed(news, 0, "写作要求（要翻译，更容易）：类似。\n门店今天开业。")
    assert copied == "门店今天开业。"
    assert missing_keywords(news.brief.keywords, news.brief.text()) == ()
    assert missing_keywords(news.brief.keywords, shown) == ()


def test_a_section_leaves_out_the_instructions_it_recites() -> None:
    plan = _beekeeping()
    recited = ("Hives on rooftops need shelter from the wind. Use short paragraphs, concrete "
               "examples and facts, and a clear and informative tone. Write only the text "
               "of this section, about 40 words, in English. Do not repeat its heading.\n\n"
               "A city hive gives about ten kilograms of honey a year.")
    assert _streamed(plan, 0, recited) == (
        "Hives on rooftops need shelter from the wind.\n\n"
        "A city hive gives about ten kilograms of honey a year.")
    news = _news()
    recited = ("门店位于老城区的街角。用第三人称、客观、正式的语气，不夸张，不用感叹号。"
               "只写这一部分的正文，约150字。\n店内设有社区活动区。")
    assert _streamed(news, 1, recited, size=4) == "门店位于老城区的街角。\n店内设有社区活动区。"


def test_echoes_are_data_and_the_writers_own_words_never_echo() -> None:
    echoes = Echoes(("Plan an article about urban beekeeping for a general reader.",),
                    own=("urban beekeeping for a general reader",))
    # The writer's own words may be used freely; five words of the fixed text may not.
    assert remove_echoes("Urban beekeeping for a general reader is easy.", echoes) == (
        "Urban beekeeping for a general reader is easy.")
    assert remove_echoes("First. Plan an article that a friend likes.", Echoes(
        ("Plan an article that a reader can act on.",))) == "First."
    # Four words in a row, or five Chinese characters, may be chance.
    assert remove_echoes("Plan an article about it.", echoes) == "Plan an article about it."
    zh = Echoes(("用第三人称、客观的语气",))
    assert remove_echoes("他用第三人称讲述。", zh) == "他用第三人称讲述。"
    assert remove_echoes("他用第三人称、客观地讲述。", zh) == ""


def test_the_draft_keeps_the_outline_headings_and_drops_the_models_own() -> None:
    plan = _beekeeping()
    text = ("## Why bees\n\nBees need flowers.\n### Where they fly\n**The parks**\n"
            "They fly three kilometres.\nWhy bees\n[SECTION 2 OF THE ARTICLE]\n")
    assert _streamed(plan, 0, text) == "Bees need flowers.\nThey fly three kilometres."
    assert _streamed(plan, 0, "Bees need flowers.\n##\n\nThey fly far.") == (
        "Bees need flowers.\n\nThey fly far.")
    news = _news()
    assert _streamed(news, 0, "门店今天开业。\n##\n店内设有社区活动区。", size=3) == (
        "门店今天开业。\n店内设有社区活动区。")
    text = "## 导语\n晨屿咖啡旗舰店今天开业。\n#开业 #咖啡\n"
    assert _streamed(news, 0, text, size=2) == "晨屿咖啡旗舰店今天开业。\n#开业 #咖啡"


def test_a_section_ends_at_a_sentence_end() -> None:
    plan, cut = _beekeeping(), FinishReason.LENGTH
    assert _streamed(plan, 0, "Bees need flowers. In spring the hives so have", reason=cut) == (
        "Bees need flowers.")
    assert _streamed(plan, 0, "Bees need flowers.\n1. Parks.\n11.") == (
        "Bees need flowers.\n1. Parks.")
    # A section with no sentence end at all keeps its words; a stop keeps what came; a
    # last line the model ended itself stays.
    assert _streamed(plan, 0, "Bees and flowers", reason=cut) == "Bees and flowers"
    assert _streamed(plan, 0, "Bees need flowers. In spring",
                     reason=FinishReason.CANCELLED) == "Bees need flowers. In spring"
    assert _streamed(_news(), 0, "门店今天开业。店长表示将", size=2, reason=cut) == "门店今天开业。"
    tagged = "门店今天开业。\n#开业 #咖啡"
    assert _streamed(_news(), 0, tagged, size=2) == tagged
    # A lead-in waits for what it leads to: it goes when only an echo follows it.
    assert _streamed(plan, 0, "Bees need flowers.\nHere is how:\n- parks\n") == (
        "Bees need flowers.\nHere is how:\n- parks")
    assert _streamed(plan, 0, "Bees need flowers.\nHere is how:\nGenre: Article\n") == (
        "Bees need flowers.")
    assert _streamed(plan, 0, "Bees need flowers.\nHere is how it is done:") == (
        "Bees need flowers.")
    assert _streamed(_news(), 0, "门店今天开业。\n活动如下：\n体裁：新闻稿\n", size=2) == (
        "门店今天开业。")


def test_an_outline_item_is_a_heading_and_notes_never_cut_inside_a_word() -> None:
    sentence = ("1. The first section covers what this topic is about and why readers should "
                "care about it, with examples from three cities and their rooftop hives")
    (section,) = parse_outline(sentence)
    assert section.heading == ("The first section covers what this topic is about and why "
                               "readers should care about it")
    assert section.notes.startswith("with examples")
    (section,) = parse_outline("1. " + "beekeeping " * 30)
    assert section.heading.endswith("beekeeping") and len(section.heading) <= 120
    assert cut_at_word("城市养蜂的好处很多", 4) == "城市养蜂"
    # A colon after a short label belongs to the heading; after a heading, notes follow.
    assert parse_outline("1. 导语：晨屿旗舰店开业\n2. 主体事实：门店三百平方米，设有活动区") == (
        Section("导语：晨屿旗舰店开业"), Section("主体事实", "门店三百平方米，设有活动区"))
    assert parse_outline("1. Introduction: Why bees matter\n2. Pots and compost: what to buy, "
                         "what to make") == (
        Section("Introduction: Why bees matter"),
        Section("Pots and compost", "what to buy, what to make"))


def test_the_outline_drops_duplicates_and_recited_instructions() -> None:
    plan = _news()
    written = ("1. 导语：晨屿旗舰店开业\n2. 请用简体中文；提纲要有四个部分\n3. 主体事实\n"
               "4. 导语：晨屿旗舰店开业\n5. 负责人引语\n"
               "6. 为“晨屿咖啡旗舰店开业”写一篇新闻稿的提纲\n7. 关于本机构")
    assert plan.clean_outline(written) == (
        "## 导语：晨屿旗舰店开业\n## 主体事实\n## 负责人引语\n## 关于本机构")
    assert [s.heading for s in parse_outline("## Honey\n## honey\n## Hives\n")] == [
        "Honey", "Hives"]
    article = _beekeeping()
    assert article.clean_outline("1. Plan an article about urban beekeeping for a general "
                                 "reader\n2. Honey\n3. Write it in English\n") == "## Honey"
    # An outline that only recites the brief leaves nothing of it to edit.
    for recited in (article.brief.text(), plan.brief.text()):
        assert plan.clean_outline(recited) == "" == article.clean_outline(recited)


def test_an_outline_not_as_asked_is_asked_for_once_more(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    plan = ComposePlan(Brief(load_library(None).get("新闻稿"), "晨屿咖啡旗舰店开业",
                             length=300, sections=2),
                       SamplingSettings(seed=4))
    assert plan.outline_problem("## Opening\n## Details") is OutlineProblem.LANGUAGE
    assert plan.outline_problem("## 导语") is OutlineProblem.SECTIONS
    assert plan.outline_problem("## 导语\n## 主体") is None
    engine = _engine(tmp_path_factory)
    engine.chunks = ["1. Opening\n2. Details\n"]
    outlines: list[str] = []

    def on_outline(text: str) -> None:
        outlines.append(text)
        if text == "\n\n":  # the first outline is in English: the second is asked for
            engine.chunks = ["1. 导语\n2. 主体\n"]
        elif len(engine.requests) > 1:
            engine.chunks = ["门店今天开业。"]

    result = compose(engine, plan, on_outline=on_outline)
    assert [request.sampling.seed for request in engine.requests[:2]] == [4, 5]
    assert result.outline == "## 导语\n## 主体"
    assert len(engine.requests) == 4


def test_an_empty_topic_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="topic is empty"):
        _brief(topic="  ")
    # The CLI says so before it loads any model.
    assert cli_main(["compose", "--model", str(tmp_path / "none.gguf"), "--topic", " "]) == 2
    assert "the topic is empty" in capsys.readouterr().err


def test_a_section_leaves_out_a_line_of_the_brief_it_quotes_and_a_marker_before_prose() -> None:
    plan = _beekeeping()
    quoted = ('Bees need flowers. The writer explains this by saying, "Genre: Article" and '
              "then goes on.\n\n[TITLE] Hives on rooftops give honey.")
    assert _streamed(plan, 0, quoted) == "Bees need flowers.\n\nHives on rooftops give honey."
    news = _news()
    quoted = "门店今天开业。正如“体裁：新闻稿”所说，活动很多。\n[正文] 店内设有社区活动区。"
    assert _streamed(news, 0, quoted, size=3) == "门店今天开业。\n店内设有社区活动区。"
    # A label that is not the brief's, and a bracketed heading in the Chinese way, stay.
    kept = "Bees need flowers.\nOpening hours: nine to five."
    assert _streamed(plan, 0, kept) == kept
    kept = "门店今天开业。\n【活动时间】周六上午十点。"
    assert _streamed(news, 0, kept, size=3) == kept


def test_a_heading_of_the_models_own_at_the_sections_end_is_left_out() -> None:
    plan, news = _beekeeping(), _news()
    # (A line break streamed before the heading was known may stay: the next section's
    # heading follows it.)
    for ending in ("", "\n"):
        assert _streamed(plan, 0, f"Bees need flowers.\n\nWhy bees are worth it{ending}"
                         ).rstrip() == "Bees need flowers."
        assert _streamed(news, 0, f"门店今天开业。\n\n咖啡与社区的故事{ending}", size=3
                         ).rstrip() == "门店今天开业。"
    # One that prose follows stays, as do a list, hashtags, a label line, and a section
    # that has nothing else.
    for kept in ("Bees need flowers.\nWhy bees matter\nThey fly far.",
                 "Bees need flowers.\n- city parks", "Bees need flowers.\nContact: Jo Lee",
                 "Why bees are worth it"):
        assert _streamed(plan, 0, kept) == kept
    for kept in ("门店今天开业。\n咖啡与社区\n店内设有社区活动区。", "门店今天开业。\n#开业 #咖啡"):
        assert _streamed(news, 0, kept, size=3) == kept


def test_sections_are_one_blank_line_apart_however_the_last_one_ended() -> None:
    for plan in (_beekeeping(), _news()):
        heading = f"## {plan.sections[1].heading}\n\n"
        for ending in ("", "\n", "\n\n"):
            draft = f"## {plan.sections[0].heading}\n\nBees need flowers.{ending}"
            assert (draft + plan.section_start(1, draft)).endswith(
                f"Bees need flowers.\n\n{heading}")


def test_a_code_fence_round_a_section_is_left_out() -> None:
    assert _streamed(_beekeeping(), 0, "```\nBees need flowers.\n```\n") == "Bees need flowers."
    assert _streamed(_news(), 0, "```markdown\n门店今天开业。\n```", size=3) == "门店今天开业。"
    assert _streamed(_news(), 0, "```", size=3) == ""


def test_a_section_leaves_out_what_it_copies_from_the_section_before() -> None:
    for plan, before, copied, own in (
            (_beekeeping(), "Bees find flowers in every park of the city.",
             "Bees find flowers in every park of the city. ", "Honey comes in June."),
            (_news(), "门店位于老城区的街角，设有社区活动区。",
             "门店位于老城区的街角，设有社区活动区。", "开业当天有免费试饮。")):
        draft = f"## {plan.sections[0].heading}\n\n{before}\n"
        start = plan.section_start(1, draft)
        request = plan.section_request(1, draft + start)
        cleaning = plan.section_text(1, request)
        shown = cleaning.feed(copied + own) + cleaning.finish(FinishReason.STOP)
        assert shown == own


def test_a_section_leaves_out_the_talk_before_its_text() -> None:
    talk = ("I'm glad you found the written text helpful. Here's a continuation of the "
            "introduction:\n\nBees need flowers.\nHere is how:\n- city parks")
    assert _streamed(_beekeeping(), 0, talk) == "Bees need flowers.\nHere is how:\n- city parks"
    talk = "很高兴能帮到你。以下是这一部分的正文：\n门店今天开业。"
    assert _streamed(_news(), 0, talk, size=3) == "门店今天开业。"

"""The template library: built-ins load, a broken file is reported and skipped, the
writer's own template replaces a built-in of the same name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from writer_app.core.plans.compose import Brief, ComposePlan
from writer_app.core.plans.templates import (
    TemplateError,
    builtin_dir,
    free_name,
    load_library,
    parse_template,
    save_user_template,
    template_to_toml,
)

GENRES = ("article", "blog-post", "news-release", "ad-copy", "product-description",
          "social-post", "email", "short-story")
CHINESE = ("新闻稿", "广告文案", "公众号文章")


def test_every_builtin_template_loads_and_makes_prompts() -> None:
    library = load_library(None)
    assert library.problems == ()
    assert len(library.templates) == len(list(builtin_dir().glob("*.toml")))
    for name in (*GENRES, *CHINESE):
        template = library.get(name)
        assert template.builtin
        plan = ComposePlan(Brief(template, "a topic", ("one", "two")))
        assert plan.outline_request().instruction
        plan.set_outline("## First\n- what it says\n## Second")
        assert "Second" in plan.section_request(1, "Some text.").text
    assert library.get("新闻稿").language == "zh"


def test_a_broken_template_is_reported_with_its_file_and_field_and_skipped(
        tmp_path: Path) -> None:
    user = tmp_path / "templates"
    user.mkdir()
    good = load_library(None).get("email")
    (user / "mine.toml").write_text(
        template_to_toml(replace(good, name="mine", title="Mine")), encoding="utf-8")
    (user / "broken.toml").write_text(
        template_to_toml(replace(good, name="broken")).replace(
            "default_length = 200", "default_length = \"long\""), encoding="utf-8")
    (user / "not-toml.toml").write_text("name = [unclosed", encoding="utf-8")
    (user / "unknown.toml").write_text(
        template_to_toml(replace(good, name="unknown", outline="About {subject}.")),
        encoding="utf-8")
    library = load_library(user)
    assert "mine" in library.templates and "broken" not in library.templates
    assert "unknown" not in library.templates
    assert len(library.problems) == 3
    broken, not_toml, unknown = library.problems
    assert "broken.toml" in broken and "default_length" in broken
    assert "not-toml.toml" in not_toml and "TOML" in not_toml
    assert "unknown.toml" in unknown and "{subject}" in unknown


def test_a_user_template_overrides_the_builtin_of_the_same_name(tmp_path: Path) -> None:
    library = load_library(None)
    article = library.get("article")
    mine = replace(article, outline="Plan it my way: {topic}.", default_length=321)
    saved = save_user_template(mine, tmp_path / "templates")
    assert saved.source is not None and saved.source.parent == tmp_path / "templates"
    again = load_library(tmp_path / "templates").get("article")
    assert not again.builtin
    assert again.default_length == 321
    assert again.outline == "Plan it my way: {topic}."
    assert free_name(library, "article") == "article 2"


def test_toml_round_trip_keeps_every_field() -> None:
    for template in load_library(None).templates.values():
        back = parse_template(template_to_toml(template), template.source, builtin=True)
        assert back == template


def test_a_genre_is_named_in_the_interface_s_language() -> None:
    library = load_library(None)
    assert library.get("article").title_in("zh") == "英文文章"
    assert library.get("article").title_in("en") == "Article"
    assert library.get("英文文章") == library.get("article")
    assert [t.name for t in library.ordered("zh")][-6:] == [
        "zh-wechat-article", "zh-product-description", "zh-xiaohongshu", "zh-ad-copy",
        "zh-news-release", "zh-short-story"]


@pytest.mark.parametrize("titles", ['"文章"', "{ fr = 'Article' }", "{ zh = 3 }", "{ zh = '' }"])
def test_titles_by_language_are_a_table_of_texts(titles: str) -> None:
    text = template_to_toml(load_library(None).get("email")).replace("[titles]", "[unused]")
    with pytest.raises(TemplateError, match="titles"):
        parse_template(f"titles = {titles}\n" + text)


@pytest.mark.parametrize("bad", ["{topic", "{0}", "{topic!r:>{x}}"])
def test_broken_placeholders_are_named(bad: str) -> None:
    text = template_to_toml(replace(load_library(None).get("email"), section=bad))
    with pytest.raises(TemplateError, match="section"):
        parse_template(text)


@pytest.mark.parametrize("outline", [
    "About {topic[0]}.", "About {topic.real}.", "About {length:>300000000}.", "{topic!r}",
    "{}", "About {unit.__class__}.",
])
def test_a_placeholder_is_a_name_alone(outline: str) -> None:
    text = template_to_toml(replace(load_library(None).get("email"), outline=outline))
    with pytest.raises(TemplateError, match="outline"):
        parse_template(text)


def test_one_bad_user_template_costs_that_template_only_and_is_said_once(
        tmp_path: Path) -> None:
    user = tmp_path / "templates"
    user.mkdir()
    good = load_library(None).get("email")
    (user / "mine.toml").write_text(
        template_to_toml(replace(good, name="mine", title="Mine")), encoding="utf-8")
    for name, outline in (("index", "About {topic[0]}."), ("attribute", "About {topic.real}."),
                          ("wide", "About {length:>300000000}.")):
        (user / f"{name}.toml").write_text(
            template_to_toml(replace(good, name=name, outline=outline)), encoding="utf-8")
    (user / "deep.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (user / "huge.toml").write_text("name = 1" + "0" * 30, encoding="utf-8")
    library = load_library(user)
    assert "mine" in library.templates
    assert len(library.templates) == len(load_library(None).templates) + 1
    assert len(library.problems) == 5
    assert all("It is kept as" in problem for problem in library.problems)
    plan = ComposePlan(Brief(library.get("mine"), "a topic", ("one",)))
    assert "a topic" in plan.outline_request().instruction
    assert len(list(user.glob("*.toml.damaged"))) == 5
    assert load_library(user).problems == ()

"""Markdown without its marks, pinned: what the status bar counts in a Markdown document.

``tests/gui/test_markdown.py`` checks the same corpus against Qt's own Markdown reader.
"""

from __future__ import annotations

import pytest

from writer_app.core.text.markdown import is_markdown_name, plain_slice, plain_text
from writer_app.core.text.units import count_text, count_words

CORPUS = (
    "# A Title\n\nSome **bold**, *italic*, _also italic_ and ***both*** words.\n",
    "## Honey\n\n- Bees make it.\n- People *eat* it.\n  1. on toast\n  2. in tea\n",
    "> A quote with a [link](https://example.com \"title\") inside.\n> And a second line.\n",
    "Text with `inline code` and a ![picture of a cat](cat.png) here.\n",
    "```python\nx = 1  # not a heading\nprint(\"*not emphasis*\")\n```\n\nAfter the code.\n",
    "Setext Title\n============\n\nSubtitle here\n-------------\n\nBody text.\n\n***\n\nEnd.\n",
    "<!-- a note to self -->\nVisible text, snake_case_name and \\*escaped stars\\*.\n",
    "See [the docs][docs] or <https://example.org>.\n\n[docs]: https://example.com/docs\n",
    "| Name | Age |\n|------|----:|\n| Ann Lee | 30 |\n| Bo | 4 |\n",
    "- [ ] a task to do\n- [x] a task done\n+ plus item\n* star item\n",
    "# 蜂蜜\n\n蜂蜜是**蜜蜂**酿造的。它*很甜*，可以`直接`吃。\n",
    "## 第一章\n\n> 引用一段话，里面有[链接](https://example.cn)。\n\n1. 第一点\n2. 第二点\n",
    "中文和 English 混排，**粗体 bold** 与 ~~删除线~~。\n\n```\n代码 里的 字\n```\n",
    "### 小节 ###\n\n![图片](a.png)图片之后的文字。<b>加粗</b>\n",
)


@pytest.mark.parametrize(("markdown", "plain"), [
    ("# Title", "Title"),
    ("### Closed heading ###", "Closed heading"),
    ("#hashtag", "#hashtag"),                       # no space: not a heading
    ("**strong** and *em* and _em_", "strong and em and em"),
    ("snake_case_name", "snake_case_name"),         # underscores inside a word stay
    ("2 * 3 * 4", "2 * 3 * 4"),                     # a star between spaces is no mark
    ("- one\n* two\n+ three\n1. four\n2) five", "one\ntwo\nthree\nfour\nfive"),
    ("- [ ] todo\n- [x] done", "todo\ndone"),
    ("> quoted\n>> nested", "quoted\nnested"),
    ("`a*b*c`", "a*b*c"),                           # marks inside code are code
    ("```\n# code\n```\ntext", "# code\ntext"),
    ("~~~md\n**kept**\n~~~", "**kept**\n"),
    ("```\nnever closed *", "never closed *"),
    ("[text](https://example.com)", "text"),
    ("[text][ref]\n\n[ref]: https://example.com", "text\n\n"),
    ("![alt](image.png) after", " after"),
    ("<https://example.com>", "https://example.com"),
    ("<!-- hidden -->shown", "shown"),
    ("<em>tag</em>", "tag"),
    ("\\*not emphasis\\*", "*not emphasis*"),
    ("a\n\n---\n\nb", "a\n\n\n\nb"),
    ("Title\n=====", "Title\n"),
    ("~~gone~~", "gone"),
    ("**粗体**和*斜体*", "粗体和斜体"),
])
def test_plain_text_leaves_the_marks_out(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


def test_tables_keep_their_cells() -> None:
    assert plain_text("| a | b |\n|---|:-:|\n| c | d |").split() == ["a", "b", "c", "d"]


def test_counts_leave_marks_and_link_targets_out() -> None:
    text = "## Honey\n\n- **Bees** make [it](https://example.com/a-very-long-address).\n"
    assert count_words(plain_text(text)) == 4
    counts = count_text(plain_text(text))
    assert counts.characters == len("Honey\n\nBees make it.\n")


def test_chinese_counts_each_character_once() -> None:
    assert count_words(plain_text("# 蜂蜜\n\n- **蜜蜂**酿造。")) == 6


def test_markdown_names() -> None:
    assert is_markdown_name("notes.md")
    assert is_markdown_name("README.MARKDOWN")
    assert not is_markdown_name("notes.txt")
    assert not is_markdown_name("md")


def test_long_documents_are_read_whole() -> None:
    page = CORPUS[0] + CORPUS[10] + CORPUS[4]
    text = page * 2000
    assert plain_text(text) == plain_text(page) * 2000


def test_slices_pass_an_open_code_block_on() -> None:
    first, fence = plain_slice("# Head\n\n~~~~\n# code")
    assert (first, fence) == ("Head\n\n# code", "~~~~")
    second, fence = plain_slice("**still code**\n~~~~\n**prose**", fence)
    assert (second, fence) == ("**still code**\nprose", "")

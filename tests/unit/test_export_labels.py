"""The AI label on its way into an export: the implicit label as metadata properties, the
explicit line only when chosen, in the document's language, and nothing for a text the
writer wrote alone."""

from __future__ import annotations

import json

from writer_app.core.documents.export import (
    Block,
    BlockKind,
    ExportMetadata,
    Run,
    blocks_of_plain_text,
    html_fragment,
    labelled,
    plain_text,
)
from writer_app.core.documents.provenance import Origin, Source, Span, label_for

MODEL = Origin(Source.CONTINUE, "Qwen3 1.7B", 1.0)
ENGLISH = "I began. The tide turned and the boats came home."
CHINESE = "我开始写。潮水退去，渔船纷纷回港。"


def test_the_implicit_label_joins_the_metadata_and_keeps_what_was_there() -> None:
    label = label_for((Span(9, len(ENGLISH), MODEL),), ENGLISH, "c0ffee")
    blocks = blocks_of_plain_text(ENGLISH)
    out, metadata = labelled(blocks, ExportMetadata("Tide", "en", {"kept": "yes"}), label,
                             implicit=True)
    assert out == blocks
    assert metadata.properties["kept"] == "yes"
    aigc = json.loads(metadata.properties["AIGC"])
    assert aigc["Label"] == "1" and aigc["ProduceID"] == "c0ffee"
    assert "Qwen3 1.7B" in aigc["ContentProducer"]
    assert aigc["ContentProducer"].startswith("writer-app ")
    assert metadata.properties["ai-generated"] == "partly"
    assert metadata.properties["ai-share"].endswith("%")


def test_the_explicit_line_ends_the_text_only_when_chosen_in_its_language() -> None:
    for text, line in ((ENGLISH, "Parts of this text were generated with AI"),
                       (CHINESE, "本文部分内容由人工智能生成")):
        label = label_for((Span(5, len(text), MODEL),), text, "id")
        blocks = blocks_of_plain_text(text)
        plain, _ = labelled(blocks, ExportMetadata("t"), label, implicit=True)
        assert line not in plain_text(plain)
        marked, _ = labelled(blocks, ExportMetadata("t"), label, implicit=True,
                             explicit=True)
        assert marked[-1] == Block(BlockKind.PARAGRAPH, (Run(line),))
        assert plain_text(marked).endswith(f"\n\n{line}\n")


def test_labels_turned_off_leave_the_metadata_and_the_line_can_still_be_chosen() -> None:
    label = label_for((Span(0, len(ENGLISH), MODEL),), ENGLISH, "id")
    blocks, metadata = labelled(blocks_of_plain_text(ENGLISH), ExportMetadata("t"), label,
                                implicit=False, explicit=True)
    assert metadata.properties == {}
    assert blocks[-1].text == "Parts of this text were generated with AI"


def test_a_text_the_writer_wrote_alone_gets_no_label() -> None:
    label = label_for((), ENGLISH, "id")
    blocks = blocks_of_plain_text(ENGLISH)
    out, metadata = labelled(blocks, ExportMetadata("t"), label, implicit=True,
                             explicit=True)
    assert label is None and out == blocks and metadata.properties == {}


def test_a_formatted_copy_carries_the_label_as_meta_before_its_text() -> None:
    label = label_for((Span(0, len(ENGLISH), MODEL),), ENGLISH, "id")
    blocks = blocks_of_plain_text(ENGLISH)
    _, metadata = labelled(blocks, ExportMetadata("t"), label, implicit=True)
    fragment = html_fragment(blocks, metadata)
    assert fragment.startswith('<meta name="AIGC" content="{&quot;Label&quot;: &quot;1')
    assert '<meta name="ai-generated" content="yes">' in fragment
    assert "<meta" not in html_fragment(blocks, ExportMetadata("t"))

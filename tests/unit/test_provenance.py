"""Provenance in the core: spans follow edits, the share counts what the model wrote, the
store keeps the spans beside the history and re-finds them in a file changed outside, and
a document the writer wrote alone gets no label."""

from __future__ import annotations

import json
from pathlib import Path

from writer_app.core.documents.provenance import (
    MIN_MATCH,
    Label,
    Origin,
    ProvenanceStore,
    Share,
    Source,
    Span,
    clip_spans,
    edited,
    label_for,
    marked,
    normal,
    passages,
    pasted_spans,
    placed,
    share_of,
    span_at,
    within,
)
from writer_app.core.text.positions import utf16_units

MODEL = Origin(Source.CONTINUE, "Qwen3 1.7B", 1_700_000_000.0, "abc")
OTHER = Origin(Source.REWRITE, "Gemma 3 1B", 1_700_000_100.0)


def test_typing_inside_a_span_splits_it_and_the_typed_characters_are_the_writers() -> None:
    spans = (Span(10, 20, MODEL),)
    assert edited(spans, 15, 0, 3) == (Span(10, 15, MODEL), Span(18, 23, MODEL))


def test_typing_at_either_edge_of_a_span_is_outside_it() -> None:
    spans = (Span(10, 20, MODEL),)
    assert edited(spans, 10, 0, 2) == (Span(12, 22, MODEL),)
    assert edited(spans, 20, 0, 2) == (Span(10, 20, MODEL),)


def test_deleting_shrinks_a_span_and_moves_the_ones_after() -> None:
    spans = (Span(0, 5, MODEL), Span(10, 20, OTHER))
    assert edited(spans, 12, 4, 0) == (Span(0, 5, MODEL), Span(10, 16, OTHER))
    assert edited(spans, 3, 9, 0) == (Span(0, 3, MODEL), Span(3, 11, OTHER))
    assert edited(spans, 0, 30, 0) == ()


def test_replacing_text_across_a_span_keeps_what_is_left_of_it() -> None:
    spans = (Span(10, 20, MODEL),)
    assert edited(spans, 5, 10, 1) == (Span(6, 11, MODEL),)


def test_deleting_inside_a_span_joins_what_is_left() -> None:
    assert edited((Span(0, 10, MODEL),), 3, 2, 0) == (Span(0, 8, MODEL),)


def test_marking_sets_a_range_to_the_model_or_the_writer() -> None:
    spans = (Span(0, 10, MODEL),)
    assert marked(spans, 2, 4, None) == (Span(0, 2, MODEL), Span(4, 10, MODEL))
    assert marked(spans, 5, 15, OTHER) == (Span(0, 5, MODEL), Span(5, 15, OTHER))
    assert marked(spans, 10, 12, MODEL) == (Span(0, 12, MODEL),)


def test_a_cut_passage_pasted_elsewhere_keeps_its_marks() -> None:
    spans = (Span(0, 4, MODEL), Span(6, 8, OTHER))
    pieces = within(spans, 2, 8)
    assert pieces == (Span(0, 2, MODEL), Span(4, 6, OTHER))
    assert placed((), 20, 26, pieces) == (Span(20, 22, MODEL), Span(24, 26, OTHER))


def test_normal_joins_touching_spans_of_one_origin_only() -> None:
    assert normal([Span(5, 9, MODEL), Span(0, 5, MODEL), Span(9, 12, OTHER),
                   Span(3, 3, OTHER)]) == (Span(0, 9, MODEL), Span(9, 12, OTHER))


def test_span_at_finds_the_span_under_a_position() -> None:
    spans = (Span(2, 4, MODEL), Span(8, 9, OTHER))
    assert span_at(spans, 3) == Span(2, 4, MODEL)
    assert span_at(spans, 4) is None
    assert span_at(spans, 8) == Span(8, 9, OTHER)
    assert span_at((), 0) is None


def test_the_share_counts_characters_that_are_not_whitespace() -> None:
    text = "I wrote this. The model wrote this."
    start = text.index("The")
    units = utf16_units(text)
    share = share_of((Span(start - 1, len(text), MODEL),), units)
    assert share == Share(len("Themodelwrotethis."), len("Iwrotethis.Themodelwrotethis."))
    assert share.percent == round(100 * share.fraction)


def test_the_share_counts_a_character_beyond_the_bmp_once() -> None:
    text = "😀😀ab"
    assert share_of((Span(0, 4, MODEL),), utf16_units(text)) == Share(2, 4)


def test_the_share_of_a_selection() -> None:
    text = "aaaa bbbb"
    assert share_of((Span(0, 4, MODEL),), utf16_units(text), 2, 7) == Share(2, 4)


def test_the_share_is_never_shown_as_0_or_100_when_it_is_not() -> None:
    assert Share(1, 1000).percent == 1
    assert Share(999, 1000).percent == 99
    assert Share(0, 1000).percent == 0
    assert Share(0, 0).percent == 0
    assert Share(5, 5).percent == 100


def test_passages_leave_out_whitespace_alone() -> None:
    text = "ab  cd"
    rows = passages((Span(0, 2, MODEL), Span(2, 4, OTHER)), utf16_units(text))
    assert [(row.text, row.origin, row.characters) for row in rows] == [("ab", MODEL, 2)]


def test_a_document_the_writer_wrote_alone_gets_no_label() -> None:
    assert label_for((), "All of it mine.", "id") is None
    assert label_for((Span(0, 3, MODEL),), "   mine", "id") is None


def test_labels_can_be_turned_off() -> None:
    assert label_for((Span(0, 3, MODEL),), "abc def", "id", enabled=False) is None


def test_the_label_says_the_share_the_generator_the_models_and_the_number() -> None:
    text = "Mine. The model's."
    label = label_for((Span(6, len(text), MODEL), ), text, "c0ffee")
    assert isinstance(label, Label)
    assert label.models == ("Qwen3 1.7B",)
    assert label.generator.startswith("writer-app ")
    assert label.statement == "Parts of this text were generated with AI"
    properties = label.properties()
    assert properties["ai-share"] == f"{label.share.percent}%"
    assert properties["ai-generated"] == "partly"
    assert properties["ai-content-id"] == "c0ffee"
    aigc = json.loads(properties["AIGC"])
    assert aigc["Label"] == "1"
    assert aigc["ProduceID"] == "c0ffee"
    assert "Qwen3 1.7B" in aigc["ContentProducer"]


def test_a_chinese_document_gets_the_chinese_explicit_label() -> None:
    text = "我写的。模型写的。"
    label = label_for((Span(4, 9, MODEL),), text, "id")
    assert label is not None
    assert label.statement == "本文部分内容由人工智能生成"


# The store ---------------------------------------------------------------------------

def test_the_spans_survive_a_write_and_a_read(tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    text = "Mine. The model's words. Mine again."
    spans = (Span(6, 24, MODEL),)
    assert store.write("key", spans, text, "id-1") is None
    reading = store.read("key", text)
    assert reading.spans == spans
    assert reading.content_id == "id-1"
    assert reading.notice is None


def test_no_spans_leave_no_file(tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    store.write("key", (Span(0, 2, MODEL),), "abc", "id")
    store.write("key", (), "abc", "id")
    assert list(tmp_path.iterdir()) == []
    assert store.read("key", "abc").spans == ()


def test_a_file_changed_outside_is_re_matched_where_the_text_is_the_same(
        tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    model_text = "The rain kept on through the night."
    text = f"Mine first. {model_text} Mine last."
    start = text.index(model_text)
    store.write("key", (Span(start, start + len(model_text), MODEL),), text, "id")
    changed = "A new opening line, written elsewhere. " + text
    reading = store.read("key", changed)
    moved = changed.index(model_text)
    assert reading.spans == (Span(moved, moved + len(model_text), MODEL),)
    assert reading.notice is None


def test_a_span_changed_outside_keeps_the_parts_still_there_and_says_so(
        tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    model_text = "The rain kept on through the night, and nobody slept at all."
    text = f"Mine. {model_text}"
    start = text.index(model_text)
    store.write("key", (Span(start, len(text), MODEL),), text, "id")
    changed = text.replace("nobody slept", "everyone slept")
    reading = store.read("key", changed)
    assert reading.notice is not None and "1" in reading.notice
    kept = "".join(changed[span.start:span.end] for span in reading.spans)
    assert kept.startswith("The rain kept on through the night, and ")
    assert "everyone" not in kept
    assert all(span.end - span.start >= MIN_MATCH for span in reading.spans)


def test_a_span_whose_text_is_gone_is_dropped(tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    text = "Mine. Model words here."
    store.write("key", (Span(6, len(text), MODEL),), text, "id")
    reading = store.read("key", "Mine. Entirely different now.")
    assert reading.spans == ()
    assert reading.notice is not None


def test_a_short_span_found_twice_goes_where_its_context_is(tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    text = "the cat sat. the dog sat."
    store.write("key", (Span(17, 20, MODEL),), text, "id")  # "dog"... of "the dog"
    changed = "the dog ran. " + text
    reading = store.read("key", changed)
    assert reading.spans == (Span(30, 33, MODEL),)
    assert changed[30:33] == "dog"


def test_a_damaged_file_is_set_aside_and_reported(tmp_path: Path) -> None:
    (tmp_path / "key.json").write_text("{not json", encoding="utf-8")
    reading = ProvenanceStore(tmp_path).read("key", "text")
    assert reading.spans == ()
    assert reading.notice is not None
    assert (tmp_path / "key.json.damaged").exists()


def test_spans_of_a_stored_file_that_make_no_sense_are_skipped(tmp_path: Path) -> None:
    text = "abcdefgh"
    good = {"start": 0, "end": 3, "source": "continue", "model": "m", "at": 1.0,
            "text": "abc", "before": ""}
    data = {"version": 1, "content_id": "x", "length": 8, "digest": "other", "spans": [
        good, {**good, "source": "nonsense"}, {**good, "end": 2}, "text", {**good, "end": -1}]}
    (tmp_path / "key.json").write_text(json.dumps(data), encoding="utf-8")
    reading = ProvenanceStore(tmp_path).read("key", text)
    assert reading.spans == (Span(0, 3, Origin(Source.CONTINUE, "m", 1.0)),)


def test_moving_hands_the_spans_to_the_saved_file(tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    store.write("unsaved-1", (Span(0, 3, MODEL),), "abc", "id")
    store.move("unsaved-1", "saved")
    assert store.read("saved", "abc").spans == (Span(0, 3, MODEL),)
    assert not (tmp_path / "unsaved-1.json").exists()


def test_positions_count_utf16_units(tmp_path: Path) -> None:
    store = ProvenanceStore(tmp_path)
    text = "😀 model"
    store.write("key", (Span(3, 8, MODEL),), text, "id")
    changed = "new 😀 model"
    assert store.read("key", changed).spans == (Span(7, 12, MODEL),)


def test_the_clipboard_gives_the_spans_back_for_the_same_text_only() -> None:
    pieces = (Span(0, 3, MODEL), Span(4, 6, OTHER))
    data = clip_spans(pieces, "abc de")
    assert pasted_spans(data, "abc de") == pieces
    assert pasted_spans(data, "abc dX") is None
    assert pasted_spans(b"{broken", "abc de") is None

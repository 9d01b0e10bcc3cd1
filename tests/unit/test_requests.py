"""A request is a snapshot the engine can always take."""

from __future__ import annotations

from writer_app.core.requests import Action, GenerationRequest


def test_half_surrogate_pairs_become_replacement_characters() -> None:
    request = GenerationRequest(Action.REWRITE, "ab\ud83dcd\ude00ef", selection=(2, 5),
                                instruction="shorter\udc80")
    assert request.text == "ab\ufffdcd\ufffdef"
    assert request.selected_text == "\ufffdcd"
    assert request.instruction == "shorter\ufffd"
    request.text.encode("utf-8")
    assert request.cursor == len(request.text)


def test_real_emoji_are_kept() -> None:
    assert GenerationRequest(Action.CONTINUE, "a😀b").text == "a😀b"

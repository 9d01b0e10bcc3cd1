"""The flash attention choice: which figure decides, and the record kept of measurements."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from writer_app.core.models.flash import (
    MIN_DEPTH,
    WORKING_DEPTH,
    FlashChoice,
    FlashFigure,
    FlashMeasurement,
    FlashRates,
    FlashReason,
    projected,
)
from writer_app.core.models.load_settings import FlashAttention
from writer_app.engine.flash_record import RECORD_VERSION, FlashKey, FlashRecord

KEY = FlashKey(model="/models/a.gguf", model_bytes=1000, llama_cpp="0.3.36",
               device="CPU", gpu_layers=0, threads=2, kv_cache="f16", batch=512)


def measured(on: tuple[float, float], off: tuple[float, float]) -> FlashMeasurement:
    return FlashMeasurement(on=FlashRates(*on), off=FlashRates(*off), depth=900, steps=8,
                            seconds=1.5)


def test_writing_decides_beyond_the_noise() -> None:
    on, figure, gain = measured(on=(400, 80), off=(300, 100)).decide(default_on=False)
    assert (on, figure, gain) == (False, FlashFigure.WRITING, pytest.approx(0.25))


def test_reading_decides_when_writing_is_a_tie() -> None:
    on, figure, gain = measured(on=(400, 100), off=(300, 101)).decide(default_on=False)
    assert (on, figure) == (True, FlashFigure.READING)
    assert gain == pytest.approx(1 / 3)


def test_a_tie_keeps_the_default() -> None:
    for default in (False, True):
        assert measured(on=(300, 100), off=(301, 101)).decide(default_on=default) == (
            default, FlashFigure.TIE, 0.0)


def test_a_measurement_too_shallow_to_tell_keeps_the_default() -> None:
    """A model too slow to read far in its second: a 6 % lead at depth 23 is noise next to
    what flash attention costs at 900 tokens on a CPU."""
    shallow = dataclasses.replace(measured(on=(46, 11.9), off=(35, 11.2)), depth=23)
    assert not shallow.deep_enough
    assert shallow.decide(default_on=False) == (False, FlashFigure.TIE, 0.0)
    deep = dataclasses.replace(shallow, depth=MIN_DEPTH)
    assert deep.decide(default_on=False)[:2] == (True, FlashFigure.WRITING)


def test_a_measurement_is_kept_and_found_for_its_key_only(tmp_path: Path) -> None:
    record = FlashRecord(tmp_path / "data" / "flash-attention.json")
    measurement = dataclasses.replace(measured(on=(400, 80), off=(300, 100)),
                                      off=FlashRates(300, 100, 2.18))
    assert record.find(KEY) is None
    record.keep(KEY, measurement)
    assert FlashRecord(record.path).find(KEY) == measurement
    for change in ({"threads": 4}, {"llama_cpp": "0.3.37"}, {"device": "NVIDIA H100"},
                   {"gpu_layers": 33}, {"kv_cache": "q8_0"}, {"model_bytes": 999}):
        assert record.find(dataclasses.replace(KEY, **change)) is None, change


def test_a_new_measurement_replaces_the_old_and_others_stay(tmp_path: Path) -> None:
    record = FlashRecord(tmp_path / "flash-attention.json")
    other = dataclasses.replace(KEY, threads=1)
    record.keep(other, measured(on=(1, 1), off=(2, 2)))
    record.keep(KEY, measured(on=(1, 1), off=(2, 2)))
    record.keep(KEY, measured(on=(3, 3), off=(2, 2)))
    assert record.find(KEY) == measured(on=(3, 3), off=(2, 2))
    assert record.find(other) == measured(on=(1, 1), off=(2, 2))


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"version": 1}',
                                     b'{"version": 99, "entries": []}', b"\xff\xfe",
                                     b'{"version": 1, "entries": [{"key": "x"}, 3]}'])
def test_a_damaged_record_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "flash-attention.json"
    path.write_bytes(content)
    record = FlashRecord(path)
    assert record.find(KEY) is None
    record.keep(KEY, measured(on=(1, 1), off=(2, 2)))
    assert record.find(KEY) == measured(on=(1, 1), off=(2, 2))


def test_a_record_of_an_earlier_version_is_measured_again(tmp_path: Path) -> None:
    """Version 2 records lack what several drafts cost."""
    record = FlashRecord(tmp_path / "flash-attention.json")
    record.keep(KEY, measured(on=(1, 1), off=(2, 2)))
    text = record.path.read_text(encoding="utf-8").replace(
        f'"version": {RECORD_VERSION}', '"version": 2')
    record.path.write_text(text, encoding="utf-8")
    assert record.find(KEY) is None


def test_a_damaged_entry_is_ignored(tmp_path: Path) -> None:
    record = FlashRecord(tmp_path / "flash-attention.json")
    record.keep(KEY, measured(on=(1, 1), off=(2, 2)))
    text = record.path.read_text(encoding="utf-8").replace('"reading": 1', '"reading": -1')
    record.path.write_text(text, encoding="utf-8")
    assert record.find(KEY) is None


def test_a_choice_is_printed_as_json() -> None:
    choice = FlashChoice(FlashAttention.AUTO, False, FlashReason.MEASURED,
                         measured(on=(400, 80), off=(300, 100)), FlashFigure.WRITING, 0.25,
                         False)
    printed = json.loads(json.dumps(choice.as_json()))
    assert printed == {"setting": "auto", "on": False, "reason": "measured",
                       "decided_by": "writing", "gain": 0.25,
                       "measurement": {"on": {"reading": 400, "writing": 80, "drafts": 0},
                                       "off": {"reading": 300, "writing": 100, "drafts": 0},
                                       "depth": 900, "steps": 8, "seconds": 1.5}}



def test_a_token_written_deeper_costs_more_in_step_with_the_depth() -> None:
    # 10 ms a token at depth 2, 12 ms 100 tokens deeper: 2 ms more per 100 tokens.
    assert projected(0.010, 0.012, shallow_depth=2, depth=102) == pytest.approx(
        0.012 + 0.002 * (WORKING_DEPTH - 102) / 100)


def test_a_measurement_at_the_working_depth_is_taken_as_it_is() -> None:
    assert projected(0.010, 0.012, shallow_depth=2, depth=WORKING_DEPTH) == 0.012


def test_a_deeper_token_measured_faster_is_noise_not_a_trend() -> None:
    assert projected(0.012, 0.010, shallow_depth=2, depth=120) == 0.010

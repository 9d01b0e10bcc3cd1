"""Flash attention on or off for a loaded model: what was measured here, and the choice.

llama.cpp's flash attention kernel is faster on some machines and slower on others, and
the answer changes with the depth of the document (docs/PERFORMANCE.md): so the engine
measures both the first time a model runs on a machine (``engine/flash.py``) and keeps the
faster. "Faster" is the writing rate at the working depth, since a writer waits for every
written token while the KV cache spares most of the reading after the first request;
within ``NOISE`` of each other the reading rate decides, and within that too, or when the
measurement could not read ``MIN_DEPTH`` tokens deep, the default (off on a CPU,
llama.cpp's own choice on a GPU) stays.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass

from writer_app.core.models.load_settings import FlashAttention

NOISE = 0.03
"""Rates closer than this (3 %) are a tie: runs a few minutes apart move by 2–5 %."""
WORKING_DEPTH = 900
"""The depth of a writer's usual document: the writing rates compared are there."""
MIN_DEPTH = 96
"""The least depth at which a measurement decides: the growth of a token's time between
the start and the measured depth is multiplied by up to (900 − depth) ÷ depth to reach
``WORKING_DEPTH``, so a shallower one is decided by noise (a model too slow to read this
far in its second keeps the default)."""
MEASURED_DRAFTS = 3
"""Drafts written together in the measurement of what several drafts cost."""


def projected(shallow: float, deep: float, *, shallow_depth: int, depth: int) -> float:
    """Seconds per token written at ``WORKING_DEPTH``, from ``shallow`` seconds at
    ``shallow_depth`` and ``deep`` at ``depth``: a token's time grows in step with the
    depth (attention reads every token before it), so a straight line through the two,
    never falling with depth."""
    if depth >= WORKING_DEPTH or depth <= shallow_depth:
        return deep
    growth = max(0.0, deep - shallow) / (depth - shallow_depth)
    return deep + growth * (WORKING_DEPTH - depth)


class FlashReason(enum.Enum):
    """Why flash attention is on or off for the loaded model."""

    MEASURED = "measured"
    """Measured while this model loaded."""
    STORED = "stored"
    """Measured earlier on this machine, with the same model, llama.cpp and settings."""
    SET = "set"
    """The writer set it on or off."""
    NEEDED = "needed"
    """The quantized KV cache needs it."""
    DEFAULT = "default"
    """Not measured (it could not be): the default for the device."""


class FlashFigure(enum.Enum):
    """Which figure decided between on and off."""

    WRITING = "writing"
    READING = "reading"
    TIE = "tie"


@dataclass(frozen=True)
class FlashRates:
    """Tokens per second with one setting: reading a prompt, and writing one token at a
    time at the measured depth."""

    reading: float
    writing: float
    drafts: float = 0.0
    """How many times a token's time one step of ``MEASURED_DRAFTS`` drafts takes (a
    token of each, in one batch) at the measured depth; 0 where the time did not allow
    measuring it."""


@dataclass(frozen=True)
class FlashMeasurement:
    """Both settings measured on the same model, depth and threads."""

    on: FlashRates
    off: FlashRates
    depth: int
    """Tokens read before the writing rate was taken (the reading covers them); 0 when
    the model was too slow to measure in the time allowed (then both rates are the same);
    below ``MIN_DEPTH`` the default stays."""
    steps: int
    """Tokens written one at a time at that depth."""
    seconds: float
    """What the measurement took, both settings together."""

    @property
    def deep_enough(self) -> bool:
        """Whether the measurement reached ``MIN_DEPTH``, where it can decide."""
        return self.depth >= MIN_DEPTH

    def decide(self, default_on: bool) -> tuple[bool, FlashFigure, float]:
        """Whether flash attention should be on, the figure that decided it, and how much
        faster that figure is with the choice than without it (0.12 for 12 %)."""
        if not self.deep_enough:
            return default_on, FlashFigure.TIE, 0.0
        for figure, on, off in ((FlashFigure.WRITING, self.on.writing, self.off.writing),
                                (FlashFigure.READING, self.on.reading, self.off.reading)):
            if min(on, off) <= 0:
                continue
            gain = max(on, off) / min(on, off) - 1
            if gain >= NOISE:
                return on > off, figure, gain
        return default_on, FlashFigure.TIE, 0.0


@dataclass(frozen=True)
class FlashChoice:
    """Flash attention for the loaded model: the setting, what it came to, and why."""

    mode: FlashAttention
    on: bool
    reason: FlashReason
    measurement: FlashMeasurement | None = None
    """The measurement on this machine, when there is one (also when set by hand)."""
    figure: FlashFigure = FlashFigure.TIE
    """What decided it (for ``MEASURED`` and ``STORED``)."""
    gain: float = 0.0
    """How much faster ``figure`` is with automatic's choice (0.12 for 12 %)."""
    automatic: bool | None = None
    """What automatic chooses here: ``on`` unless set by hand; None when set by hand
    before anything was measured."""

    def drafts_cost(self) -> float:
        """How many times a token's time a step of ``MEASURED_DRAFTS`` drafts takes with
        the setting in use, as measured here; 0 where it was not measured."""
        measurement = self.measurement
        if measurement is None:
            return 0.0
        return (measurement.on if self.on else measurement.off).drafts

    def as_json(self) -> dict[str, object]:
        """The choice as JSON values, as ``--stats`` and the benchmarks print it."""
        measurement = self.measurement
        return {"setting": self.mode.value, "on": self.on, "reason": self.reason.value,
                "decided_by": self.figure.value, "gain": round(self.gain, 3),
                "measurement": asdict(measurement) if measurement is not None else None}

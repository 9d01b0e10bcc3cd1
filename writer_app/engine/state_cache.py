"""Read documents once: the KV state of earlier prompts, kept in RAM within a budget.

The engine's KV cache holds one prompt, reused as far as the next prompt shares its
beginning. A writer who goes to another document and comes back would have the first one
read again (seconds for a few thousand tokens on a CPU). Before a prompt that shares little
with the cached one replaces it, the cached one is saved here (llama.cpp's per-sequence
state: the KV cells of sequence 0); a later prompt that shares more with a saved one than
with the cache gets it back and reads only what differs. Least recently used states go
first when the budget is exceeded.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import llama_cpp.llama_cpp as llama_c

log = logging.getLogger(__name__)

MIN_SAVED_TOKENS = 256
"""Shorter prompts are read again faster than their state is worth keeping."""
MIN_GAIN_TOKENS = 64
"""A saved state is restored only when it spares at least this many tokens."""


def shared_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many tokens ``a`` and ``b`` share from their start."""
    count, limit = 0, min(len(a), len(b))
    while count < limit and a[count] == b[count]:
        count += 1
    return count


@dataclass
class _Saved:
    tokens: tuple[int, ...]
    state: ctypes.Array[ctypes.c_ubyte]


class StateCache:
    """Saved KV states of sequence 0, most recently used last, within ``budget_bytes``."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._saved: list[_Saved] = []

    @property
    def used_bytes(self) -> int:
        return sum(len(saved.state) for saved in self._saved)

    def __len__(self) -> int:
        return len(self._saved)

    def clear(self) -> None:
        self._saved.clear()

    def save(self, ctx: Any, tokens: Sequence[int]) -> bool:
        """Keep the state of sequence 0, which holds ``tokens``; False if not worth it."""
        if len(tokens) < MIN_SAVED_TOKENS or self.budget_bytes <= 0:
            return False
        key = tuple(tokens)
        self._saved = [saved for saved in self._saved if saved.tokens != key]
        size = llama_c.llama_state_seq_get_size(ctx, 0)
        if size <= 0 or size > self.budget_bytes:
            return False
        state = (ctypes.c_ubyte * size)()
        if llama_c.llama_state_seq_get_data(ctx, state, size, 0) != size:
            return False
        self._saved.append(_Saved(key, state))
        while self.used_bytes > self.budget_bytes:
            dropped = self._saved.pop(0)
            log.info("state cache: dropped a %d-token prompt", len(dropped.tokens))
        log.info("state cache: saved a %d-token prompt (%d MB in %d states)", len(key),
                 self.used_bytes // 2**20, len(self._saved))
        return True

    def best(self, tokens: Sequence[int], cached: int) -> tuple[int, ...] | None:
        """The saved prompt sharing the most with ``tokens``, if it spares at least
        ``MIN_GAIN_TOKENS`` more than the ``cached`` tokens the KV cache shares now."""
        best: _Saved | None = None
        best_shared = cached + MIN_GAIN_TOKENS - 1
        for saved in self._saved:
            shared = shared_prefix(saved.tokens, tokens)
            if shared > best_shared:
                best, best_shared = saved, shared
        return best.tokens if best is not None else None

    def restore(self, ctx: Any, tokens: tuple[int, ...]) -> bool:
        """Put the saved state of ``tokens`` into sequence 0 (cleared first)."""
        for index, saved in enumerate(self._saved):
            if saved.tokens == tokens:
                llama_c.llama_memory_clear(llama_c.llama_get_memory(ctx), True)
                if not llama_c.llama_state_seq_set_data(ctx, saved.state, len(saved.state), 0):
                    return False
                self._saved.append(self._saved.pop(index))
                return True
        return False

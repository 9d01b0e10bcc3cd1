"""The results of one summary or rewrite, so that Retry does not lose the earlier ones.

The writer steps through them with arrows ("2 of 3"); the one shown is the one that
Accept or Insert uses. Only the last few are kept.
"""

from __future__ import annotations

from typing import Generic, TypeVar

KEEP = 10

Item = TypeVar("Item")


class Results(Generic[Item]):
    """Results in the order they came, the newest last, with one of them shown."""

    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._items: list[Item] = []
        self._index = -1

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()
        self._index = -1

    def add(self, item: Item) -> None:
        """Keep ``item`` (dropping the oldest beyond ``keep``) and show it."""
        self._items = [*self._items, item][-self._keep:]
        self._index = len(self._items) - 1

    @property
    def current(self) -> Item | None:
        return self._items[self._index] if self._items else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._items) - 1

    def back(self) -> Item | None:
        """Show the result before the one shown."""
        if self.can_go_back:
            self._index -= 1
        return self.current

    def forward(self) -> Item | None:
        """Show the result after the one shown."""
        if self.can_go_forward:
            self._index += 1
        return self.current

    @property
    def number(self) -> int:
        """Which result is shown, counted from 1 (0 when there is none)."""
        return self._index + 1 if self._items else 0

"""Document goals in the data folder (``core.documents.goals``)."""

from __future__ import annotations

import json
from pathlib import Path

from writer_app.core.documents.goals import MAX_GOAL, GoalStore


def test_a_goal_is_kept_per_document_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "data" / "goals.json"
    store = GoalStore(path)
    assert store.goal("a") == 0
    assert store.set_goal("a", 2000) is None
    assert store.set_goal("b", MAX_GOAL + 5) is None
    again = GoalStore(path)
    assert (again.goal("a"), again.goal("b")) == (2000, MAX_GOAL)
    assert json.loads(path.read_text(encoding="utf-8"))["goals"] == {"a": 2000, "b": MAX_GOAL}
    again.set_goal("a", 0)
    assert GoalStore(path).goal("a") == 0


def test_a_saved_document_takes_its_goal_with_it(tmp_path: Path) -> None:
    store = GoalStore(tmp_path / "goals.json")
    store.set_goal("unsaved-1", 500)
    store.move("unsaved-1", "saved")
    again = GoalStore(tmp_path / "goals.json")
    assert (again.goal("unsaved-1"), again.goal("saved")) == (0, 500)


def test_a_damaged_file_is_set_aside_and_said(tmp_path: Path) -> None:
    path = tmp_path / "goals.json"
    path.write_text('{"version": 1, "goals": {"a": "many"}}', encoding="utf-8")
    store = GoalStore(path)
    assert store.goal("a") == 0
    assert store.problem is not None and "could not be read" in store.problem
    assert not path.exists() and list(tmp_path.iterdir())
    assert store.set_goal("a", 10) is None
    assert GoalStore(path).goal("a") == 10

"""The default thread count: one per physical performance core this process may use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from writer_app.core.models.cpu import (
    OPENMP_WAIT_VARIABLES,
    WAIT_POLICY,
    default_threads,
    linux_performance_cores,
    wait_politely,
)


def _sysfs(root: Path, siblings: dict[int, str], atoms: str = "") -> Path:
    for cpu, listed in siblings.items():
        topology = root / "system" / "cpu" / f"cpu{cpu}" / "topology"
        topology.mkdir(parents=True)
        (topology / "thread_siblings_list").write_text(listed + "\n", encoding="ascii")
    if atoms:
        (root / "cpu_atom").mkdir()
        (root / "cpu_atom" / "cpus").write_text(atoms + "\n", encoding="ascii")
    return root


def test_two_hardware_threads_of_one_core_count_once(tmp_path: Path) -> None:
    devices = _sysfs(tmp_path, {0: "0,2", 1: "1,3", 2: "0,2", 3: "1,3"})
    assert linux_performance_cores(devices, {0, 1, 2, 3}) == 2


def test_cores_without_smt_all_count(tmp_path: Path) -> None:
    devices = _sysfs(tmp_path, {0: "0", 1: "1"})
    assert linux_performance_cores(devices, {0, 1}) == 2


def test_efficiency_cores_of_a_hybrid_cpu_do_not_count(tmp_path: Path) -> None:
    # Two performance cores with two threads each (cpus 0-3), four efficiency cores (4-7).
    siblings = {0: "0-1", 1: "0-1", 2: "2-3", 3: "2-3"} | {cpu: str(cpu) for cpu in range(4, 8)}
    devices = _sysfs(tmp_path, siblings, atoms="4-7")
    assert linux_performance_cores(devices, set(range(8))) == 2


def test_only_the_cpus_the_process_may_use_count(tmp_path: Path) -> None:
    devices = _sysfs(tmp_path, {cpu: str(cpu) for cpu in range(8)})
    assert linux_performance_cores(devices, {2, 5, 6}) == 3


def test_an_unreadable_topology_says_nothing(tmp_path: Path) -> None:
    assert linux_performance_cores(tmp_path, {0, 1}) == 0


def test_the_default_is_at_least_one_thread_and_at_most_the_usable_cpus() -> None:
    threads = default_threads()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert 1 <= threads <= (usable or 1)


def test_threads_sleep_at_a_barrier_unless_the_environment_says_otherwise() -> None:
    environ: dict[str, str] = {"PATH": "/usr/bin"}
    wait_politely(environ)
    assert environ == {"PATH": "/usr/bin", **WAIT_POLICY}


@pytest.mark.parametrize("name", OPENMP_WAIT_VARIABLES)
def test_a_wait_setting_of_the_writers_own_is_kept(name: str) -> None:
    environ = {name: "12345"}
    wait_politely(environ)
    assert environ == {name: "12345"}

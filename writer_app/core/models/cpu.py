"""How many CPU threads llama.cpp should use here, when the writer has not said.

Generating a token reads every weight once: it is limited by memory bandwidth, and its
threads meet at a barrier after every matrix, so the slowest thread sets the pace. One
thread per *physical performance core* is the most that helps: a second hardware thread on
the same core shares its caches and load ports, and an efficiency core (Intel's hybrid
CPUs, Apple silicon) finishes its share late and makes the fast cores wait. This is
llama.cpp's own rule (``cpu_get_num_math`` in its common code); llama-cpp-python instead
uses half the logical CPUs, which on a machine without SMT (most cloud VMs, many small
laptops) leaves half the cores idle. Reading the prompt is compute-bound and uses the same
cores. Only the CPUs this process may run on count (containers, ``taskset``).

How those threads wait at the barrier matters as much on a busy machine; see
``wait_politely``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import MutableMapping
from pathlib import Path

import psutil

_SYSFS_DEVICES = Path("/sys/devices")

# The OpenMP runtimes' own settings for how a thread waits at a barrier (the standard's,
# GNU libgomp's, LLVM libomp's); where any is set, the engine leaves them all alone.
OPENMP_WAIT_VARIABLES = ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME")
# Measured with bench/busy.py (docs/PERFORMANCE.md, "A busy machine").
WAIT_POLICY = {"OMP_WAIT_POLICY": "PASSIVE"}


def default_threads() -> int:
    """Threads for generation and prompt processing: the performance cores available."""
    allowed = _allowed_cpus()
    cores = _performance_cores(allowed) or psutil.cpu_count(logical=False) or len(allowed)
    return max(1, min(cores, len(allowed)))


def wait_politely(environ: MutableMapping[str, str]) -> None:
    """Make llama.cpp's threads sleep at a barrier instead of spinning, unless the
    environment already says how they wait.

    A Linux build runs its threads on OpenMP, whose GNU runtime spins for a few
    milliseconds at every barrier before it sleeps. When another program keeps one core
    busy, the thread on that core runs only every few milliseconds, and its partner
    spins through each of those waits (hundreds of barriers a token): generation falls
    from tens of tokens a second to below one. The runtime reads this once, when it is
    loaded, so it must be set before llama.cpp is imported.
    """
    if not any(name in environ for name in OPENMP_WAIT_VARIABLES):
        environ.update(WAIT_POLICY)


def _allowed_cpus() -> set[int]:
    if hasattr(os, "sched_getaffinity"):
        return set(os.sched_getaffinity(0))
    return set(range(os.cpu_count() or 1))


def _performance_cores(allowed: set[int]) -> int:
    """Physical performance cores among ``allowed`` CPUs, 0 when the system does not say."""
    if sys.platform == "darwin":
        return _sysctl_int("hw.perflevel0.physicalcpu") or _sysctl_int("hw.physicalcpu")
    if sys.platform.startswith("linux"):
        return linux_performance_cores(_SYSFS_DEVICES, allowed)
    return 0


def linux_performance_cores(devices: Path, allowed: set[int]) -> int:
    """Physical cores among ``allowed`` from Linux's sysfs (``devices`` is /sys/devices),
    without the efficiency cores of a hybrid CPU (listed in ``cpu_atom/cpus``)."""
    atoms = _cpu_list(devices / "cpu_atom" / "cpus")
    cores: set[str] = set()
    for cpu in sorted(allowed - atoms):
        siblings = devices / "system" / "cpu" / f"cpu{cpu}" / "topology" / "thread_siblings_list"
        try:
            cores.add(siblings.read_text(encoding="ascii").strip())
        except OSError:
            return 0
    return len(cores)


def _cpu_list(path: Path) -> set[int]:
    """The CPUs of a sysfs list such as ``0-3,8,10-11``; empty when there is no file."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError:
        return set()
    cpus: set[int] = set()
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        cpus.update(range(int(first), int(last or first) + 1))
    return cpus


def _sysctl_int(name: str) -> int:
    try:
        output = subprocess.run(["sysctl", "-n", name], capture_output=True, text=True,
                                timeout=5, check=True).stdout
        return int(output.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return 0

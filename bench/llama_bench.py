"""Build llama.cpp's own llama-bench from the sources the installed llama-cpp-python vendors.

The sdist of the installed version comes from the package registry (pip download); it is
built once with cmake into bench/.cache and reused.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import llama_cpp

CACHE = Path(__file__).resolve().parent / ".cache"


def llama_bench_path() -> Path:
    """The llama-bench binary for this llama-cpp-python version, built if needed."""
    version = llama_cpp.__version__
    build = CACHE / f"llama.cpp-{version}"
    binary = build / "build" / "bin" / "llama-bench"
    if binary.exists():
        return binary
    CACHE.mkdir(parents=True, exist_ok=True)
    sdist = CACHE / f"llama_cpp_python-{version}.tar.gz"
    if not sdist.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                        ":all:", "-d", str(CACHE), f"llama-cpp-python=={version}"], check=True)
    source = CACHE / f"llama_cpp_python-{version}"
    if not source.exists():
        with tarfile.open(sdist) as archive:
            archive.extractall(CACHE, filter="data")
    vendored = source / "vendor" / "llama.cpp"
    subprocess.run(["cmake", "-S", str(vendored), "-B", str(build / "build"),
                    "-DCMAKE_BUILD_TYPE=Release", "-DLLAMA_CURL=OFF",
                    "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF",
                    "-DLLAMA_BUILD_SERVER=OFF"], check=True)
    subprocess.run(["cmake", "--build", str(build / "build"), "--target", "llama-bench",
                    "-j"], check=True)
    return binary


def run_llama_bench(model: Path, threads: int, n_gen: list[int], depths: list[int],
                    repetitions: int) -> dict[tuple[int, int], float]:
    """Generation tokens/s (llama-bench's tg) for each (depth, n_gen)."""
    command = [str(llama_bench_path()), "-m", str(model), "-t", str(threads), "-p", "0",
               "-n", ",".join(map(str, n_gen)), "-d", ",".join(map(str, depths)),
               "-r", str(repetitions), "-o", "json"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rates = {}
    for row in json.loads(output):
        if row.get("n_gen", 0) > 0:
            rates[(int(row.get("n_depth", 0)), int(row["n_gen"]))] = float(row["avg_ts"])
    return rates

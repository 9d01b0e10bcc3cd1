"""writer-app-cli as a user runs it: a subprocess reading stdin or a file."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from writer_app.core.documents.files import MAX_DOCUMENT_BYTES
from writer_app.core.paths import HOME_ENV, AppPaths
from writer_app.core.plans.templates import user_dir
from writer_app.testing.openai_server import (
    MODEL,
    BrokenServer,
    BrokenState,
    LlamaCppPythonServer,
)
from writer_app.testing.tiny_model import TinyModelSpec, write_tiny_model

pytestmark = pytest.mark.real_engine

CLI = [sys.executable, "-m", "writer_app.cli"]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


def test_continue_streams_and_prints_stats(tiny_model: Path) -> None:
    result = run("continue", "--model", str(tiny_model), "--max-tokens", "20", "--seed", "3",
                 "--stats", stdin="The river was quiet that night, and")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    stats = json.loads(result.stderr.strip().splitlines()[-1])
    assert stats["generated_tokens"] == 20
    assert stats["prompt_tokens"] > 0
    assert stats["ttft_s"] > 0 and stats["tokens_per_s"] > 0
    assert stats["backend"] == "CPU"
    flash = stats["flash_attention"]
    assert flash["setting"] == "auto" and flash["reason"] in ("measured", "stored")
    assert flash["measurement"]["seconds"] > 0 and isinstance(flash["on"], bool)


def test_rewrite_a_chinese_file(tiny_model: Path, tmp_path: Path) -> None:
    doc = tmp_path / "草稿.txt"
    doc.write_text("夜晚的城市很安静。", encoding="utf-8")
    result = run("rewrite", "--style", "to-english", "--model", str(tiny_model),
                 "--temperature", "0", "--max-tokens", "10", str(doc))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and "\ufffd" not in result.stdout


def test_summarize_with_a_base_model(base_model: Path) -> None:
    result = run("summarize", "--model", str(base_model), "--max-tokens", "8",
                 stdin="One. Two. Three.")
    assert result.returncode == 0, result.stderr


def test_info(tiny_model: Path) -> None:
    result = run("info", "--model", str(tiny_model))
    assert result.returncode == 0, result.stderr
    fields = dict(line.split(":", 1) for line in result.stdout.splitlines())
    fields = {key: value.strip() for key, value in fields.items()}
    assert fields["architecture"] == "llama"
    assert fields["chat template"] == "yes"
    assert fields["quantization"] == "F32"
    assert fields["device 0"].startswith("CPU: ")
    assert fields["GPU layers (auto)"].startswith("0 of 3: This llama.cpp was built for the CPU")


def test_bad_model_exits_3_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_text("not a model")
    result = run("continue", "--model", str(bad), stdin="Hello")
    assert result.returncode == 3
    assert "not a GGUF model file" in result.stderr
    assert "Traceback" not in result.stderr


def test_continue_prints_drafts_as_json(tiny_model: Path) -> None:
    result = run("continue", "--model", str(tiny_model), "--drafts", "3", "--seed", "4",
                 "--temperature", "1.0", "--max-tokens", "8", "--length", "long", "--json",
                 stdin="The river was quiet that night, and")
    assert result.returncode == 0, result.stderr
    drafts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["index"], d["seed"]) for d in drafts] == [(1, 4), (2, 5), (3, 6)]
    assert len({d["text"] for d in drafts}) == 3
    assert {d["finish_reason"] for d in drafts} <= {"length", "stop"}


def test_rewrite_prints_each_draft_under_its_number(tiny_model: Path) -> None:
    result = run("rewrite", "--model", str(tiny_model), "--style", "shorter", "--drafts", "2",
                 "--seed", "9", "--max-tokens", "6", stdin="The river was quiet that night.")
    assert result.returncode == 0, result.stderr
    assert "--- Draft 1 (seed 9) ---" in result.stdout
    assert "--- Draft 2 (seed 10) ---" in result.stdout
    too_many = run("rewrite", "--model", str(tiny_model), "--style", "shorter", "--drafts",
                   "6", stdin="The river was quiet that night.")
    assert too_many.returncode == 2
    assert "choose a number of drafts from 1 to 5" in too_many.stderr


def test_usage_error_exits_2(tiny_model: Path) -> None:
    assert run("rewrite", "--model", str(tiny_model), stdin="x").returncode == 2
    assert run("rewrite", "--style", "pirate", "--model", str(tiny_model)).returncode == 2
    assert run("dance").returncode == 2


def test_generation_failure_exits_4(tiny_model: Path) -> None:
    result = run("summarize", "--model", str(tiny_model), "--ctx-size", "64", stdin="Hello")
    assert result.returncode == 4
    assert "context window" in result.stderr


def test_a_gbk_document_is_read_in_its_encoding(tiny_model: Path, tmp_path: Path) -> None:
    doc = tmp_path / "gbk.txt"
    doc.write_bytes(("夜晚的城市很安静，雨一直下个不停。她沿着河岸慢慢地走。" * 4).encode("gbk"))
    result = run("continue", "--model", str(tiny_model), "--max-tokens", "4", str(doc))
    assert result.returncode == 0, result.stderr


def test_a_binary_document_is_a_clear_usage_error(tiny_model: Path, tmp_path: Path) -> None:
    doc = tmp_path / "photo.jpg"
    doc.write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0" + bytes(range(256)))
    result = run("continue", "--model", str(tiny_model), str(doc))
    assert result.returncode == 2
    assert "binary" in result.stderr and "Traceback" not in result.stderr


def started(command: list[str], inherited_sigint: str) -> list[str]:
    """``command`` as is, or started with SIGINT ignored, as a shell starts a background job
    (and some CI runners every step): an ignored signal stays ignored across exec."""
    if inherited_sigint == "default":
        return command
    return [sys.executable, "-c", "import os, signal, sys; "
            "signal.signal(signal.SIGINT, signal.SIG_IGN); os.execv(sys.argv[1], sys.argv[1:])",
            *command]


# Both ways a CLI can start: with Ctrl+C's usual handling, and with SIGINT inherited ignored.
SIGINT_START = pytest.mark.parametrize("inherited_sigint", ["default", "ignored"])


@contextlib.contextmanager
def streaming_cli(model: Path, inherited_sigint: str = "default"
                  ) -> Iterator[subprocess.Popen[str]]:
    """The CLI in its own process group, continuing a text for a long time, once the first
    characters have arrived."""
    with subprocess.Popen(
        started([*CLI, "continue", "--model", str(model), "--max-tokens", "100000", "--length",
                 "long", "--ctx-size", "65536"], inherited_sigint),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    ) as process:
        assert process.stdin and process.stdout and process.stderr
        process.stdin.write("The river was quiet that night.")
        process.stdin.close()
        process.stdout.read(20)  # text is streaming
        yield process


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a console process group")
@SIGINT_START
def test_ctrl_c_stops_cleanly(tiny_model: Path, inherited_sigint: str) -> None:
    with streaming_cli(tiny_model, inherited_sigint) as process:
        assert process.stdout and process.stderr
        os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl+C does
        process.stdout.read()
        err = process.stderr.read()
        assert process.wait(timeout=60) == 130
    assert "stopped" in err and "Traceback" not in err
    assert not _live_processes_in_group(process.pid), "the engine process outlived the CLI"


def _live_processes_in_group(group: int) -> list[str]:
    """Processes of a group that still run (zombies waiting for init are not counted)."""
    deadline = time.monotonic() + 5
    while True:
        ps = subprocess.run(["ps", "-o", "stat=,cmd=", "-g", str(group)], capture_output=True,
                            text=True, check=False)
        live = [line for line in ps.stdout.splitlines() if not line.strip().startswith("Z")]
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.1)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP and SIGINT")
@SIGINT_START
def test_ctrl_c_ends_a_frozen_engine(tiny_model: Path, inherited_sigint: str) -> None:
    """Ctrl+C while the engine does not answer (SIGSTOP) still stops the CLI."""
    import psutil

    with streaming_cli(tiny_model, inherited_sigint) as process:
        assert process.stderr
        engines = [child for child in psutil.Process(process.pid).children()
                   if "spawn_main" in " ".join(child.cmdline())]
        assert len(engines) == 1
        for engine in engines:
            engine.send_signal(signal.SIGSTOP)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl+C does
        try:
            code = process.wait(timeout=60)
        finally:
            for engine in engines:
                if engine.is_running():
                    engine.kill()
        err = process.stderr.read()
        assert code == 130, err
    assert "stopped" in err and "Traceback" not in err
    assert not _live_processes_in_group(process.pid), "the engine process outlived the CLI"


def test_every_action_runs_on_a_server(llama_cpp_python_server: LlamaCppPythonServer,
                                       tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("sk-unused\n", encoding="utf-8")
    server = ("--server", llama_cpp_python_server.url, "--api-key-file", str(key_file),
              "--max-tokens", "8", "--temperature", "0")
    for action in (("continue", "--stats"), ("summarize",),
                   ("rewrite", "--style", "formal")):
        result = run(*action, *server, stdin="The river was quiet that night.")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip()
    stats = json.loads(run("continue", *server, "--stats", "--server-model", MODEL,
                           stdin="Rain.").stderr.strip().splitlines()[-1])
    assert stats["backend"] == "Server 127.0.0.1" and stats["generated_tokens"] > 0
    assert stats["flash_attention"] is None


def test_a_server_that_cannot_be_used_says_why(
        llama_cpp_python_server: LlamaCppPythonServer) -> None:
    result = run("summarize", "--server", llama_cpp_python_server.url, "--server-model",
                 "Qwen3-32B", stdin="Rain.")
    assert result.returncode == 3
    assert "has no model named 'Qwen3-32B'; it offers: tiny." in result.stderr
    result = run("summarize", "--server", "gpu-box:8080", stdin="Rain.")
    assert result.returncode == 2 and "must start with http:// or https://" in result.stderr


def test_templates_are_listed_without_a_model() -> None:
    result = subprocess.run([sys.executable, "-m", "writer_app.cli", "templates"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "article" in result.stdout and "新闻稿" in result.stdout
    assert " 1 sections" not in result.stdout


def test_an_unknown_style_names_the_styles() -> None:
    result = run("rewrite", "--style", "pirate", stdin="Rain.")
    assert result.returncode == 2
    assert "unknown style 'pirate'; choose one of: rephrase, shorter" in result.stderr
    assert "from_name" not in result.stderr


def test_the_notes_go_before_the_text_in_every_request(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Mara is the lighthouse keeper. Never say 'suddenly'.", encoding="utf-8")
    with BrokenServer() as server:
        for action in (("continue",), ("summarize",), ("rewrite", "--style", "formal")):
            result = run(*action, "--server", server.url, "--server-model", MODEL,
                         "--notes", str(notes), stdin="The river was quiet that night.")
            assert result.returncode == 0, result.stderr
        asked = [json.dumps(body, ensure_ascii=False) for method, path, body
                 in server.state.requests if "The river" in json.dumps(body)]
    assert len(asked) == 3
    for body in asked:
        assert body.index("lighthouse keeper") < body.index("The river was quiet")
    result = run("continue", "--server", "http://127.0.0.1:9", "--server-model", MODEL,
                 "--notes", str(tmp_path / "gone.md"), stdin="Rain.")
    assert result.returncode == 2 and "cannot use the notes" in result.stderr


def offline(*args: str, stdin: str | Path = "") -> subprocess.CompletedProcess[str]:
    """``args`` with a server nothing answers on: what is refused before it is asked."""
    options = (*args, "--server", "http://127.0.0.1:9", "--server-model", MODEL)
    if isinstance(stdin, str):
        return run(*options, stdin=stdin)
    with stdin.open("rb") as stream:
        return subprocess.run([*CLI, *options], stdin=stream, capture_output=True, text=True,
                              timeout=120, check=False)


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.truncate(size)
    return path


def test_input_over_the_cap_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    # 200 MB on stdin took 6 GB: the text was tokenized whole to size the answer.
    huge = sparse(tmp_path / "huge.txt", MAX_DOCUMENT_BYTES + 1)
    result = offline("rewrite", "--style", "shorter", stdin=huge)
    assert result.returncode == 2
    assert "The input holds more than 128.00 MB, more than writer-app reads: split it" \
        in result.stderr
    result = offline("rewrite", "--style", "shorter", str(huge))
    assert result.returncode == 2
    assert f"{huge} holds more than 128.00 MB" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_a_device_is_refused_as_a_document_notes_or_template(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A pipe waited for a writer for ever; /dev/zero was read without end.
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for options in (("rewrite", "--style", "shorter", str(fifo)),
                    ("rewrite", "--style", "shorter", "--notes", str(fifo)),
                    ("continue", "--notes", "/dev/zero")):
        result = offline(*options, stdin="The river was quiet.")
        assert result.returncode == 2, options
        assert "is not a file but a pipe, a device or a socket: save the text in a file" \
            in result.stderr
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    folder = user_dir(AppPaths.default().data)
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    result = subprocess.run([*CLI, "templates"], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0
    assert "article" in result.stdout
    for name in ("pipe.toml", "zero.toml"):
        assert f"{name} cannot be read (it is not a regular file)" in result.stderr


def test_damaged_utf8_is_read_with_replacements_only_when_asked(tmp_path: Path) -> None:
    # The message offered "opened with replacements", which the CLI had no way to ask for.
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes("Le café était fermé, ".encode() * 20 + b"\xff\xfe la nuit.")
    result = offline("rewrite", "--style", "shorter", str(damaged))
    assert result.returncode == 2
    assert "is not valid UTF-8" in result.stderr
    assert "Add --replace-invalid to read it so." in result.stderr
    with BrokenServer() as server:
        result = run("rewrite", "--style", "shorter", "--server", server.url,
                     "--server-model", MODEL, "--replace-invalid", str(damaged))
        asked = [json.dumps(body, ensure_ascii=False) for _method, _path, body
                 in server.state.requests if "la nuit" in json.dumps(body, ensure_ascii=False)]
    assert result.returncode == 0, result.stderr
    assert "2 bytes of damaged.txt could not be read and are given as U+FFFD." in result.stderr
    assert asked and "\ufffd\ufffd la nuit" in asked[0]


def test_a_hostile_list_of_models_is_said_in_one_line() -> None:
    """100,000 models are named in part; a list nested 100,000 deep is refused in a
    sentence, not a RecursionError traceback."""
    with BrokenServer(BrokenState(mode="many_models", count=100_000)) as server:
        result = run("continue", "--server", server.url, stdin="Rain.")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("model-000018 and 99,981 more.")
    with BrokenServer(BrokenState(mode="deep_models", count=100_000)) as server:
        result = run("continue", "--server", server.url, stdin="Rain.")
    assert result.returncode == 3
    assert "sent JSON nested more than 32 levels deep" in result.stderr
    assert "Traceback" not in result.stderr


def test_continue_with_a_draft_model(tiny_model: Path, tmp_path: Path) -> None:
    """The same greedy text with a draft model; one of another vocabulary is left out, and
    the CLI says why."""
    options = ("continue", "--model", str(tiny_model), "--max-tokens", "24",
               "--temperature", "0")
    story = "The river was quiet that night, and"
    plain = run(*options, stdin=story)
    drafted = run(*options, "--draft-model", str(tiny_model), stdin=story)
    assert plain.returncode == drafted.returncode == 0, plain.stderr + drafted.stderr
    assert drafted.stdout == plain.stdout
    other = write_tiny_model(tmp_path / "other.gguf", TinyModelSpec(extra_words=200))
    refused = run(*options, "--draft-model", str(other), stdin=story)
    assert refused.returncode == 0, refused.stderr
    assert refused.stdout == plain.stdout
    assert "cannot draft for" in refused.stderr

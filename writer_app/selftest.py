"""``writer-app --self-test``: load a model, stream a short continuation, report, exit.

No window is shown. Without ``--model`` it loads the tiny test model (random weights): the
one an installer ships in its resources, or else one generated in a temporary folder, so
an installed app can check its engine with nothing else.
Exit code 0 when text streamed through the engine process, 1 otherwise.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from writer_app.core.actions import Action, GenerationRequest, LoadSettings, SamplingSettings
from writer_app.core.catalog import resources_dir
from writer_app.core.errors import WriterError
from writer_app.core.protocol import Chunk, Finished
from writer_app.engine.client import EngineClient


def _tiny_model(folder: Path) -> Path:
    shipped = resources_dir() / "self-test.gguf"
    if shipped.is_file():
        return shipped
    from writer_app.testing.tiny_model import write_tiny_model

    return write_tiny_model(folder / "self-test.gguf")


def run_self_test(model: Path | None) -> int:
    """Returns the exit code; prints one line of report."""
    client = EngineClient()
    with tempfile.TemporaryDirectory() as folder:
        path = model or _tiny_model(Path(folder))
        try:
            backend = client.probe()
            list(client.load(LoadSettings(model_path=str(path), n_ctx=2048)))
            text, finished = "", None
            for event in client.generate(GenerationRequest(
                    Action.CONTINUE, "The quick brown fox",
                    sampling=SamplingSettings(temperature=0.0, max_tokens=16))):
                if isinstance(event, Chunk):
                    text += event.text
                elif isinstance(event, Finished):
                    finished = event
        except WriterError as exc:
            print(f"writer-app self-test: FAILED: {exc}")
            return 1
        finally:
            client.close()
    if finished is None or not text:
        print("writer-app self-test: FAILED: no text came back from the engine")
        return 1
    stats, hardware = finished.stats, backend.hardware
    simd = [f for f in hardware.cpu_features if f.startswith(("AVX", "SSE", "NEON", "SVE"))]
    print(f"writer-app self-test: ok · backend {stats.backend} · {hardware.summary()} · "
          f"CPU {' '.join(simd) or 'baseline'} · "
          f"{stats.generated_tokens} tokens at {stats.tokens_per_s:.1f} tokens/s · "
          f"llama-cpp-python {backend.llama_cpp_python} · {path.name}")
    sys.stdout.flush()
    return 0

"""``writer-app --self-test``: check Qt and the engine, report in one line, exit.

Qt: the widgets start, the icon renders, Qt's translations are there. Export: a short
English and Chinese document is exported once to each format (python-docx and its lxml,
Qt's PDF and ODF writers, a CJK font) and the Word file read back. The engine: a model
loads and a short continuation streams through the engine process. No window is shown.
Without ``--model`` it loads the tiny test model (random weights) shipped in the resources
(``resources/self-test.gguf``), so an installed app checks itself with its own dependencies
only: no generator, no ``gguf`` package. Exit code 0 when all of that worked, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from writer_app import APP_ID
from writer_app.core.errors import WriterError
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import Chunk, Finished
from writer_app.core.requests import Action, GenerationRequest, SamplingSettings
from writer_app.core.sources.catalog import resources_dir
from writer_app.core.spelling import load_dictionaries
from writer_app.engine.client import EngineClient


class SelfTestError(Exception):
    """A part of the installation is missing or broken."""


def _check_qt() -> str:
    """The Qt half of a bundle: the widgets start, the icon renders (the SVG plug-in),
    Qt's Chinese translation is there and, on Linux, the collation rules of the ICU data
    the bundle keeps. Offscreen unless a platform was chosen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCollator, QLibraryInfo, QLocale, QTranslator, qVersion
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["writer-app"])
    icon = QIcon(str(resources_dir() / "icons" / f"{APP_ID}.svg"))
    if icon.pixmap(64, 64).isNull():
        raise SelfTestError("the app icon does not render: Qt's SVG plug-in is missing")
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if not QTranslator().load(chinese, "qtbase", "_", translations):
        raise SelfTestError(f"Qt's Chinese translation is missing from {translations}")
    # File dialogs sort names with ICU's collation (Qt's own ICU on Linux): in pinyin order
    # for Chinese, where ICU's root order without the Chinese rules puts 中 before 阿.
    if sys.platform.startswith("linux") and \
            sorted(["中文", "阿"], key=QCollator(chinese).sortKey) != ["阿", "中文"]:
        raise SelfTestError("ICU's collation data is missing: names do not sort in "
                            "Chinese order")
    return f"Qt {qVersion()} ({app.platformName()})"


_EXPORT_SAMPLE = "# Self-test 自检\n\nA *short* paragraph. 一段**简短**的文字。\n\n- one\n- 二\n"


def _check_export() -> str:
    """One export of each format, written and read back; needs ``_check_qt`` first."""
    import tempfile

    import docx

    from writer_app.core.documents.export import ExportFormat, ExportMetadata
    from writer_app.core.documents.files import DocumentError
    from writer_app.qt.export import export_blocks, read_blocks

    blocks = read_blocks(_EXPORT_SAMPLE, markdown=True)
    metadata = ExportMetadata("Self-test", "zh-CN")
    with tempfile.TemporaryDirectory() as folder:
        for export_format in ExportFormat:
            path = Path(folder) / f"self-test{export_format.suffix}"
            try:
                export_blocks(blocks, path, export_format, metadata)
            except DocumentError as exc:
                raise SelfTestError(f"the {export_format.value} export failed: {exc}") from None
        pdf = (Path(folder) / "self-test.pdf").read_bytes()
        if not pdf.startswith(b"%PDF") or b"/FontFile" not in pdf:
            raise SelfTestError("the PDF export embeds no font")
        heading = docx.Document(str(Path(folder) / "self-test.docx")).paragraphs[0]
        if heading.style is None or heading.style.name != "Heading 1":
            raise SelfTestError("the Word export lost its heading")
    return "export " + " ".join(f.value for f in ExportFormat)


def _spelling() -> str:
    """Which spelling dictionaries Enchant finds; their absence is reported, not a failure,
    since the app works without them."""
    dictionaries = load_dictionaries()
    languages = dictionaries.languages()
    return f"spelling {' '.join(languages)}" if languages else \
        f"no spelling ({dictionaries.problem})"


def run_self_test(model: Path | None) -> int:
    """Returns the exit code; prints one line of report."""
    try:
        qt = _check_qt()
        exported = _check_export()
    except SelfTestError as exc:
        print(f"writer-app self-test: FAILED: {exc}")
        return 1
    client = EngineClient()
    path = model or resources_dir() / "self-test.gguf"
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
          f"llama-cpp-python {backend.llama_cpp_python} · {qt} · {exported} · {_spelling()} · "
          f"{path.name}")
    sys.stdout.flush()
    return 0

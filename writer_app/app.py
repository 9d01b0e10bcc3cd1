"""writer-app: build the object graph and start the editor window."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import multiprocessing
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from writer_app import APP_ID, __version__
from writer_app.core.paths import AppPaths
from writer_app.core.privacy import install_from_environment

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from writer_app.core.settings import Settings, SettingsStore
    from writer_app.qt.engine_service import Engine
    from writer_app.ui.workspace import Workspace


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="writer-app",
                                     description="A private writing assistant.")
    parser.add_argument("files", nargs="*", type=Path, metavar="file",
                        help="text or Markdown documents, each opened in its own window")
    parser.add_argument("--model", type=Path, help="a .gguf model to load")
    parser.add_argument("--self-test", action="store_true",
                        help="check the engine with --model (or a generated tiny model), "
                             "print a one-line report and exit; no window is shown")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def _configure_logging(paths: AppPaths) -> None:
    paths.logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("writer_app.llama").setLevel(logging.WARNING)


def _console_for_report() -> None:
    """The Windows app has no console of its own: print to the one it was started from."""
    if sys.platform == "win32" and sys.stdout is None:
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115 - for the run


def _localize_and_brand(app: QApplication, language: str) -> None:
    """Qt's texts and ours in the chosen language (the system's by default), Chinese in a
    Chinese font, the colours of the system's light or dark theme, and the app's icon on
    its windows."""
    from PySide6.QtGui import QIcon

    from writer_app.core.sources.catalog import resources_dir
    from writer_app.qt.fonts import with_cjk_fallback
    from writer_app.ui.common.language import install_translations
    from writer_app.ui.common.theme import follow_color_scheme

    install_translations(app, language, resources_dir() / "translations")
    app.setFont(with_cjk_fallback(app.font()))
    follow_color_scheme(app)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / f"{APP_ID}.svg")))


def _no_display() -> str:
    """Why no window can be shown ("" when one can): on Linux and the BSDs, a session
    without X11 or Wayland, where Qt would abort with a message about its plugins."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return ""
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or \
            os.environ.get("WAYLAND_DISPLAY"):
        return ""
    return ("writer-app: no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), "
            "so its window cannot open. Start it from a desktop session; without one, "
            "writer-app-cli does the same work in a terminal.")


def start(args: argparse.Namespace, engine: Engine, store: SettingsStore, settings: Settings,
          paths: AppPaths, *, warning: str | None = None) -> Workspace:
    """The windows the app starts with: the files named on the command line (each in its
    own window), else the documents open when it last closed; then the model."""
    from PySide6.QtWidgets import QApplication

    from writer_app.qt.engine_service import EngineService
    from writer_app.qt.instance import InstanceServer, instance_name
    from writer_app.ui.workspace import DesktopApplication, Workspace

    workspace = Workspace(EngineService(engine), store, settings, paths)
    later_starts = InstanceServer(instance_name(paths.data), workspace)
    later_starts.files_received.connect(workspace.open_handed_over_files)
    app = QApplication.instance()
    if app is not None:  # which keeps the workspace until it quits
        workspace.setParent(app)
    if isinstance(app, DesktopApplication):  # macOS's "Open With" and drops on the Dock
        app.file_open_requested.connect(workspace.open_handed_over)
    window = workspace.new_window()
    if warning:
        window.show_warning(warning)
    if args.files:
        workspace.open_paths(args.files)
    elif settings.reopen_documents:
        workspace.reopen_documents()
    workspace.offer_recovery()
    window = workspace.active_window() or window
    model = args.model or (Path(settings.model_path) if settings.model_path else None)
    if window.engines.server is not None and args.model is None:
        window.models.connect_server()
    elif model is not None:
        window.models.load_model(model)
    else:
        window.models.show_welcome()
    return workspace


def main(argv: Sequence[str] | None = None) -> int:
    """Start the editor; returns the exit code of the event loop."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    install_from_environment()
    if args.self_test:
        from writer_app.selftest import run_self_test

        _console_for_report()
        return run_self_test(args.model)
    no_display = _no_display()
    if no_display:
        print(no_display, file=sys.stderr)
        return 1
    paths = AppPaths.default()
    _configure_logging(paths)

    from PySide6.QtWidgets import QApplication

    from writer_app.core.settings import SettingsStore
    from writer_app.engine.client import EngineClient
    from writer_app.qt.instance import hand_over, instance_name
    from writer_app.ui.common.error_reporter import install_error_reporter
    from writer_app.ui.workspace import DesktopApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else DesktopApplication(sys.argv[:1])
    if hand_over(instance_name(paths.data), [*args.files, *([args.model] if args.model else [])]):
        return 0  # the running app opens them, with the model it has loaded
    app.setApplicationName("writer-app")
    app.setApplicationVersion(__version__)
    app.setOrganizationDomain("writer-app.org")
    QApplication.setDesktopFileName(APP_ID)
    QApplication.setStyle("Fusion")
    store = SettingsStore(paths.settings_file)
    settings, warning = store.load()
    _localize_and_brand(app, settings.language)
    install_error_reporter(None, paths.log_file)
    start(args, EngineClient(), store, settings, paths, warning=warning)
    return app.exec()


def main_exit() -> None:
    """GUI entry point."""
    multiprocessing.freeze_support()
    sys.exit(main())


if __name__ == "__main__":
    main_exit()

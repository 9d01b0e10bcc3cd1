"""``writer-app-cli models`` and ``writer-app-cli download``: the catalog and the Hub."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from writer_app.core.models.fit import Machine, fit, human_size, memory_needed, memory_size
from writer_app.core.paths import AppPaths
from writer_app.core.settings import SettingsStore, read_token
from writer_app.core.sources.catalog import CatalogModel, load_catalog
from writer_app.core.sources.download import Control, Downloader, Outcome, Progress
from writer_app.core.sources.folders import model_folders, scan_folders, standard_folders
from writer_app.core.sources.hub import HubSettings, RemoteFile
from writer_app.core.sources.local import local_models, partial_downloads
from writer_app.core.sources.resolution import client_for, resolve

EXIT_DOWNLOAD = 5
_BAR = 30


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``models`` and ``download`` on the CLI's subcommands."""
    models = commands.add_parser("models", help="list the catalog and the models on disk")
    models.add_argument("--ctx-size", type=int, default=4096,
                        help="context size used to judge whether a model fits")
    download = commands.add_parser("download", help="download a model from the Hub")
    download.add_argument("name", help="a catalog id (see 'models') or a Hub repo id")
    download.add_argument("file", nargs="?", help="the GGUF file in the repo")
    source = download.add_mutually_exclusive_group()
    source.add_argument("--endpoint", help="Hub mirror, such as https://hf-mirror.com "
                                           "(default: the source in Settings, HF_ENDPOINT "
                                           "or the Hub)")
    source.add_argument("--modelscope", nargs="?", const="https://modelscope.cn",
                        metavar="URL", help="download from ModelScope (modelscope.cn)")


def _hub_settings(paths: AppPaths, endpoint: str | None,
                  modelscope: str | None = None) -> HubSettings:
    settings, _ = SettingsStore(paths.settings_file).load()
    hub = settings.hub_settings(read_token(paths.token_file))
    if endpoint:
        hub = dataclasses.replace(hub, endpoint=endpoint, modelscope="")
    if modelscope:
        hub = dataclasses.replace(hub, modelscope=modelscope)
    return hub


def list_models(args: argparse.Namespace) -> int:
    paths = AppPaths.default()
    machine = Machine.current()
    catalog = load_catalog()
    print(f"Catalog (fit judged for {memory_size(machine.ram_available)} free RAM and a "
          f"{args.ctx_size:,}-token context):")
    for model in catalog.models:
        mark = fit(memory_needed(model.size_bytes, model.parameters_b, args.ctx_size),
                   machine).value
        default = " (default)" if model.id == catalog.default_id else ""
        ram = memory_size(model.ram_gb * 1e9)
        print(f"  {model.id:<24} {human_size(model.size_bytes):>9}  RAM {ram:>8}  "
              f"{mark:<9} {model.licence}{default}")
    settings, _ = SettingsStore(paths.settings_file).load()
    found = standard_folders(paths.home, os.environ, system=paths.real_home) \
        if settings.find_other_apps_models else []
    scan = scan_folders(model_folders(settings.model_folders, found))
    folder = settings.download_dir(paths.models_dir)
    local = local_models(folder, settings.imported_models, also=(paths.models_dir,),
                         found=scan.models)
    print("\nOn this computer:" if local else "\nNo models on this computer yet.")
    for item in local:
        print(f"  {item.name:<44} {human_size(item.size):>9}  {item.quantization:<7} "
              f"{item.source:<18} {item.path}")
    for reason in scan.skipped:
        print(f"  {reason}")
    for partial in [p for each in dict.fromkeys([folder, paths.models_dir])
                    for p in partial_downloads(each)]:
        print(f"  {partial.filename:<44} incomplete: {human_size(partial.done)} of "
              f"{human_size(partial.size)} (resume: writer-app-cli download {partial.repo} "
              f"{partial.filename})")
    return 0


def _resolve(args: argparse.Namespace, settings: HubSettings) -> list[RemoteFile]:
    """The files to fetch: a catalog entry's set of its quantization, a repo's only model,
    or the named file (with the other parts of a split model)."""
    client = client_for(settings)
    if args.file is None:
        try:
            entry: CatalogModel = load_catalog().find(args.name)
        except KeyError:
            sets = client.model_files(args.name)
            if len(sets) == 1:
                return list(sets[0].files)
            names = ", ".join(s.name for s in sets) or "none"
            raise SystemExit(f"writer-app-cli: name the file to download from {args.name}: "
                             f"{names}") from None
        return list(resolve(entry, settings).files)
    sets = client.model_files(args.name)
    for model_set in sets:
        if args.file in (model_set.name, *(f.filename for f in model_set.files)):
            return list(model_set.files)
    return client.files(args.name, [args.file])


def _draw(progress: Progress) -> None:
    share = progress.done / progress.total if progress.total else 0.0
    filled = int(share * _BAR)
    bar = "#" * filled + "." * (_BAR - filled)
    sys.stderr.write(f"\r[{bar}] {share:4.0%}  {progress.describe():<60}")
    sys.stderr.flush()


@contextlib.contextmanager
def _progress_line() -> Iterator[Callable[[Progress], None]]:
    """Draws a download's progress bar on one line, and ends that line however the
    download ends: a message after it starts on a line of its own, and one before any
    progress (an unreachable source) has no empty line above it."""
    drawn = False

    def draw(progress: Progress) -> None:
        nonlocal drawn
        drawn = True
        _draw(progress)

    try:
        yield draw
    finally:
        if drawn:
            sys.stderr.write("\n")


def other_ways() -> str:
    """What to try when the source of a download cannot be reached."""
    return (f"Other ways: a mirror (--endpoint https://hf-mirror.com), ModelScope "
            f"(--modelscope), or the file fetched in a browser and given to --model FILE "
            f"(or put in {AppPaths.default().models_dir}).")


def download(args: argparse.Namespace) -> int:
    paths = AppPaths.default()
    settings = _hub_settings(paths, args.endpoint, args.modelscope)
    files = _resolve(args, settings)
    repo, filenames = files[0].repo, [f.filename for f in files]
    control = Control()
    chosen, _ = SettingsStore(paths.settings_file).load()
    downloader = Downloader(settings, chosen.download_dir(paths.models_dir))
    print(f"Downloading {repo}: {', '.join(filenames)} "
          f"({human_size(sum(f.size for f in files))})", file=sys.stderr)
    try:
        with _progress_line() as draw:
            outcome, saved = downloader.download(files, control, draw)
    except KeyboardInterrupt:
        control.pause()
        print(f"Paused. Run the same command to resume: writer-app-cli download {repo} "
              f"{filenames[0]}", file=sys.stderr)
        return 130
    if outcome is not Outcome.DONE:
        return EXIT_DOWNLOAD
    print(Path(saved[0]))
    return 0

"""writer-app-cli: the editor's actions on a file or stdin, streamed to stdout.

Exit codes: 0 done, 2 usage error, 3 the model could not be loaded, 4 generation failed,
5 a download failed, 6 an export could not be written, 130 stopped with Ctrl+C (a download
is paused and resumes next time).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import signal
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from writer_app import __version__
from writer_app.cli import compose as compose_cli
from writer_app.cli import export as export_cli
from writer_app.cli import models as models_cli
from writer_app.core.documents.files import (
    DocumentError,
    InvalidUtf8Error,
    decode_as,
    decode_text,
    read_bytes,
    read_limited,
)
from writer_app.core.documents.notes import with_notes
from writer_app.core.errors import GenerationError, ModelFileError, ModelLoadError, WriterError
from writer_app.core.models.adapters import (
    MAX_SCALE,
    Adapter,
    AdapterError,
    check_adapters,
    parse_lora_option,
)
from writer_app.core.models.fit import ModelSizes
from writer_app.core.models.gguf_header import inspect_gguf
from writer_app.core.models.hardware import AUTO_LAYERS, plan_layers
from writer_app.core.models.load_settings import FlashAttention, KvCacheType, LoadSettings
from writer_app.core.plans.headless import WithNotes
from writer_app.core.protocol import Chunk, Finished, ModelInfo
from writer_app.core.requests import (
    MAX_DRAFTS,
    Action,
    ContinueLength,
    ContinueMode,
    GenerationRequest,
    RewriteStyle,
    SamplingSettings,
)
from writer_app.core.settings import read_token
from writer_app.core.sources.hub import SourceUnreachable
from writer_app.core.sources.names import display_name
from writer_app.core.sources.server_api import list_models, offered
from writer_app.core.sources.servers import ServerConfig, check_url
from writer_app.engine.client import EngineClient
from writer_app.engine.remote import RemoteEngine

EXIT_OK, EXIT_USAGE, EXIT_LOAD, EXIT_GENERATION, EXIT_INTERRUPTED = 0, 2, 3, 4, 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="writer-app-cli",
        description="Continue, summarize or rewrite text with a local GGUF model, or with "
                    "a model on an OpenAI-compatible server.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="ACTION")

    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true", help="show llama.cpp's log")
    model = argparse.ArgumentParser(add_help=False, parents=[verbose])
    model.add_argument("--model", required=True, type=Path, help="path of a .gguf model file")

    run = argparse.ArgumentParser(add_help=False, parents=[verbose])
    source = run.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", type=Path, help="path of a .gguf model file")
    source.add_argument("--server", metavar="URL",
                        help="an OpenAI-compatible server (llama-server, vLLM, Ollama...), "
                             "such as http://gpu-box.local:8080; the text is sent there")
    run.add_argument("--server-model", metavar="NAME",
                     help="the server's model to use (default: its only model)")
    run.add_argument("--api-key-file", type=Path, metavar="FILE",
                     help="a file holding the server's API key")
    run.add_argument("--ca-file", type=Path, metavar="FILE",
                     help="a certificate authority to trust for the server's TLS certificate")
    document = argparse.ArgumentParser(add_help=False)
    document.add_argument("file", nargs="?", type=Path,
                          help="document to read (default: stdin)")
    defaults = SamplingSettings()
    run.add_argument("--temperature", type=float, default=defaults.temperature)
    run.add_argument("--top-p", type=float, default=defaults.top_p)
    run.add_argument("--top-k", type=int, default=defaults.top_k)
    run.add_argument("--min-p", type=float, default=defaults.min_p)
    run.add_argument("--repeat-penalty", type=float, default=defaults.repeat_penalty)
    run.add_argument("--seed", type=int, default=defaults.seed, help="-1 for random")
    run.add_argument("--max-tokens", type=int, default=defaults.max_tokens)
    run.add_argument("--stop", action="append", default=[], help="stop sequence (repeatable)")
    _add_load_options(run)
    run.add_argument("--notes", type=Path, metavar="FILE",
                     help="the document's notes (style guide, characters, facts, terms to "
                          "use or avoid), read before the text in every request, as the "
                          "editor's Notes pane gives them")
    run.add_argument("--replace-invalid", action="store_true",
                     help="read UTF-8 text with bytes that are not UTF-8 (a damaged file) "
                          "with each of them replaced by U+FFFD, as the editor's Open with "
                          "replacements does")
    run.add_argument("--stats", action="store_true",
                     help="print one JSON line of statistics on stderr at the end")

    drafts = argparse.ArgumentParser(add_help=False)
    drafts.add_argument("--drafts", type=_drafts_count, default=1, metavar="N",
                        help=f"write N different drafts together (1 to {MAX_DRAFTS}), each "
                             "with its own seed: --seed, --seed + 1...")
    drafts.add_argument("--json", action="store_true",
                        help="print one JSON object per draft: its index (from 1), seed, "
                             "text and finish reason")

    cont = commands.add_parser("continue", parents=[run, document, drafts],
                               help="continue writing the text")
    cont.add_argument("--length", type=ContinueLength, default=ContinueLength.PARAGRAPH,
                      choices=list(ContinueLength), metavar="{words,sentence,paragraph,long}",
                      help="how much to write; it ends at the end of that unit "
                           "(long: up to --max-tokens)")
    cont.add_argument("--prompt", dest="continue_mode", type=ContinueMode,
                      default=ContinueMode.AUTO, choices=list(ContinueMode),
                      metavar="{auto,completion,chat}",
                      help="complete the text, or use the model's chat template with the "
                           "answer prefilled (auto: what the quality evaluation found best)")
    commands.add_parser("summarize", parents=[run, document],
                        help="summarize the text; a text longer than the context window is "
                             "summarized in parts, then the parts' summaries together")
    rewrite = commands.add_parser("rewrite", parents=[run, document, drafts],
                                  help="rewrite the text")
    how = rewrite.add_mutually_exclusive_group(required=True)
    how.add_argument("--style", type=_style,
                     help="one of: " + ", ".join(s.cli_name for s in RewriteStyle))
    how.add_argument("--instruction", help="free-form instruction, e.g. 'make it funnier'")
    compose_cli.add_command(commands, run)
    commands.add_parser("info", parents=[model], help="show what a GGUF file says")
    models_cli.add_commands(commands)
    export_cli.add_command(commands)
    return parser


def _add_load_options(run: argparse.ArgumentParser) -> None:
    """How the model is loaded: context, threads, GPU, cache, flash attention, adapters,
    draft model."""
    load = LoadSettings(model_path="")
    run.add_argument("--ctx-size", type=int, default=load.n_ctx, help="context window")
    run.add_argument("--threads", type=int, default=load.threads, help="0: automatic")
    run.add_argument("--gpu-layers", type=int, default=load.gpu_layers,
                     help="-1: as many as fit in free GPU memory; 0: CPU only")
    run.add_argument("--kv-cache", type=KvCacheType, default=load.kv_cache,
                     choices=list(KvCacheType), metavar="{f16,q8_0,q4_0}",
                     help="how the KV cache stores keys and values: q8_0 takes about half "
                          "the memory of f16, q4_0 about a quarter, with some loss of quality")
    run.add_argument("--flash-attention", type=FlashAttention, default=load.flash_attention,
                     choices=list(FlashAttention), metavar="{auto,on,off}",
                     help="llama.cpp's flash attention: auto measures on and off the first "
                          "time a model runs on this computer and keeps the faster (--stats "
                          "prints the choice)")
    run.add_argument("--lora", action="append", default=[], type=_lora_option,
                     metavar="FILE[:SCALE]",
                     help="a LoRA adapter in GGUF form made for the model, applied with SCALE "
                          f"from 0 to {MAX_SCALE:g} (default 1); repeatable, once per adapter")
    run.add_argument("--draft-model", type=Path, metavar="FILE",
                     help="a small model of the same vocabulary (Qwen3 0.6B for Qwen3 4B) "
                          "that guesses tokens for the model to check in one batch: the "
                          "same text, sooner")


def _lora_option(value: str) -> Adapter:
    try:
        return parse_lora_option(value)
    except AdapterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _style(name: str) -> RewriteStyle:
    """A rewrite style by its CLI name; argparse says the choices when it is none."""
    try:
        return RewriteStyle.from_name(name)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _drafts_count(value: str) -> int:
    count = int(value) if value.isdigit() else 0
    if not 1 <= count <= MAX_DRAFTS:
        raise argparse.ArgumentTypeError(f"choose a number of drafts from 1 to {MAX_DRAFTS}")
    return count


def _read_document(path: Path | None, replace_invalid: bool) -> str:
    """The text of ``path`` (None: stdin); bytes that are not UTF-8 in UTF-8 text are
    replaced, and counted on stderr, only when ``replace_invalid``."""
    data = read_limited(sys.stdin.buffer, "The input") if path is None else read_bytes(path)
    name = "the input" if path is None else path.name
    try:
        return decode_text(data, name)[0]
    except InvalidUtf8Error as exc:
        if not replace_invalid:
            raise DocumentError(f"{exc} Add --replace-invalid to read it so.") from None
    text, _, replaced = decode_as(data, "utf-8", lossy=True, name=name)
    print(f"writer-app-cli: {max(1, replaced):,} bytes of {name} could not be read and are "
          "given as U+FFFD.", file=sys.stderr)
    return text


def _sampling(args: argparse.Namespace) -> SamplingSettings:
    return SamplingSettings(
        temperature=args.temperature, top_p=args.top_p, top_k=args.top_k, min_p=args.min_p,
        repeat_penalty=args.repeat_penalty, seed=args.seed, max_tokens=args.max_tokens,
        stop=tuple(args.stop),
    )


def _request(args: argparse.Namespace, text: str) -> GenerationRequest:
    sampling = _sampling(args)
    action = Action(args.command)
    return GenerationRequest(
        action=action, text=text, sampling=sampling,
        style=getattr(args, "style", None), instruction=getattr(args, "instruction", None) or "",
        length=getattr(args, "length", ContinueLength.PARAGRAPH),
        continue_mode=getattr(args, "continue_mode", ContinueMode.AUTO),
        drafts=getattr(args, "drafts", 1),
    )


def _info(args: argparse.Namespace, client: EngineClient) -> int:
    header = inspect_gguf(args.model)
    backend = client.probe()
    hardware = backend.hardware
    load = LoadSettings(model_path=str(args.model))
    plan = plan_layers(AUTO_LAYERS, ModelSizes.of(header), hardware,
                       n_ctx=load.n_ctx, n_batch=load.batch_size)
    lines = {
        "file": str(args.model),
        "name": header.name,
        "architecture": header.architecture,
        "parameters": f"{header.parameter_count:,}",
        "quantization": header.quantization,
        "trained context": f"{header.context_length:,} tokens",
        "chat template": "yes" if header.chat_template else "no (base model)",
        "llama-cpp-python": f"{backend.llama_cpp_python} (backends: "
                            f"{', '.join(hardware.backends)})",
        **{f"device {i}": device.describe() for i, device in enumerate(hardware.devices)},
        "CPU features": " ".join(hardware.cpu_features),
        "GPU layers (auto)": f"{plan.layers} of {plan.total}: {plan.reason}",
    }
    width = max(map(len, lines))
    for key, value in lines.items():
        print(f"{key + ':':<{width + 1}} {value}")
    return EXIT_OK


def _remote_engine(args: argparse.Namespace) -> RemoteEngine:
    """The engine for ``--server``; ``ValueError`` says what is wrong with the options."""
    config = ServerConfig(url=check_url(args.server), model=args.server_model or "",
                          ca_file=str(args.ca_file or ""))
    api_key = ""
    if args.api_key_file is not None:
        api_key = read_token(args.api_key_file)
        if not api_key:
            raise ValueError(f"The API key file {args.api_key_file} is missing or empty.")
    if not config.model:
        models = list_models(config, api_key)
        if len(models) != 1:
            raise ValueError("Choose the server's model with --server-model; it offers: "
                             f"{offered(models)}.")
        config = dataclasses.replace(config, model=models[0])
    return RemoteEngine(config, api_key)


def _load_model(args: argparse.Namespace, client: EngineClient | RemoteEngine) -> str:
    """Load the model the options name, pass on what the writer should hear about it, and
    return its name as the editor shows it."""
    settings = LoadSettings(model_path=str(args.model or ""), n_ctx=args.ctx_size,
                            threads=args.threads, gpu_layers=args.gpu_layers,
                            kv_cache=args.kv_cache, flash_attention=args.flash_attention,
                            adapters=tuple(args.lora),
                            draft_model_path=str(args.draft_model or ""))
    for _ in client.load(settings):
        pass
    notices = client.model.notices if client.model is not None else ()
    if client.model is not None and client.model.adapters != settings.adapters:
        raise AdapterError(notices[-1])  # the refusal comes last
    for notice in notices:
        print(f"writer-app-cli: {notice}", file=sys.stderr)
    model = client.model
    return display_name(model.path, model.name) if model is not None else ""


def _generate(args: argparse.Namespace, client: EngineClient | RemoteEngine) -> int:
    try:
        notes = _read_document(args.notes, args.replace_invalid) if args.notes else ""
    except DocumentError as exc:
        print(f"writer-app-cli: cannot use the notes: {exc}", file=sys.stderr)
        return EXIT_USAGE
    engine = WithNotes(client, notes)
    if args.command == "compose":
        return compose_cli.run(args, engine, _sampling(args),
                               lambda: _load_model(args, client))
    try:
        request = _request(args, _read_document(args.file, args.replace_invalid))
    except (DocumentError, ValueError) as exc:
        print(f"writer-app-cli: cannot use the document: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _load_model(args, client)
    if request.action is Action.SUMMARIZE:
        return compose_cli.summarize(args, engine, with_notes(request, notes))
    # One draft streams as it is written; several are printed whole, one after another.
    live = request.drafts == 1 and not getattr(args, "json", False)
    texts = [""] * request.drafts
    finished: Finished | None = None
    for event in engine.generate(request):
        if isinstance(event, Chunk):
            if live:
                compose_cli.write_out(event.text)
            else:
                texts[event.draft] += event.text
        elif isinstance(event, Finished):
            finished = event
    if live:
        sys.stdout.write("\n")
    elif finished is not None:
        _print_drafts(finished, texts, as_json=getattr(args, "json", False))
    stats = finished.stats if finished is not None else None
    if stats is not None and stats.truncated_input:
        print("writer-app-cli: the text was longer than the context window; only part of it "
              "was used.", file=sys.stderr)
    if args.stats and stats is not None:
        print(json.dumps({**asdict(stats), "flash_attention": _flash_stats(client.model)}),
              file=sys.stderr)
    return EXIT_OK


def _flash_stats(model: ModelInfo | None) -> dict[str, object] | None:
    """Flash attention for ``--stats`` (None for a server's model)."""
    choice = model.flash_attention if model is not None else None
    return choice.as_json() if choice is not None else None


def _print_drafts(finished: Finished, texts: Sequence[str], *, as_json: bool) -> None:
    for result in finished.drafts:
        number, text = result.draft + 1, texts[result.draft]
        if as_json:
            print(json.dumps({"index": number, "seed": result.seed, "text": text,
                              "finish_reason": result.reason.value}, ensure_ascii=False))
        else:
            print(f"--- Draft {number} (seed {result.seed}) ---\n{text}")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        check_adapters(getattr(args, "lora", ()))
    except AdapterError as exc:
        parser.error(str(exc))
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False)
                        else logging.WARNING, format="%(name)s: %(message)s")
    if args.command in ("models", "download"):
        return _models_command(args)
    if args.command == "templates":
        return compose_cli.list_templates()
    if args.command == "export":
        return export_cli.run(args)
    if not args.verbose:
        logging.getLogger("writer_app.llama").setLevel(logging.CRITICAL)
    client: EngineClient | RemoteEngine
    if getattr(args, "server", None):
        try:
            client = _remote_engine(args)
        except ValueError as exc:
            print(f"writer-app-cli: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except WriterError as exc:
            print(f"writer-app-cli: {exc}", file=sys.stderr)
            return EXIT_LOAD
    else:
        client = EngineClient()
    try:
        if args.command == "info":
            assert isinstance(client, EngineClient)
            return _info(args, client)
        return _generate(args, client)
    except KeyboardInterrupt:
        client.cancel()
        print("\nwriter-app-cli: stopped.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (ModelFileError, ModelLoadError, AdapterError) as exc:
        print(f"writer-app-cli: {exc}", file=sys.stderr)
        return EXIT_LOAD
    except (GenerationError, WriterError) as exc:
        print(f"writer-app-cli: {exc}", file=sys.stderr)
        return EXIT_GENERATION
    finally:
        client.close()


def _models_command(args: argparse.Namespace) -> int:
    try:
        if args.command == "models":
            return models_cli.list_models(args)
        return models_cli.download(args)
    except SourceUnreachable as exc:
        print(f"writer-app-cli: {exc}\n{models_cli.other_ways()}", file=sys.stderr)
        return models_cli.EXIT_DOWNLOAD
    except WriterError as exc:
        print(f"writer-app-cli: {exc}", file=sys.stderr)
        return models_cli.EXIT_DOWNLOAD


def main_exit() -> None:
    """Console entry point."""
    # A process started with SIGINT ignored (a shell's background job, some CI runners)
    # would otherwise be deaf to Ctrl+C; writer-app-cli always stops on it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())


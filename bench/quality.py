"""writer-app's quality evaluation: what a real model writes through the app's own prompts.

    .venv/bin/python -m bench.quality --model MODEL.gguf [--model OTHER.gguf]
        [--seeds 5] [--subset full|ci] [--write docs/QUALITY.md --label before|after]
    .venv/bin/python -m bench.quality --rescore bench/results/quality-before-M.json ...

Each model runs in the app's engine process (loaded once) on the texts in bench/texts/:
Continue (a paragraph; a sentence and a few words on some texts), Summarize, and
Rewrite (Shorter, Longer, More formal, a translation into the other language, a custom
instruction), each with the app's default sampling on seeds 1..N, so a run repeats.
Every output is judged by the checks in writer_app/testing/quality.py. It prints a table
per model (each check × action: runs that passed over runs) and keeps every output in
bench/results/quality-<label>-<model>.json for a person to read. With --write it replaces
the section of --label in that Markdown file and keeps the others. --rescore counts
saved answers again after a change to the checks, without running a model.

It is an evaluation, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.common import MODEL_ENV, TEXTS, loaded_engine, write_results
from writer_app.core.models.load_settings import LoadSettings
from writer_app.core.protocol import FinishReason
from writer_app.core.requests import ContinueMode
from writer_app.testing import quality


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", type=Path,
                        help=f"a GGUF model (repeatable; default: ${MODEL_ENV})")
    parser.add_argument("--seeds", type=int, default=5, help="seeds 1..N per task")
    parser.add_argument("--subset", choices=("full", "ci"), default="full")
    parser.add_argument("--threads", type=int, default=0, help="0: automatic")
    parser.add_argument("--ctx-size", type=int, default=LoadSettings(model_path="").n_ctx)
    parser.add_argument("--continue-prompt", type=ContinueMode, choices=list(ContinueMode),
                        default=ContinueMode.AUTO, metavar="{auto,completion,chat}",
                        help="how Continue asks the model (to compare the two forms)")
    parser.add_argument("--only", metavar="PREFIX",
                        help="run only the columns whose name starts with this, e.g. Continue")
    parser.add_argument("--write", type=Path, help="the Markdown report to update")
    parser.add_argument("--label", default="latest", help="the report's section to replace")
    parser.add_argument("--rescore", action="append", type=Path, metavar="JSON",
                        help="count the answers saved in this results file again with the "
                             "current checks, without running a model (repeatable)")
    args = parser.parse_args()
    if not args.model and not args.rescore:
        if not os.environ.get(MODEL_ENV):
            parser.error(f"give --model or set {MODEL_ENV}")
        args.model = [Path(os.environ[MODEL_ENV])]
    return args


@dataclass(frozen=True)
class ModelRun:
    """One model's answers, judged; ``about`` says what ran, for the report."""

    model: str
    about: str
    subset: str
    results: list[quality.Result]


def _evaluate(model: Path, args: argparse.Namespace) -> ModelRun:
    tasks = [task for task in quality.plan(quality.load_corpus(TEXTS), args.subset)
             if task.column.startswith(args.only or "")]
    seed_list = quality.seeds(args.seeds)
    done = 0

    def progress(result: quality.Result) -> None:
        nonlocal done
        done += 1
        failed = [name for name, ok in result.checks.items() if not ok]
        print(f"  [{done}/{len(tasks) * len(seed_list)}] {result.task.key} seed "
              f"{result.seed}: {result.output.tokens} tokens, {result.output.reason.value}"
              f"{'; failed: ' + ', '.join(failed) if failed else ''}", file=sys.stderr)

    with loaded_engine(LoadSettings(model_path=str(model), n_ctx=args.ctx_size,
                                    threads=args.threads)) as client:
        info = client.model
        assert info is not None
        started = time.perf_counter()
        results = quality.run(tasks, seed_list,
                              lambda request: quality.collect(client.generate(
                                  dataclasses.replace(request,
                                                      continue_mode=args.continue_prompt))),
                              progress)
        wall = time.perf_counter() - started
    about = (f"Model: {info.name} ({info.quantization}), context {info.n_ctx} tokens, "
             f"{info.backend}; Continue prompt `{args.continue_prompt.value}`; subset "
             f"`{args.subset}`{f' (columns {args.only}…)' if args.only else ''}, "
             f"seeds {seed_list}, {len(results)} "
             f"runs in {wall / 60:.1f} minutes; Python {platform.python_version()}, "
             f"{platform.system()}.")
    return ModelRun(model.name, about, args.subset, results)


def _rescore(path: Path) -> ModelRun:
    """The answers saved in ``path``, judged again by the current checks."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    tasks = {task.key: task
             for task in quality.plan(quality.load_corpus(TEXTS), saved["subset"])}
    results = []
    for row in saved["outputs"]:
        task = tasks[f"{row['task']} / {row['text']}"]
        output = quality.Generated(row["output"], FinishReason(row["finish"]), row["tokens"])
        results.append(quality.Result(task, row["seed"], output, quality.check(task, output)))
    return ModelRun(saved["model"], saved["about"], saved["subset"], results)


def _section(runs: list[ModelRun], label: str) -> str:
    parts = [f"## {label}", ""]
    for run in runs:
        parts += [f"### {run.model}", "", run.about, "",
                  quality.markdown_table(run.results), ""]
    return "\n".join(parts)


def _save(run: ModelRun, label: str) -> Path:
    rows = [{"task": result.task.column, "text": result.task.text.id,
             "seed": result.seed, "output": result.output.text,
             "finish": result.output.reason.value, "tokens": result.output.tokens,
             "checks": result.checks, "request": _request_summary(result)}
            for result in run.results]
    summary = {"model": run.model, "about": run.about, "subset": run.subset}
    return write_results(f"quality-{label}-{Path(run.model).stem}.json",
                         {**summary, "outputs": rows})


def _request_summary(result: quality.Result) -> dict[str, object]:
    request = result.task.request(result.seed)
    return {"action": request.action.value, "style": request.style and request.style.name,
            "instruction": request.instruction, "length": request.length.value,
            "selection": request.selection, "sampling": asdict(request.sampling)}


def main() -> None:
    args = _arguments()
    runs = [_rescore(path) for path in args.rescore or ()]
    for model in args.model or ():
        print(f"{model.name}: {args.subset} set, {args.seeds} seeds", file=sys.stderr)
        run = _evaluate(model, args)
        print(f"\noutputs: {_save(run, args.label)}", file=sys.stderr)
        runs.append(run)
    for run in runs:
        print(f"\n{run.model}: {run.about}\n")
        print(quality.markdown_table(run.results))
    if args.write:
        existing = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        report = quality.update_report(existing, "checks", quality.describe_checks())
        report = quality.update_report(report, args.label, _section(runs, args.label))
        args.write.write_text(report, encoding="utf-8")
        print(f"\nupdated the {args.label!r} section of {args.write}")


if __name__ == "__main__":
    main()

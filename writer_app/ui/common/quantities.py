"""Counts, sizes, speeds and times in the writer's language and its number format."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QLocale

from writer_app.core.protocol import ModelInfo
from writer_app.core.sources.download import Progress
from writer_app.core.text.units import CountRule, TextCounts, count_unit
from writer_app.ui.common.core_text import translated


def _locale() -> QLocale:
    """The default locale; the "C" locale (no language set) writes numbers as English."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale("en_US")
    return locale


def number(value: int) -> str:
    """1234 -> '1,234' (or the locale's grouping)."""
    return _locale().toString(value)


def moment_text(seconds: float, *, with_seconds: bool = False) -> str:
    """A moment as lists show it: '2026-12-06 14:02' (and ':37' with the seconds)."""
    return time.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M",
                         time.localtime(seconds))


def data_size(size: float) -> str:
    """2,500,000,000 -> '2.50 GB': decimal units, as file managers and disk makers count
    (the rule of ``core.models.fit.human_size``), in the locale's number format."""
    return _locale().formattedDataSize(
        int(size), 2, QLocale.DataSizeFormat.DataSizeSIFormat)


def memory_text(size: float) -> str:
    """17,179,869,184 -> '16.00 GB': memory in units of 1,024, as operating systems show it
    (the rule of ``core.models.fit.memory_size``), in the locale's number format."""
    return _locale().formattedDataSize(
        int(size), 2, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def counts_text(counts: TextCounts, rule: CountRule = CountRule.WITH_PUNCTUATION) -> str:
    """'1,234 words · 6,789 characters'. Each Chinese character counts as a word, as a
    Chinese word processor counts 字数, so Chinese says '1,234 字' (``units.count_unit``,
    the word every count shown says); ``rule`` says whether full-width punctuation counts
    too."""
    return QCoreApplication.translate("Formats", "{count} {unit} · {characters} characters"
                                      ).format(count=number(counts.count(rule)),
                                               unit=translated(count_unit()),
                                               characters=number(counts.characters))


def duration_text(seconds: float) -> str:
    """'1 min 40 s' or '8 s' (or '2.4 s' under ten seconds, for short waits)."""
    if seconds < 10:
        shown = _locale().toString(seconds, "f", 1)
        return QCoreApplication.translate("Formats", "{seconds} s").format(seconds=shown)
    minutes, rest = divmod(int(seconds), 60)
    if minutes:
        return QCoreApplication.translate("Formats", "{minutes} min {seconds} s").format(
            minutes=minutes, seconds=rest)
    return QCoreApplication.translate("Formats", "{seconds} s").format(seconds=rest)


def progress_text(progress: Progress) -> str:
    """'312 MB of 1.04 GB · 8.1 MB/s · 1 min 40 s left' for a download."""
    if progress.verifying:
        return QCoreApplication.translate("Formats", "Checking {size}…").format(
            size=data_size(progress.total))
    parts = [QCoreApplication.translate("Formats", "{done} of {total}").format(
        done=data_size(progress.done), total=data_size(progress.total))]
    if progress.bytes_per_s > 0:
        parts.append(QCoreApplication.translate("Formats", "{size}/s").format(
            size=data_size(progress.bytes_per_s)))
    eta = progress.eta_s
    if eta is not None:
        parts.append(QCoreApplication.translate("Formats", "{time} left").format(
            time=duration_text(eta)))
    return " · ".join(parts)


def thinking_text(seconds: float | None) -> str:
    """'Thinking…' while a reasoning model thinks; 'Thought for 4.2 s' after."""
    if seconds is None:
        return QCoreApplication.translate("Formats", "Thinking…")
    return QCoreApplication.translate("Formats", "Thought for {time}").format(
        time=duration_text(seconds))


def placement_text(info: ModelInfo) -> str:
    """Where the loaded model runs, in a few words: 'CUDA: 29 of 29 layers' or 'CPU'."""
    plan = info.layer_plan
    if plan.on_gpu:
        return QCoreApplication.translate("SettingsDialog", "{backend}: {layers} of {total} layers"
                                          ).format(backend=info.backend, layers=plan.layers,
                                                   total=plan.total)
    return QCoreApplication.translate("SettingsDialog", "CPU")

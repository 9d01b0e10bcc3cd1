"""Counts, sizes, speeds and times in the writer's language and its number format."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from writer_app.core.download import Progress
from writer_app.core.textdiff import TextCounts

_CONTEXT = "Formats"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def number(value: int) -> str:
    """1234 -> '1,234' (or the locale's grouping)."""
    return QLocale().toString(value)


def data_size(size: float) -> str:
    """1,117,320,736 -> '1.04 GB', in the locale's number format."""
    return QLocale().formattedDataSize(
        int(size), 2, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def counts_text(counts: TextCounts) -> str:
    """'1,234 words · 6,789 characters'; a mostly Chinese text is counted in 字."""
    units = (_tr("{count} Chinese characters") if counts.mostly_chinese
             else _tr("{count} words"))
    return _tr("{units} · {characters} characters").format(
        units=units.format(count=number(counts.words)),
        characters=number(counts.characters))


def duration_text(seconds: float) -> str:
    """'1 min 40 s' or '8 s' (or '2.4 s' under ten seconds, for short waits)."""
    if seconds < 10:
        return _tr("{seconds} s").format(seconds=QLocale().toString(seconds, "f", 1))
    minutes, rest = divmod(int(seconds), 60)
    if minutes:
        return _tr("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)
    return _tr("{seconds} s").format(seconds=rest)


def progress_text(progress: Progress) -> str:
    """'312 MB of 1.04 GB · 8.1 MB/s · 1 min 40 s left' for a download."""
    if progress.verifying:
        return _tr("Checking {size}…").format(size=data_size(progress.total))
    parts = [_tr("{done} of {total}").format(done=data_size(progress.done),
                                             total=data_size(progress.total))]
    if progress.bytes_per_s > 0:
        parts.append(_tr("{size}/s").format(size=data_size(progress.bytes_per_s)))
    eta = progress.eta_s
    if eta is not None:
        parts.append(_tr("{time} left").format(time=duration_text(eta)))
    return " · ".join(parts)


def thinking_text(seconds: float | None) -> str:
    """'Thinking…' while a reasoning model thinks; 'Thought for 4.2 s' after."""
    if seconds is None:
        return _tr("Thinking…")
    return _tr("Thought for {time}").format(time=duration_text(seconds))

"""Render a model's chat template within a time and a size limit.

A chat template is code from a model file. Jinja's sandbox keeps it away from Python's
internals but not from the machine: nested ``range`` loops run for hours and
``'x' * 200000000`` allocates gigabytes. A real template renders in about a millisecond
and a few kilobytes, so the limits here are far above any real one:

- every operator that can multiply a size (``*``, ``**``, ``+``, ``%``, ``~``) is checked
  before it runs, as are the numbers passed to any function or filter (widths, counts),
  widths in format strings, and the string methods and filters that multiply sizes
  (``replace``, ``join``, ``indent``);
- what a call or a filter returns, and the rendered output, are checked after;
- a deadline is checked on every line the template's compiled code runs, so a loop ends
  even when its body calls nothing.

Everything a template can do wrong ends in ``TemplateLimitError`` or the exception it
raised; the caller decides what to tell the writer.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from writer_app.core.i18n import QT_TRANSLATE_NOOP, message

MAX_SECONDS = 1.0
MAX_CHARS = 1 << 20
# Integers a template may compute: far beyond any index or count it needs.
_MAX_INT_BITS = 256
# A width or precision in a format string (``%09999999d``, ``{:>9999999}``).
_HUGE_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d{7,})|\{[^{}]*:[^{}]*\d{7,}")
_TEMPLATE_FILE = "<template>"


class TemplateLimitError(Exception):
    """The template went past a limit; the message says which."""


def _size(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 0


def _check_size(size: int) -> None:
    if size > MAX_CHARS:
        raise TemplateLimitError(message(QT_TRANSLATE_NOOP(
            "core", "it builds a value of {size:,} items, over the limit of {limit:,}"),
            size=size, limit=MAX_CHARS))


def _check_number(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_CHARS:
        raise TemplateLimitError(message(QT_TRANSLATE_NOOP(
            "core", "it passes the number {value:,} to a function"), value=value))


def _check_format(value: object) -> None:
    if isinstance(value, str) and _HUGE_FORMAT_WIDTH.search(value):
        raise TemplateLimitError(message(QT_TRANSLATE_NOOP(
            "core", "it formats with a huge width")))


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        _check_number(value)
        _check_format(value)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if _size(sequence) and isinstance(count, int):
                _check_size(_size(sequence) * count)
        if isinstance(left, int) and isinstance(right, int):
            _check_int_bits(left.bit_length() + right.bit_length())
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            _check_int_bits(left.bit_length() * right)
    elif operator == "+":
        _check_size(_size(left) + _size(right))
    elif operator == "%":
        _check_format(left)
        _check_arguments(right if isinstance(right, tuple) else (right,), {})


def _check_int_bits(bits: int) -> None:
    if bits > _MAX_INT_BITS:
        raise TemplateLimitError(message(QT_TRANSLATE_NOOP(
            "core", "it computes a number of about {bits:,} bits"), bits=bits))


def _check_growth(operation: str, target: object, args: tuple[Any, ...]) -> None:
    """Check the size of what a string method that multiplies sizes would build."""
    if not isinstance(target, str) or not args:
        return
    if operation == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str) and isinstance(new, str):
            found = target.count(old) if old else len(target) + 1
            _check_size(len(target) + found * max(0, len(new) - len(old)))
    elif operation == "join" and isinstance(args[0], list | tuple):
        items = args[0]
        _check_size(len(target) * max(0, len(items) - 1) + sum(map(_size, items)))
    elif operation == "indent" and isinstance(args[0], str):
        _check_size(len(target) + (target.count("\n") + 1) * len(args[0]))


def _check_filter_growth(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``_check_growth`` for Jinja's own replace, join and indent filters."""
    if name == "do_replace" and len(args) >= 2:
        _check_growth("replace", args[1], args[2:])
    elif name == "do_join" and len(args) >= 2:
        _check_growth("join", args[2] if len(args) > 2 else kwargs.get("d", ""), args[1:2])
    elif name == "do_indent" and args:
        _check_growth("indent", args[0], (args[1] if len(args) > 1 else
                                          kwargs.get("width", 4),))


def _check_result(value: object) -> object:
    _check_size(_size(value))
    return value


def _limited_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its arguments and result checked; Jinja's pass_* marks kept."""

    @functools.wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        _check_filter_growth(function.__name__, args, kwargs)
        return _check_result(function(*args, **kwargs))

    return limited


class _LimitedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a call the environment checks, instead of a plain join."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.limited_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with sizes checked; render with ``render_limited``."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _LimitedCodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _limited_filter(function)
                        for name, function in self.filters.items()}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _check_result(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any,
             *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        # A string's own methods (format, replace, join...) work on the string they belong to.
        method = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(method, "__self__", None)
        _check_format(owner)
        _check_growth(getattr(method, "__name__", ""), owner, args)
        return _check_result(super().call(__context, __obj, *args, **kwargs))

    def limited_concat(self, values: tuple[Any, ...]) -> str:
        parts = [str(value) for value in values]
        _check_size(sum(map(len, parts)))
        return "".join(parts)


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise ``TemplateLimitError`` in template code that runs past ``seconds``.

    Only frames of compiled templates are traced line by line, so the cost is a clock
    read per template line; a tracer already installed (a debugger, coverage) is put back.
    """
    end = time.monotonic() + seconds

    def on_line(_frame: FrameType, _event: str, _arg: object) -> Any:
        if time.monotonic() > end:
            raise TemplateLimitError(message(QT_TRANSLATE_NOOP(
                "core", "it ran for more than {seconds:g} s"), seconds=seconds))
        return on_line

    def on_call(frame: FrameType, _event: str, _arg: object) -> Any:
        return on_line if frame.f_code.co_filename == _TEMPLATE_FILE else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)


def render_limited(template: Any, seconds: float = MAX_SECONDS, **variables: Any) -> str:
    """Render a template of a ``LimitedEnvironment`` within ``seconds`` and ``MAX_CHARS``."""
    pieces: list[str] = []
    total = 0
    with _deadline(seconds):
        for piece in template.generate(**variables):
            total += len(piece)
            _check_size(total)
            pieces.append(piece)
    return "".join(pieces)

"""Hostile chat templates: each is stopped by a limit, reported once by the model's name as
the model's fault, and the plain prompt is used."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest

from writer_app.core.requests import Action, GenerationRequest
from writer_app.core.writing.prompts import ChatTemplate, ChatTemplateError, build_prompt
from writer_app.testing.tiny_model import CHATML_TEMPLATE

MESSAGES = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
HOSTILE = {
    "nested huge loops": "{% for i in range(100000) %}{% for j in range(100000) %}"
                         "{% endfor %}{% endfor %}",
    "loops that call nothing": "{% set s = 'ab' * 60000 %}{% for i in s %}{% for j in s %}"
                               "{% endfor %}{% endfor %}",
    "a huge string": "{{ 'x' * 200000000 }}",
    "a huge list": "{{ ([1] * 300000) * 300000 }}",
    "doubling by concatenation": "{% set a = 'x' * 1000 %}{% set b = a ~ a %}"
                                 + "".join("{% set b = b ~ b %}" for _ in range(30))
                                 + "{{ b }}",
    "doubling by addition": "{% set n = namespace(s='x') %}{% for i in range(40) %}"
                            "{% set n.s = n.s + n.s %}{% endfor %}{{ n.s }}",
    "a huge power": "{{ 10 ** 10 ** 8 }}",
    "a huge width by filter": "{{ 'x' | center(200000000) }}",
    "a huge width by method": "{{ 'x'.ljust(200000000) }}",
    "a huge width by format": "{{ '{:>200000000}'.format(1) }}",
    "a huge width by percent": "{{ '%0200000000d' % 1 }}",
    "a huge range": "{% for i in range(10 ** 6) %}{% endfor %}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "replace by method": "{{ ('x' * 100000).replace('', 'y' * 100000) }}",
    "replace by filter": "{{ ('x' * 100000) | replace('', 'y' * 100000) }}",
    "join by method": "{{ ('y' * 100000).join(['a'] * 100000) }}",
    "join by filter": "{{ (['a'] * 100000) | join('y' * 100000) }}",
    "indent by filter": "{{ ('x\n' * 100000) | indent('y' * 100000) }}",
    "huge output": "{% for i in range(100000) %}{{ 'y' * 100 }}{% endfor %}",
}


def char_tokens(text: str, special: bool) -> Sequence[int]:
    return [ord(c) for c in text]


REQUEST = GenerationRequest(Action.CONTINUE, "The river was quiet that night.")


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_is_stopped_and_the_plain_prompt_used(
        source: str, caplog: pytest.LogCaptureFixture) -> None:
    template = ChatTemplate(source + MESSAGES, name="Evil-7B")
    with pytest.raises(ChatTemplateError, match="chat template in Evil-7B") as raised:
        template.check()
    assert "fault in the model file" in str(raised.value)
    assert "MemoryError" not in str(raised.value), "the value was built before the check"
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        prompt = build_prompt(REQUEST, template, char_tokens, 4096)
    assert prompt.parts[0].text == REQUEST.text  # the plain prompt
    assert not [r for r in caplog.records if r.getMessage().startswith("The chat template in")], \
        "the template ran, and its fault was reported, again"


def test_a_template_that_does_not_compile_is_the_models_fault() -> None:
    with pytest.raises(ChatTemplateError, match="chat template in Evil-7B"):
        ChatTemplate("{% for %}", name="Evil-7B")


def test_real_templates_are_within_the_limits() -> None:
    template = ChatTemplate(CHATML_TEMPLATE, name="Tiny")
    template.check()
    assert template.problem is None
    parts = template.render("system", "head")
    assert parts[0].text.startswith("<|im_start|>system")

"""Writing templates: the genres a draft can be composed in, kept as TOML data files.

Built-in templates ship in ``resources/templates``; the writer's own live in the data
folder and override a built-in of the same name. A template holds the form fields it
asks for, the instructions for the outline and for each section (with ``{placeholders}``
filled from the brief), a default length, tone and number of sections, and the length of
a typical piece of its genre. A file is read as untrusted (``core.untrusted``): a
malformed one is reported (which file, which field) and skipped, and a writer's own is set
aside so it is reported once: one bad file never hides the others or stops the app. A
placeholder is a name alone (``{topic}``): no index, attribute, conversion or format, so
filling one in can neither fail nor grow the prompt beyond the brief's own text.
"""

from __future__ import annotations

import json
import logging
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from writer_app.core.documents.files import write_atomic
from writer_app.core.i18n import QT_TRANSLATE_NOOP, message, message_of
from writer_app.core.sources.catalog import resources_dir
from writer_app.core.untrusted import UntrustedError, decode, parse_toml, read_bytes, set_aside

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh": "Simplified Chinese"}
FORM_FIELDS = ("topic", "keywords", "audience", "tone", "length")
# What the instructions may refer to; each is filled from the brief or the outline.
OUTLINE_PLACEHOLDERS = frozenset(
    {"topic", "keywords", "audience", "tone", "length", "unit", "sections", "language"})
SECTION_PLACEHOLDERS = OUTLINE_PLACEHOLDERS | {"heading", "notes", "index", "count",
                                               "section_length"}
_NAME = re.compile(r"^[\w\- ]{1,60}$", re.UNICODE)
MAX_SECTIONS = 20
MAX_LENGTH = 20_000
TEMPLATE_SUFFIX = ".toml"
MAX_TEMPLATE_BYTES = 256 * 1024
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Template:
    """One genre: what the form asks and what the model is told at each step."""

    name: str
    title: str
    language: str
    description: str
    fields: tuple[str, ...]
    outline: str
    section: str
    default_length: int
    default_tone: str
    sections: int
    example_length: int
    headings: bool = True
    source: Path | None = None
    builtin: bool = False
    titles: tuple[tuple[str, str], ...] = ()
    """The title in other languages, as (language, title): a genre's name where the
    interface speaks that language."""
    descriptions: tuple[tuple[str, str], ...] = ()

    def title_in(self, language: str) -> str:
        """The title for an interface in ``language`` ("en", "zh")."""
        return dict(self.titles).get(language, self.title)

    def description_in(self, language: str) -> str:
        """The description for an interface in ``language``."""
        return dict(self.descriptions).get(language, self.description)

    @property
    def unit(self) -> str:
        """What the length counts: characters for Chinese, words otherwise."""
        return "characters" if self.language == "zh" else "words"


class TemplateError(ValueError):
    """A template file is malformed; the message names the file and the field."""


def _text(data: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“{key}” must be a piece of text"), key=key))
    return value.strip()


def _by_language(data: Mapping[str, Any], key: str) -> tuple[tuple[str, str], ...]:
    """An optional table of texts by language (``[titles]`` with ``zh = "文章"``)."""
    table = data.get(key, {})
    if not isinstance(table, Mapping) or not all(
            language in LANGUAGES and isinstance(text, str) and text.strip()
            for language, text in table.items()):
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“{key}” must be a table of texts by language: {choices}"),
            key=key, choices=", ".join(LANGUAGES)))
    return tuple((language, text.strip()) for language, text in sorted(table.items()))


def _number(data: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“{key}” must be a whole number from {low} to {high}"),
            key=key, low=low, high=high))
    return value


def _placeholders(text: str, key: str, allowed: frozenset[str]) -> str:
    """``text`` if every placeholder in it is one of ``allowed``, a name alone."""
    try:
        fields = [(name, conversion, spec) for _, name, spec, conversion
                  in _FORMATTER.parse(text) if name is not None]
    except ValueError as exc:
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“{key}” has a broken placeholder ({reason}); write {{{{ and }}}} for a "
            "literal brace"), key=key, reason=str(exc))) from None
    for name, conversion, spec in fields:
        if conversion or spec or (name not in allowed and not name.isidentifier()):
            raise TemplateError(message(QT_TRANSLATE_NOOP(
                "core", "“{key}” has a broken placeholder ({placeholder}); a placeholder is a "
                "name alone, such as {{topic}}; write {{{{ and }}}} for a literal brace"),
                key=key, placeholder=f"{{{name}...}}"))
        if name not in allowed:
            raise TemplateError(message(QT_TRANSLATE_NOOP(
                "core", "“{key}” uses the unknown placeholder {placeholder}; it may use {allowed}"),
                key=key, placeholder=f"{{{name}}}",
                allowed=", ".join(f"{{{each}}}" for each in sorted(allowed))))
    return text


def template_from_data(data: Mapping[str, Any], source: Path | None = None,
                       builtin: bool = False) -> Template:
    """A validated template from parsed TOML; ``TemplateError`` names the bad field."""
    name = _text(data, "name")
    if not _NAME.match(name):
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“name” may hold only letters, digits, spaces, - and _ (at most 60)")))
    language = _text(data, "language")
    if language not in LANGUAGES:
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“language” must be one of: {choices}"), choices=", ".join(LANGUAGES)))
    fields = data.get("fields", list(FORM_FIELDS))
    if not isinstance(fields, list) or not all(field in FORM_FIELDS for field in fields):
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“fields” must be a list drawn from: {choices}"),
            choices=", ".join(FORM_FIELDS)))
    headings = data.get("headings", True)
    if not isinstance(headings, bool):
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "“headings” must be true or false")))
    return Template(
        name=name, title=_text(data, "title"), language=language,
        description=_text(data, "description", required=False),
        fields=tuple(dict.fromkeys(["topic", *fields])),
        outline=_placeholders(_text(data, "outline"), "outline", OUTLINE_PLACEHOLDERS),
        section=_placeholders(_text(data, "section"), "section", SECTION_PLACEHOLDERS),
        default_length=_number(data, "default_length", 10, MAX_LENGTH),
        default_tone=_text(data, "default_tone", required=False),
        sections=_number(data, "sections", 1, MAX_SECTIONS),
        example_length=_number(data, "example_length", 10, MAX_LENGTH),
        headings=headings, source=source, builtin=builtin,
        titles=_by_language(data, "titles"), descriptions=_by_language(data, "descriptions"),
    )


def parse_template(text: str, source: Path | None = None, builtin: bool = False) -> Template:
    """A template from TOML text; ``TemplateError`` says what is wrong with it."""
    try:
        data = parse_toml(text)
    except UntrustedError as exc:
        raise TemplateError(message_of(exc)) from None
    return template_from_data(data, source, builtin)


def read_template(path: Path, builtin: bool = False) -> Template:
    """The template in ``path``; ``TemplateError`` names the file and what is wrong."""
    try:
        text = decode(read_bytes(path, MAX_TEMPLATE_BYTES))
    except (OSError, UntrustedError) as exc:
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "The template file {path} cannot be read ({reason})."),
            path=path, reason=message_of(exc))) from None
    try:
        return parse_template(text, path, builtin)
    except TemplateError as exc:
        raise TemplateError(message(QT_TRANSLATE_NOOP(
            "core", "The template file {path} was skipped: {reason}."),
            path=path, reason=message_of(exc))) from None


def _toml_string(text: str) -> str:
    """``text`` as a TOML string: a readable multi-line literal when it can be one."""
    if "\n" in text and "'''" not in text and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
        return "'''\n" + text + "'''"
    # A JSON string is also a valid TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def template_to_toml(template: Template) -> str:
    """The TOML text of ``template``, as a writer would keep or share it."""
    values: dict[str, Any] = {
        "name": template.name, "title": template.title, "language": template.language,
        "description": template.description, "fields": list(template.fields),
        "default_length": template.default_length, "default_tone": template.default_tone,
        "sections": template.sections, "example_length": template.example_length,
        "headings": template.headings, "outline": template.outline,
        "section": template.section,
    }
    lines = []
    for key, value in values.items():
        if isinstance(value, str):
            lines.append(f"{key} = {_toml_string(value)}")
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(json.dumps(item) for item in value)}]")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    for key, texts in (("titles", template.titles), ("descriptions", template.descriptions)):
        if texts:
            lines.append(f"\n[{key}]")
            lines.extend(f"{language} = {_toml_string(text)}" for language, text in texts)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class TemplateLibrary:
    """The templates in use, by name, and the files that were skipped and why."""

    templates: Mapping[str, Template]
    problems: tuple[str, ...]

    def get(self, name: str) -> Template:
        """The template called ``name`` (case and spacing ignored); ``KeyError`` if none."""
        wanted = name.strip().casefold()
        for template in self.templates.values():
            titles = [template.title, *(title for _, title in template.titles)]
            if wanted in (template.name.casefold(), *(title.casefold() for title in titles)):
                return template
        raise KeyError(name)

    def ordered(self, language: str = "en") -> list[Template]:
        """Templates for a list in an interface in ``language``: English ones first, then
        Chinese, each by the title shown."""
        return sorted(self.templates.values(),
                      key=lambda t: (list(LANGUAGES).index(t.language),
                                     t.title_in(language).casefold()))


def builtin_dir() -> Path:
    return resources_dir() / "templates"


def user_dir(data_dir: Path) -> Path:
    """Where the writer's own templates live, under the app's data folder."""
    return data_dir / "templates"


def _read_folder(folder: Path, builtin: bool, problems: list[str]) -> Iterable[Template]:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")):
        try:
            yield read_template(path, builtin)
        except TemplateError as exc:
            log.warning("%s", exc)
            if builtin:
                problems.append(message_of(exc))
                continue
            problems.append(message(QT_TRANSLATE_NOOP(
                "core", "{problem} It is kept as {name}, so this is said once: mend it and "
                "give it back its name to use it."), problem=message_of(exc),
                name=set_aside(path).name))


def load_library(user_folder: Path | None, builtin_folder: Path | None = None) -> TemplateLibrary:
    """Built-in templates, then the writer's, which replace built-ins of the same name."""
    problems: list[str] = []
    templates: dict[str, Template] = {}
    for folder, builtin in ((builtin_folder or builtin_dir(), True), (user_folder, False)):
        if folder is None:
            continue
        for template in _read_folder(folder, builtin, problems):
            templates[template.name.casefold()] = template
    return TemplateLibrary(templates, tuple(problems))


def _file_name(name: str) -> str:
    return re.sub(r"\s+", "-", name.strip().casefold()) + TEMPLATE_SUFFIX


def save_user_template(template: Template, folder: Path) -> Template:
    """Write ``template`` into the writer's folder; returns it as saved there."""
    path = folder / _file_name(template.name)
    folder.mkdir(parents=True, exist_ok=True)
    saved = replace(template, source=path, builtin=False)
    write_atomic(path, template_to_toml(saved).encode("utf-8"))
    return saved


def free_name(library: TemplateLibrary, base: str) -> str:
    """``base``, or ``base 2``, ``base 3``... whichever no template has yet."""
    taken = {name.casefold() for name in library.templates}
    name, number = base, 2
    while name.casefold() in taken:
        name, number = f"{base} {number}", number + 1
    return name

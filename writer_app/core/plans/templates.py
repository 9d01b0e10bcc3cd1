"""Writing templates: the genres a draft can be composed in, kept as TOML data files.

Built-in templates ship in ``resources/templates``; the writer's own live in the data
folder and override a built-in of the same name. A template holds the form fields it
asks for, the instructions for the outline and for each section (with ``{placeholders}``
filled from the brief), a default length, tone and number of sections, and the length of
a typical piece of its genre. A malformed file is reported (which file, which field) and
skipped: one bad file never hides the others or stops the app.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from writer_app.core.sources.catalog import resources_dir

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib
from writer_app.core.documents.files import DocumentError, read_bytes, write_atomic
from writer_app.core.i18n import message_of

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

    @property
    def unit(self) -> str:
        """What the length counts: characters for Chinese, words otherwise."""
        return "characters" if self.language == "zh" else "words"


class TemplateError(ValueError):
    """A template file is malformed; the message names the file and the field."""


def _text(data: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        raise TemplateError(f"“{key}” must be a piece of text")
    return value.strip()


def _number(data: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise TemplateError(f"“{key}” must be a whole number from {low} to {high}")
    return value


def _placeholders(text: str, key: str, allowed: frozenset[str]) -> str:
    """``text`` if every placeholder in it is one of ``allowed`` and can be filled."""
    sample: dict[str, object] = dict.fromkeys(allowed, 1)
    try:
        text.format(**sample)
    except KeyError as exc:
        raise TemplateError(f"“{key}” uses the unknown placeholder {{{exc.args[0]}}}; it may "
                            "use " + ", ".join(f"{{{name}}}" for name in sorted(allowed))
                            ) from None
    except (ValueError, IndexError, AttributeError) as exc:
        raise TemplateError(f"“{key}” has a broken placeholder ({exc}); write {{{{ and }}}} "
                            "for a literal brace") from None
    return text


def template_from_data(data: Mapping[str, Any], source: Path | None = None,
                       builtin: bool = False) -> Template:
    """A validated template from parsed TOML; ``TemplateError`` names the bad field."""
    name = _text(data, "name")
    if not _NAME.match(name):
        raise TemplateError("“name” may hold only letters, digits, spaces, - and _ "
                            "(at most 60)")
    language = _text(data, "language")
    if language not in LANGUAGES:
        raise TemplateError("“language” must be one of: " + ", ".join(LANGUAGES))
    fields = data.get("fields", list(FORM_FIELDS))
    if not isinstance(fields, list) or not all(field in FORM_FIELDS for field in fields):
        raise TemplateError("“fields” must be a list drawn from: " + ", ".join(FORM_FIELDS))
    headings = data.get("headings", True)
    if not isinstance(headings, bool):
        raise TemplateError("“headings” must be true or false")
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
    )


def parse_template(text: str, source: Path | None = None, builtin: bool = False) -> Template:
    """A template from TOML text; ``TemplateError`` says what is wrong with it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"it is not valid TOML ({exc})") from None
    return template_from_data(data, source, builtin)


def read_template(path: Path, builtin: bool = False) -> Template:
    """The template in ``path``; ``TemplateError`` names the file and what is wrong."""
    try:
        return parse_template(read_bytes(path).decode("utf-8"), path, builtin)
    except DocumentError as exc:
        raise TemplateError(message_of(exc)) from None
    except UnicodeDecodeError as exc:
        raise TemplateError(f"The template file {path} cannot be read ({exc}).") from None
    except TemplateError as exc:
        raise TemplateError(f"The template file {path} was skipped: {exc}.") from None


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
            if wanted in (template.name.casefold(), template.title.casefold()):
                return template
        raise KeyError(name)

    def ordered(self) -> list[Template]:
        """Templates for a list: English ones first, then Chinese, each by title."""
        return sorted(self.templates.values(),
                      key=lambda t: (list(LANGUAGES).index(t.language), t.title.casefold()))


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
            problems.append(str(exc))


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

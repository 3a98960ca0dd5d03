"""Agenda templates: the usual shape of each kind of meeting, kept as editable YAML files.

A council officer changes a template by editing a file in ``agendas/``, so every mistake must
come back as a ``TemplateError`` naming the file, the item and the field (and the line), and
one bad file must never hide the good ones: ``load_templates_reporting`` returns both.

Part of ``content``: it reads files (the domain never does); plain Python, no Textual. Which
folder to read is the caller's choice (``locations.agendas_folder`` decides the default).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .yaml_reader import Fields, Located, LocatedError, read_document

log = logging.getLogger(__name__)

PURPOSES = ("information", "discussion", "decision")

# Items the app treats specially; each may appear at most once in a template.
ITEM_KINDS = (
    "apologies",
    "declarations",
    "previous_minutes",  # approving the last meeting's minutes
    "matters_arising",
    "disputes_update",
    "assessments",
    "aob",
    "next_meeting",
)

DEFAULT_START = "14:00"
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_LONGEST_ITEM_MINUTES = 8 * 60  # a typo guard: no single agenda item runs all day
_TEMPLATE_FIELDS = {"name", "description", "default_start", "default_duration_minutes", "items"}
_ITEM_FIELDS = {"title", "planned_minutes", "purpose", "presenter", "standing", "kind"}


class TemplateError(LocatedError):
    """An agenda template file has a mistake; the message names the file, item and field."""


@dataclass(frozen=True)
class TemplateItem:
    title: str
    planned_minutes: int
    purpose: str  # one of PURPOSES
    presenter: str = ""
    standing: bool = False
    kind: str | None = None  # one of ITEM_KINDS, or None for an ordinary item


@dataclass(frozen=True)
class AgendaTemplate:
    """One kind of meeting; ``key`` is the file name without ".yaml" and is stored on meetings."""

    key: str
    name: str
    description: str
    default_start: str  # "HH:MM", 24-hour clock
    items: tuple[TemplateItem, ...]
    default_duration_minutes: int | None = None
    path: Path | None = None

    @property
    def planned_minutes(self) -> int:
        """The sum of the items' planned minutes, to compare with the meeting's length."""
        return sum(item.planned_minutes for item in self.items)

    def item_of_kind(self, kind: str) -> TemplateItem | None:
        return next((item for item in self.items if item.kind == kind), None)


def _template_files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def load_template(path: Path) -> AgendaTemplate:
    """Read and check one template file; raises TemplateError on the first mistake."""
    path = Path(path)
    root = read_document(path, TemplateError)
    fields = root.fields(_TEMPLATE_FIELDS)
    name = fields.text("name")
    default_start = fields.optional_text("default_start", DEFAULT_START)
    if not _TIME.match(default_start):
        located = fields.node("default_start")
        located.fail(
            f'{located.where} must be a 24-hour time in quotes like "14:00", got "{default_start}"'
        )
    duration = fields.optional_integer("default_duration_minutes", "a whole number of minutes")
    if duration is not None and duration < 1:
        fields.node("default_duration_minutes").fail(
            f'"default_duration_minutes" must be at least 1, got {duration}'
        )
    return AgendaTemplate(
        key=path.stem,
        name=name,
        description=fields.optional_text("description"),
        default_start=default_start,
        items=_read_items(fields),
        default_duration_minutes=duration,
        path=path,
    )


def _read_items(fields: Fields) -> tuple[TemplateItem, ...]:
    items = []
    kinds_seen: dict[str, str] = {}
    for position, item_node in enumerate(fields.items("items", "item"), start=1):
        title = item_node.fields(_ITEM_FIELDS).text("title")
        item = _read_item(item_node.renamed(f'item {position} ("{title}")'), title)
        if item.kind is not None:
            if item.kind in kinds_seen:
                item_node.fail(
                    f'item {position} ("{title}"): kind {item.kind} is already used by '
                    f"{kinds_seen[item.kind]}; each kind may appear once",
                    _line_of(item_node, "kind"),
                )
            kinds_seen[item.kind] = f'item {position} ("{title}")'
        items.append(item)
    return tuple(items)


def _line_of(item_node: Located, key: str) -> int:
    return item_node.fields(_ITEM_FIELDS).node(key).line


def _read_item(item_node: Located, title: str) -> TemplateItem:
    item = item_node.fields(_ITEM_FIELDS)
    minutes = item.integer("planned_minutes", "a whole number of minutes")
    if not 1 <= minutes <= _LONGEST_ITEM_MINUTES:
        item.node("planned_minutes").fail(
            f"{item_node.where}: planned_minutes must be between 1 and "
            f"{_LONGEST_ITEM_MINUTES}, got {minutes}"
        )
    purpose = item.text("purpose")
    if purpose not in PURPOSES:
        item.node("purpose").fail(
            f'{item_node.where}: purpose must be one of {", ".join(PURPOSES)}, got "{purpose}"'
        )
    kind = item.optional_text("kind") or None
    if kind is not None and kind not in ITEM_KINDS:
        item.node("kind").fail(
            f"{item_node.where}: kind must be one of {', '.join(ITEM_KINDS)} or left out, "
            f'got "{kind}"'
        )
    return TemplateItem(
        title=title,
        planned_minutes=minutes,
        purpose=purpose,
        presenter=item.optional_text("presenter"),
        standing=item.boolean("standing", default=False),
        kind=kind,
    )


def load_templates_reporting(folder: Path) -> tuple[list[AgendaTemplate], list[TemplateError]]:
    """Every good template in ``folder`` (sorted by name) and an error for each bad file.

    One broken file must not stop the Steering Group planning a meeting from the others.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return [], [TemplateError(str(folder), None, "agenda templates folder not found")]
    templates: list[AgendaTemplate] = []
    errors: list[TemplateError] = []
    for path in _template_files(folder):
        try:
            templates.append(load_template(path))
        except TemplateError as error:
            errors.append(error)
    templates.sort(key=lambda template: (template.name.casefold(), template.key))
    return templates, errors


def load_templates(folder: Path) -> list[AgendaTemplate]:
    """The good templates in ``folder``, sorted by name; bad files are logged and skipped.

    Use ``load_templates_reporting`` where the errors should be shown to the user.
    """
    templates, errors = load_templates_reporting(folder)
    for error in errors:
        log.warning("agenda template skipped: %s", error)
    return templates

"""Read hand-edited YAML with errors that point at the file, the line and the problem.

Content and agenda templates are edited by council officers, not programmers, so a bare
``KeyError`` or a silently wrong value is no use to them. This module walks the composed YAML
node tree (which remembers line numbers) instead of the plain data ``yaml.safe_load`` returns,
so every complaint can say exactly where to look.

Text fields take the scalar's source text as written, so ``id: 1.10`` stays "1.10" and
``start: 14:00`` stays "14:00" rather than becoming a float or YAML 1.1's sexagesimal 840.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import yaml

# libyaml's loader composes the same nodes with the same marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_BOOL_TAG = "tag:yaml.org,2002:bool"
# Stateless for scalars: turns "0x1F" or "1_000" into ints exactly as yaml.safe_load would.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
MAX_INTEGER_LENGTH = 18


class LocatedError(Exception):
    """A problem in a YAML file, with the file name and (when known) the 1-based line."""

    def __init__(self, file_name: str, line: int | None, problem: str) -> None:
        self.file_name = file_name
        self.line = line
        self.problem = problem
        where = f"{file_name}, line {line}" if line is not None else file_name
        super().__init__(f"{where}: {problem}")


def describe_value(node: yaml.Node) -> str:
    """Say what was found instead, in words an editor recognises ("a list", "nothing")."""
    if isinstance(node, yaml.MappingNode):
        return "a set of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL_TAG:
        return "nothing"
    if node.tag == "tag:yaml.org,2002:str":
        return f'"{node.value}"'
    return str(node.value)


def read_document(path: Path, error: type[LocatedError]) -> Located:
    """Compose one YAML file into a located root node, or raise ``error`` saying why not."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(name, None, f"file not found (looked in {path.parent})") from None
    except UnicodeDecodeError as exc:
        raise error(name, None, f"is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise error(name, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = exc.problem or exc.context or "unreadable"
        raise error(name, line, f"not valid YAML: {detail}") from None
    except yaml.YAMLError as exc:
        raise error(name, None, f"not valid YAML: {exc}") from None
    if root is None:
        raise error(name, None, "the file is empty")
    return Located(name, root, "the file", error)


class Located:
    """A YAML node plus what to call it in messages ("area 3 pair 2") and where it is."""

    def __init__(
        self, file_name: str, node: yaml.Node, where: str, error: type[LocatedError]
    ) -> None:
        self.file_name = file_name
        self.node = node
        self.where = where
        self.error = error

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def fail(self, problem: str, line: int | None = None) -> NoReturn:
        raise self.error(self.file_name, line if line is not None else self.line, problem)

    @property
    def prefix(self) -> str:
        """How messages about this node's fields begin ("area 3: "), nothing at the top."""
        return "" if self.where == "the file" else f"{self.where}: "

    def renamed(self, where: str) -> Located:
        """The same node under a clearer name, once the caller knows what it is."""
        return Located(self.file_name, self.node, where, self.error)

    def _child(self, node: yaml.Node, where: str) -> Located:
        return Located(self.file_name, node, where, self.error)

    def fields(self, allowed: set[str]) -> Fields:
        """This node as a mapping whose keys are all in ``allowed``."""
        if not isinstance(self.node, yaml.MappingNode):
            self.fail(f"{self.where} must be a set of fields, got {describe_value(self.node)}")
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in self.node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in found:
                first = found[key][0].start_mark.line + 1
                self.fail(f'{self.prefix}"{key}" appears twice (first on line {first})', line)
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.fail(f'{self.prefix}unknown field "{key}" (expected: {known})', line)
            found[key] = (key_node, value_node)
        return Fields(self, found)

    def items(self, what: str, parent: str | None = None) -> Iterator[Located]:
        """This node as a list; each item is named "<parent> <what> <n>" (n from 1)."""
        if not isinstance(self.node, yaml.SequenceNode):
            self.fail(f"{self.where} must be a list, got {describe_value(self.node)}")
        parent = self.where if parent is None else parent
        prefix = "" if parent == "the file" else f"{parent} "
        for position, node in enumerate(self.node.value, start=1):
            yield self._child(node, f"{prefix}{what} {position}")


class Fields:
    """Typed, located access to a mapping's values; every miss is a located error."""

    def __init__(self, owner: Located, found: dict[str, tuple[yaml.Node, yaml.Node]]) -> None:
        self.owner = owner
        self._found = found

    def has(self, key: str) -> bool:
        return key in self._found and self._found[key][1].tag != _NULL_TAG

    def node(self, key: str) -> Located:
        """The value under ``key``; missing or empty values are errors."""
        if key not in self._found:
            self.owner.fail(f'{self.owner.where} is missing "{key}"')
        key_node, value_node = self._found[key]
        if value_node.tag == _NULL_TAG:
            self.owner.fail(
                f'{self.owner.prefix}"{key}" has no value', key_node.start_mark.line + 1
            )
        return self.owner._child(value_node, f'{self.owner.prefix}"{key}"')

    def _wrong(self, key: str, expected: str) -> NoReturn:
        located = self.node(key)
        located.fail(f"{located.where} must be {expected}, got {describe_value(located.node)}")

    def text(self, key: str) -> str:
        """Non-empty text, as written (numbers and times stay exactly as typed)."""
        located = self.node(key)
        if not isinstance(located.node, yaml.ScalarNode):
            self._wrong(key, "text")
        value = str(located.node.value).strip()
        if not value:
            located.fail(f"{located.where} is empty")
        return value

    def optional_text(self, key: str, default: str = "") -> str:
        return self.text(key) if self.has(key) else default

    def integer(self, key: str, expected: str = "a whole number") -> int:
        located = self.node(key)
        if not isinstance(located.node, yaml.ScalarNode) or located.node.tag != _INT_TAG:
            self._wrong(key, expected)
        if len(str(located.node.value)) > MAX_INTEGER_LENGTH:  # Python refuses 4,300 digits
            located.fail(f"{located.where} must be {expected}, got a number "
                         f"{len(str(located.node.value))} characters long")
        return int(_CONSTRUCTOR.construct_yaml_int(located.node))

    def optional_integer(self, key: str, expected: str = "a whole number") -> int | None:
        return self.integer(key, expected) if self.has(key) else None

    def boolean(self, key: str, default: bool) -> bool:
        if not self.has(key):
            return default
        located = self.node(key)
        if not isinstance(located.node, yaml.ScalarNode) or located.node.tag != _BOOL_TAG:
            self._wrong(key, "true or false")
        return bool(_CONSTRUCTOR.construct_yaml_bool(located.node))

    def items(self, key: str, what: str, *, allow_empty: bool = False) -> list[Located]:
        """The list under ``key``, each item named "<what> <n>"; empty lists are errors."""
        located = self.node(key)
        found = list(located.items(what, parent=self.owner.where))
        if not found and not allow_empty:
            located.fail(f"{located.where} is an empty list")
        return found

    def text_list(self, key: str, what: str) -> tuple[str, ...]:
        """A non-empty list of non-empty text items."""
        values = []
        for item in self.items(key, what):
            if not isinstance(item.node, yaml.ScalarNode) or item.node.tag == _NULL_TAG:
                item.fail(f"{item.where} must be text, got {describe_value(item.node)}")
            value = str(item.node.value).strip()
            if not value:
                item.fail(f"{item.where} is empty")
            values.append(value)
        return tuple(values)


class UniqueIds:
    """Remembers ids already seen in one file, so a repeat can name the first one's line."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._first_line: dict[str, int] = {}

    def add(self, value: str, fields: Fields, key: str) -> None:
        """Record ``value`` (read from ``fields[key]``); a repeat fails at the repeat's line."""
        line = fields.node(key).line
        if value in self._first_line:
            fields.owner.fail(
                f'{fields.owner.prefix}duplicate {self.what} "{value}" '
                f"(first used on line {self._first_line[value]})",
                line,
            )
        self._first_line[value] = line

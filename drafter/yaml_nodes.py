"""Reading YAML as nodes: every value with its line, plain types only, nothing executed.

drafter walks YAML *nodes* rather than constructed values, so every problem carries a
line number, a text stays exactly what the user typed (``title: 2017`` is the text
"2017"), duplicate keys are caught, and no tag (``!!python/object``...) is ever
constructed. :mod:`drafter.store` builds the model from these readers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from drafter.errors import Problem, ValidationError
from drafter.model import is_valid_id
from drafter.visible import has_controls, visible

try:  # the libyaml C loader is ~17x faster; fall back silently
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

__all__ = [
    "NULL", "PLAIN_TAGS", "Invalid", "LineFinder", "Loader", "Reader",
    "collect", "foreign_tag", "kind_of", "parse", "scalars",
]  # fmt: skip


class Invalid(Exception):
    """Raised inside a parse to abandon a file after recording its problems."""


@dataclass
class Reader:
    """Collects problems for one file while its node tree is turned into model values."""

    path: str
    problems: list[Problem]

    def add(self, node: yaml.Node | None, message: str, *, offset: int = 0) -> None:
        line = node.start_mark.line + 1 + offset if node is not None else None
        self.problems.append(Problem(self.path, line, message))

    def root(self, text: str | bytes) -> yaml.MappingNode:
        try:
            loader = Loader(text)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            what = exc.problem or exc.context or "not valid YAML"
            self.problems.append(Problem(self.path, line, f"YAML syntax error: {what}"))
            raise Invalid from None
        except yaml.reader.ReaderError as exc:
            raw = text if isinstance(text, bytes) else text.encode("utf-8", "replace")
            line = raw[: exc.position].count(b"\n") + 1
            self.problems.append(Problem(self.path, line, f"not UTF-8 text ({exc.reason})"))
            raise Invalid from None
        except yaml.YAMLError as exc:
            reason = " ".join(str(exc).split())
            self.problems.append(Problem(self.path, None, f"not valid YAML: {reason}"))
            raise Invalid from None
        except UnicodeDecodeError:
            self.problems.append(Problem(self.path, None, "not UTF-8 text"))
            raise Invalid from None
        if not isinstance(node, yaml.MappingNode) or foreign_tag(node):
            self.add(node, "expected a mapping of keys to values at the top level")
            raise Invalid
        return node

    def mapping(
        self,
        node: yaml.MappingNode,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        if foreign_tag(node):
            self.add(node, f"{what}: the tag {node.tag!r} is not allowed")
            return found
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.add(key_node, f"{what}: keys must be plain words")
                continue
            key = key_node.value
            if key in found:
                self.add(key_node, f"duplicate key {key!r}")
            elif key not in allowed:
                self.add(key_node, f"unknown key {key!r} in {what} (allowed: {', '.join(allowed)})")
            else:
                found[key] = (key_node, value_node)
        for key in required:
            if key not in found:
                self.add(node, f"missing key {key!r} in {what}")
        return found

    def text(self, node: yaml.Node, key: str) -> str:
        """A text value exactly as typed; block scalars lose their final newline."""
        if foreign_tag(node):
            self.add(node, f"{key}: the tag {node.tag!r} is not allowed (plain text only)")
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.add(node, f"{key}: expected text, found a {kind_of(node)}")
            return ""
        if (
            node.tag == NULL
            and node.style is None
            and node.value in ("", "~", "null", "Null", "NULL")
        ):
            return ""
        value: str = node.value.rstrip("\n")
        if has_controls(value):  # never let a terminal control sequence reach a screen
            value = visible(value)
        return value

    def text_list(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
            return ()
        if foreign_tag(node):
            self.add(node, f"{key}: the tag {node.tag!r} is not allowed (plain lists only)")
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.add(node, f"{key}: expected a list, found {kind_of(node)}")
            return ()
        return tuple(self.text(item, f"{key} entry") for item in node.value)

    def date_value(self, node: yaml.Node, key: str) -> date | None:
        raw = self.text(node, key)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.add(node, f"{key}: {raw!r} is not a date (write YYYY-MM-DD)")
            return None

    def ident(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if value and not is_valid_id(value):
            self.add(
                node,
                f"{key} {value!r} breaks the id rule: 1-64 lower-case letters, digits and "
                "hyphens, starting with a letter or digit",
            )
        return value


NULL = "tag:yaml.org,2002:null"
PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def foreign_tag(node: yaml.Node) -> bool:
    """True for any explicit tag other than YAML's plain types (``!!python/...`` etc.)."""
    return node.tag not in PLAIN_TAGS


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def collect(
    path: str, text: str | bytes, build: Callable[[Reader, yaml.MappingNode], Any]
) -> tuple[Any, list[Problem]]:
    """The value as far as it could be read (None if not at all) and the problems found."""
    reader = Reader(path, [])
    try:
        value = build(reader, reader.root(text))
    except Invalid:
        value = None
    return value, reader.problems


def parse(path: str, text: str | bytes, build: Callable[[Reader, yaml.MappingNode], Any]) -> Any:
    value, problems = collect(path, text, build)
    if problems:
        raise ValidationError(problems)
    return value


class LineFinder:
    """First line of a file containing a snippet; for problems found after parsing."""

    def __init__(self, data: bytes) -> None:
        self._lines = data.decode("utf-8", "replace").splitlines()

    def find(self, snippet: str) -> int | None:
        for n, line in enumerate(self._lines, start=1):
            if snippet in line:
                return n
        return None


def scalars(node: yaml.Node | None) -> Iterable[yaml.ScalarNode]:
    """Every scalar of a node tree, in document order."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from scalars(child)
    elif isinstance(node, yaml.MappingNode):
        for _key, child in node.value:
            yield from scalars(child)

"""Reading YAML safely: no code, no duplicate keys, no surprising implicit types.

PyYAML's safe loader still follows YAML 1.1, where ``10:00`` is the number 600,
``no`` is False and ``2019-12-16`` is a date object. Planners write times, language
codes and dates as they read them, so this loader keeps them as text and resolves
only plain integers, floats, true/false and null.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from solver.errors import InputError
from solver.files.atomic import read_utf8

MAX_ADDED = 100_000  # values the aliases (*name) may add: an anchor saves retyping a footnote, not a file's worth
_FAST = getattr(yaml, "CSafeLoader", None)  # libyaml's parser, where PyYAML was built with it: ten times faster


def _expanded(root: yaml.Node) -> None:
    """Refuse, before anything is built from it, a document whose aliases expand it by more than
    ``MAX_ADDED`` values (a "billion laughs": nine lines of aliases, each naming the one above
    nine times, are 387 million values), or refer to the value they are in. An alias is the
    node it names, shared: a document where no node is reached twice has none."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            _count(root)
            return
        seen.add(id(node))
        stack.extend(_children(node))


def _count(root: yaml.Node) -> None:
    """The size of the document with its aliases written out, each node counted once."""
    size: dict[int, int] = {}  # node -> the values it holds once its aliases are written out
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            size[key] = total
            if total - distinct > MAX_ADDED:
                raise InputError(
                    f"line {node.start_mark.line + 1}: the aliases (*name) here expand the file by more than "
                    f"{MAX_ADDED:,} values; write the values out instead"
                )
            continue
        if key in size:
            continue
        if key in open_:
            raise InputError(
                f"line {node.start_mark.line + 1}: an alias (*name) refers to the value it is in; write the value out instead"
            )
        open_.add(key)
        distinct += 1
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if node.id == "sequence":
        return node.value  # type: ignore[no-any-return]
    if node.id == "mapping":
        return [part for pair in node.value for part in pair]
    return []


class _Bounded:
    """Mixed into a loader: the document's expansion is bounded before it is constructed (when
    its text has an alias at all: ``aliases``), and plain scalars are resolved quickly."""

    aliases = True

    def get_single_data(self) -> Any:
        node = self.get_single_node()  # type: ignore[attr-defined]
        if node is None:
            return None
        if self.aliases:
            _expanded(node)
        return self.construct_document(node)  # type: ignore[attr-defined]

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """PyYAML's resolution, in fewer steps: this loader's resolvers are all by first
        character, and it has no path resolvers (a tenth of the time of reading a large file)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):  # type: ignore[attr-defined]
                    if pattern.match(value):
                        return tag  # type: ignore[no-any-return]
            return yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[misc, no-any-return]


class _Loader(_Bounded, yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars, duplicate-key detection and bounded aliases."""


_LOADERS: list[type] = [_Loader]
if _FAST is not None:

    class _FastLoader(_Bounded, _FAST):  # type: ignore[misc, valid-type]
        """The same loader over libyaml's parser."""

    _LOADERS.insert(0, _FastLoader)

for _cls in _LOADERS:
    _cls.yaml_implicit_resolvers = {}
    for tag, pattern, first in [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
        ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]:
        _cls.add_implicit_resolver(tag, re.compile(pattern), list(first))


def _mapping_without_duplicates(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise InputError(f"line {key_node.start_mark.line + 1}: a key must be plain text")
        if key in seen:
            raise InputError(
                f"line {key_node.start_mark.line + 1}: duplicate key '{key}' "
                f"(first given on line {seen[key]}); give each key once"
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


for _cls in _LOADERS:
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)

MAX_DIGITS = 15  # minutes, counts and weights are small; a longer number is a mistake (or an attack)


def _integer(loader: Any, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    digits = len(text.lstrip("+-"))
    if digits > MAX_DIGITS:
        raise InputError(
            f"line {node.start_mark.line + 1}: a number of {digits:,} digits; numbers here have at most {MAX_DIGITS}"
        )
    return int(text)


for _cls in _LOADERS:
    _cls.add_constructor("tag:yaml.org,2002:int", _integer)


def _code(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character[:1] or "\0")


def _line_of(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line}, column {position - (text.rfind(chr(10), 0, position) + 1) + 1}"


def parse_yaml(text: str) -> Any:
    """One YAML document from text, with this module's loader (raises yaml.YAMLError).

    libyaml reads it when it can; a document it refuses is read again by PyYAML's own parser,
    whose error (and its wording, which the messages quote) is the one raised: libyaml and
    PyYAML agree on every document they both accept."""
    if len(_LOADERS) > 1:
        try:
            return _load(text, _LOADERS[0])
        except yaml.YAMLError:
            pass
    return _load(text, _Loader)


def _load(text: str, kind: type) -> Any:
    loader = kind(text)
    loader.aliases = "*" in text  # every alias starts with one: without, nothing to count
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_yaml(path: str | Path) -> Any:
    """Load one YAML document from a file, or raise InputError with a clear line."""
    name = str(path)
    text = read_utf8(path, what="an instance file")
    try:
        return parse_yaml(text)
    except InputError as exc:
        raise exc.in_file(name) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        hint = "; indent with spaces, not tabs" if "\\t" in str(exc.problem) else ""
        raise InputError(f"{where}YAML syntax error: {exc.problem}{hint}", file=name) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a NUL byte ...)
        raise InputError(
            f"{_line_of(text, exc.position)}: the character U+{_code(exc.character):04X} is not allowed in YAML; remove it",
            file=name,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file=name) from None
    except RecursionError:
        raise InputError("the YAML is nested too deeply", file=name) from None

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

MAX_ALIASES = 200  # anchors save retyping a footnote; thousands of aliases are an "alias bomb"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars, duplicate-key detection and a cap on aliases."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen = getattr(self, "aliases_seen", 0) + 1
            if self.aliases_seen > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise InputError(f"line {mark.line + 1}: more than {MAX_ALIASES} aliases (*name); write the values out instead")
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def _mapping_without_duplicates(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
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


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)

MAX_DIGITS = 15  # minutes, counts and weights are small; a longer number is a mistake (or an attack)


def _integer(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    digits = len(text.lstrip("+-"))
    if digits > MAX_DIGITS:
        raise InputError(
            f"line {node.start_mark.line + 1}: a number of {digits:,} digits; numbers here have at most {MAX_DIGITS}"
        )
    return int(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _integer)


def _code(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character[:1] or "\0")


def _line_of(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line}, column {position - (text.rfind(chr(10), 0, position) + 1) + 1}"


def parse_yaml(text: str) -> Any:
    """One YAML document from text, with this module's loader (raises yaml.YAMLError)."""
    return yaml.load(text, Loader=_Loader)


def read_yaml(path: str | Path) -> Any:
    """Load one YAML document from a file, or raise InputError with a clear line."""
    name = str(path)
    text = read_utf8(path, what="an instance file")
    try:
        return yaml.load(text, Loader=_Loader)
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

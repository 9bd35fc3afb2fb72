"""The instance file checked against its format, with pydantic's reports in the planner's words:
one line, the place in the file (``bodies[1].items[3].minutes``), what is wrong and what is right."""

from __future__ import annotations

import re
from difflib import get_close_matches
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from solver.errors import InputError, all_at_once, place_of
from solver.instance import fileformat


def parse_instance_file(raw: Any) -> fileformat.InstanceFile:
    """Validate the parsed YAML against the schema, turning pydantic's report into one line."""
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else f"a {type(raw).__name__}"
        raise InputError(f"the file is {kind}; an instance file is a mapping with session, calendar and bodies")
    _no_control_characters(raw, [])
    try:
        return fileformat.InstanceFile.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        located = [(_real_location(raw, e["loc"]), e) for e in errors]
        # a value that may take several forms gets one report per form; the deepest one is
        # the form the planner was writing (a mapping for a day, not a plain date); of those, a
        # misspelt key before the key it misspells ('ends' unknown, so 'end' is missing)
        mistakes = all_at_once([_one(raw, group) for group in _by_value(located)])
        raise FormatMistakes(mistakes.message, place=mistakes.place, also=mistakes.also) from None


class FormatMistakes(InputError):
    """Mistakes against the file's format, all of them (pydantic reports every one at once)."""


def _by_value(located: list[tuple[list[Any], Any]]) -> list[list[tuple[list[Any], Any]]]:
    """pydantic's reports grouped by the value they are about (the reports on the forms a value
    may take, and on the keys inside it, are one mistake), in the file's order."""
    groups: list[list[tuple[list[Any], Any]]] = []
    for loc, error in located:
        for group in groups:
            if any(_same_mistake(loc, error, other, theirs) for other, theirs in group):
                group.append((loc, error))
                break
        else:
            groups.append([(loc, error)])
    return groups


def _same_mistake(a: list[Any], error_a: Any, b: list[Any], error_b: Any) -> bool:
    """Two reports on one value: one inside the other (a day as a date, or as a mapping with a
    wrong key), or a key misspelt beside the key it misspells ('ends' unknown, 'end' missing)."""
    if a[: len(b)] == b or b[: len(a)] == a:
        return True
    kinds = {error_a["type"], error_b["type"]}
    return a[:-1] == b[:-1] and kinds == {"missing", "extra_forbidden"}


def _one(raw: Any, group: list[tuple[list[Any], Any]]) -> InputError:
    """One mistake: of the reports on one value, the deepest (the form the planner was writing: a
    mapping for a day, not a plain date); of those, a misspelt key before the key it misspells
    ('ends' unknown, so 'end' is missing)."""
    loc, first = max(group, key=lambda pair: (len(pair[0]), _misspelt(pair[1])))
    message = _comma_in_flow_text(raw, loc) or _schema_message(first)
    return InputError(message, place=place_of(loc))


# characters that XML 1.0 (the inside of .xlsx and .docx files) cannot hold: tab and line
# breaks can, the other C0 controls, lone surrogates and U+FFFE/U+FFFF cannot
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _no_control_characters(node: Any, loc: list[Any]) -> None:
    """A text holding a character that no annex can store is said here, with its place, rather
    than found by the Excel or Word writer after the search."""
    if isinstance(node, dict):
        for key, value in node.items():
            _no_control_characters(key, loc)
            _no_control_characters(value, [*loc, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _no_control_characters(value, [*loc, i])
    elif isinstance(node, str) and (found := _UNWRITABLE.search(node)):
        code = f"U+{ord(found.group()):04X}"
        why = " (Word's manual line break: use an ordinary line break)" if found.group() == "\x0b" else ""
        raise InputError(
            f"the text holds the control character {code}{why}, which Excel and Word cannot store; remove it",
            place=place_of(loc),
        )


def _comma_in_flow_text(raw: Any, loc: list[Any]) -> str | None:
    """The usual cause of a key with no value in a text: ``{en: Strategic management, budgetary
    questions}`` on one line, where YAML ends the text at the comma and reads the rest as a key."""
    languages = get_args(fileformat.Language)
    if len(loc) < 2 or not isinstance(loc[-1], str) or loc[-1] in languages:
        return None
    parent: Any = raw
    for part in loc[:-1]:
        if not isinstance(parent, (dict, list)):
            return None
        parent = parent[part]
    if not isinstance(parent, dict) or parent.get(loc[-1], "") is not None:
        return None
    if not any(k in languages for k in parent):
        return None
    return (
        f"{loc[-1]!r} is not a language; a comma inside {{...}} ends the text before it: "
        'put the whole text in quotes, {en: "..., ..."}'
    )


def _real_location(raw: Any, loc: tuple[Any, ...]) -> list[Any]:
    """The parts of pydantic's error location that exist in the input (dropping type tags)."""
    out, node = [], raw
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and not isinstance(part, int) and part not in _TAGS_HINT and "[" not in str(part):
            node = None  # a missing key: keep it in the place ("required but missing")
        else:
            continue
        out.append(part)
    return out


_TAGS_HINT = {"str", "int", "bool", "float", "list", "dict", "constrained-str", "constrained-int", "Day", "PeriodDef"}


def _misspelt(error: dict[str, Any]) -> bool:
    return error["type"] == "extra_forbidden" and bool(_near_keys(error["loc"]))


def _near_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where an unknown one was written that are spelled like it (``splits`` for
    ``split``, ``minuts`` for ``minutes``): the models reached by following the place in the file."""
    models: list[type[BaseModel]] = [fileformat.InstanceFile]
    for part in loc[:-1]:
        inner: list[Any] = []
        for model in models:
            field = model.model_fields.get(part) if isinstance(part, str) else None
            inner += _models_in(field.annotation) if field is not None else []
        if isinstance(part, int) or part not in {f for model in models for f in model.model_fields}:
            continue  # a list index, or pydantic's name for one form of a value: same models
        models = inner
    allowed = {f for model in models for f in model.model_fields}
    return get_close_matches(str(loc[-1]), sorted(allowed), n=2, cutoff=0.7) if loc else []


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds: in a list, a mapping's values, a union, Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


_EXPECTED = {
    "int": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "string": "text",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping (key: value)",
    "model": "a mapping (key: value)",
    "model_attributes": "a mapping (key: value)",
    "float": "a number",
}


def _schema_message(error: dict[str, Any]) -> str:
    """One of pydantic's error reports, in the planner's words."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    shown = repr(value) if not isinstance(value, (dict, list)) else ("a mapping" if isinstance(value, dict) else "a list")
    if kind == "extra_forbidden":
        near = _near_keys(error["loc"])
        hint = (
            f"did you mean {' or '.join(repr(k) for k in near)}?"
            if near
            else "check its spelling against the instance format in the README"
        )
        return f"unknown key; {hint}"
    if kind == "missing":
        return "required but missing"
    base = kind.removesuffix("_type")
    if base in _EXPECTED:
        return f"expected {_EXPECTED[base]}, got {shown}"
    if kind == "literal_error":
        return f"{shown} is not allowed; use {ctx.get('expected', 'one of the listed values')}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {shown}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entries, got {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} entries; at most {ctx.get('max_length')} are allowed"
    if kind == "string_pattern_mismatch":
        if (error["loc"] and error["loc"][-1] == "id") or "A-Za-z" in str(ctx.get("pattern", "")):
            return f"{shown} is not a valid id; use a letter, then letters, digits, '-' or '_'"
        return f"{shown} is not a date; write it as YYYY-MM-DD"
    message = error["msg"].removeprefix("Value error, ")
    return message if isinstance(value, (dict, list)) or shown in message else f"{message} (got {shown})"

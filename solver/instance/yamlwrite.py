"""An instance document written as YAML, the project's text form of a session."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Keeps the document's order; quotes text that YAML 1.1 would read as something else."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = (
        '"'
        if value != value.strip()
        or value[:1] in "0123456789-+.:"
        or value.lower() in ("yes", "no", "on", "off", "y", "n", "true", "false", "null", "~")
        else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_yaml(doc: dict[str, Any]) -> str:
    """The document as YAML text, keys in the document's order, all languages as written."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=110)


def updated_yaml(text: str, doc: dict[str, Any]) -> str:
    """The YAML ``text`` changed to say ``doc``, keeping its comments, order and layout wherever
    the values did not change (a planner's notes in the file survive a save from the page)."""
    from io import StringIO

    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.width = 4096  # never fold a line the planner wrote on one
    rt.indent(mapping=2, sequence=4, offset=2)  # "  - id: ..." under its key, as the bundled files are written
    rt.preserve_quotes = True
    tree = rt.load(text)
    if not isinstance(tree, dict):
        return dump_yaml(doc)
    _merge(tree, doc)
    out = StringIO()
    rt.dump(tree, out)
    return out.getvalue()


def _merge(node: Any, new: Any) -> Any:
    """``node`` (a round-trip tree) made equal to ``new``, changed only where they differ."""
    if isinstance(node, dict) and isinstance(new, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        for key, value in new.items():
            node[key] = _merge(node[key], value) if key in node else value
        return node
    if isinstance(node, list) and isinstance(new, list) and len(node) == len(new):
        for i, value in enumerate(new):
            node[i] = _merge(node[i], value)
        return node
    return node if node == new and type(node) is type(new) else new

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

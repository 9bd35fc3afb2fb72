"""The reliability trial's inputs (``bench/trial.py``): sessions mutated at random (in their
structure, as a planner's slip would, and in their text, as a damaged copy would), YAML built
to explode, plans damaged (JSON, workbooks, Word files) and zip bombs. Every generator is seeded:
the same seed, the same files."""

from __future__ import annotations

import copy
import json
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
INSTANCES = ROOT / "instances"
SESSIONS = sorted(p for p in INSTANCES.glob("*.yaml"))
PLANS = sorted(INSTANCES.glob("*.published.json"))

WRONG = ["text", -5, 0, 10**20, [], {}, None, True, 1.5, "", "2019-02-30", "25:00", "nowhere", "<script>x</script>"]


def _places(doc: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in a document."""
    yield here
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _places(value, (*here, key))
    elif isinstance(doc, list):
        for k, value in enumerate(doc):
            yield from _places(value, (*here, k))


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def structural(rng: random.Random, doc: Any) -> Any:
    """One to three slips: a key dropped, a value of the wrong type, an entry doubled or moved,
    a reference to nothing, a key that does not exist."""
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        places = [p for p in _places(doc) if p]
        if not places:
            break
        path = rng.choice(places)
        parent, key = _at(doc, path[:-1]), path[-1]
        operation = rng.choice(["drop", "wrong", "wrong", "double", "swap", "dangle", "unknown"])
        if operation == "drop":
            del parent[key]
        elif operation == "wrong":
            parent[key] = copy.deepcopy(rng.choice(WRONG))
        elif operation == "double" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif operation == "swap" and isinstance(parent, list) and len(parent) > 1:
            other = rng.randrange(len(parent))
            parent[key], parent[other] = parent[other], parent[key]
        elif operation == "dangle" and isinstance(parent[key], str):
            parent[key] = parent[key] + "-nowhere"
        elif isinstance(parent, dict):
            parent[f"surprise_{rng.randrange(100)}"] = 1
    return doc


def textual(rng: random.Random, text: str) -> bytes:
    """A damaged copy: cut short, a line lost or doubled, a tab, a NUL, an indent off by one,
    a colon lost, bytes that are no UTF-8."""
    lines = text.splitlines(keepends=True)
    k = rng.randrange(len(lines))
    operation = rng.choice(["cut", "lose", "double", "tab", "nul", "indent", "colon", "bytes"])
    if operation == "cut":
        return text[: rng.randrange(len(text))].encode()
    if operation == "lose":
        del lines[k]
    elif operation == "double":
        lines.insert(k, lines[k])
    elif operation == "tab":
        lines[k] = "\t" + lines[k]
    elif operation == "nul":
        lines[k] = lines[k][:1] + "\x00" + lines[k][1:]
    elif operation == "indent":
        lines[k] = " " + lines[k]
    elif operation == "colon":
        lines[k] = lines[k].replace(":", " ", 1)
    else:
        return "".join(lines[:k]).encode() + bytes(rng.randrange(256) for _ in range(8)) + "".join(lines[k:]).encode()
    return "".join(lines).encode()


def mutated_sessions(seed: int, count: int) -> Iterator[tuple[str, bytes]]:
    """``count`` mutants of the bundled sessions: two in three slips of structure, one damaged text."""
    from solver.files.yamlfile import read_yaml

    rng = random.Random(seed)
    docs = {p.stem: (read_yaml(p), p.read_text(encoding="utf-8")) for p in SESSIONS}
    for n in range(count):
        name = rng.choice(sorted(docs))
        doc, text = docs[name]
        if n % 3 == 2:
            yield f"{name}-text-{n}", textual(rng, text)
        else:
            yield f"{name}-slip-{n}", yaml.safe_dump(structural(rng, doc), allow_unicode=True).encode()


def _laughs(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def hostile_yaml() -> list[tuple[str, bytes, bool]]:
    """(name, content, should be read): files built to explode, and anchors used as planners do."""
    valid = (INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8")
    anchored = (  # one title, anchored, given to 300 items: more aliases than the old cap of 200
        "session: {id: anchored, title: {en: Anchored}}\n"
        "calendar: {days: [2030-01-07, 2030-01-08, 2030-01-09, 2030-01-10, 2030-01-11, 2030-01-14]}\n"
        "bodies:\n- id: wg\n  name: {en: Working group}\n  items:\n"
        "  - {number: '1', title: &t {en: Consideration of reports}, minutes: 5}\n"
        + "".join(f"  - {{number: '{n}', title: *t, minutes: 5}}\n" for n in range(2, 302))
    )
    wide = "a: &a [" + ", ".join(["x"] * 100_000) + "]\nb: [" + ", ".join(["*a"] * 20) + "]\n"
    return [
        ("billion-laughs-10x10", _laughs(10, 10).encode(), False),
        ("laughs-72-aliases", _laughs(9, 9).encode(), False),
        ("wide-anchor-20-aliases", wide.encode(), False),
        (
            "alias-keys",
            ("k: &k [" + ", ".join(["x"] * 1000) + "]\nm: {" + ", ".join(f"? *k : {i}" for i in range(200)) + "}\n").encode(),
            False,
        ),
        ("alias-in-itself", b"a: &a [1, *a]\n", False),
        ("flow-nesting-2mb", b"a: " + b"[" * 1_000_000 + b"]" * 1_000_000, False),
        ("block-nesting", "".join(" " * i + "a:\n" for i in range(2000)).encode(), False),
        ("six-megabytes", b"# " + b"x" * 6_000_000 + b"\n", False),
        ("number-5000-digits", valid.replace("minutes: 10", "minutes: " + "9" * 5000, 1).encode(), False),
        ("nul-byte", (valid[:200] + "\x00" + valid[200:]).encode(), False),
        ("python-tag", b"session: !!python/object/apply:os.system ['echo pwned']\n", False),
        ("megabyte-value", valid.replace("id: eg-intl-coop-2017", "id: " + "x" * 1_000_000, 1).encode(), False),
        ("utf16", valid.encode("utf-16"), False),
        ("anchors-as-planners-use-them", anchored.encode(), True),
    ]


def damaged_json(seed: int, count: int) -> Iterator[tuple[str, str, bytes]]:
    """(session, name, content): the published plans with slips, cut short, nested, odd numbers."""
    rng = random.Random(seed)
    for n in range(count):
        plan = rng.choice(PLANS)
        session = str(INSTANCES / f"{plan.name.split('.')[0]}.yaml")
        text = plan.read_text(encoding="utf-8")
        kind = n % 6
        if kind == 0:
            content = text[: rng.randrange(len(text))].encode()
        elif kind == 1:
            content = b'{"format": "orgwork-schedule/1", "meetings": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        elif kind == 2:
            content = (
                text.replace('"minutes": ', '"minutes": 1e999', 1).encode()
                if n % 12 == 2
                else text.replace('"minutes": ', '"minutes": 9' + "9" * 5000, 1).encode()
            )
        else:
            content = json.dumps(structural(rng, json.loads(text))).encode()
        yield session, f"{plan.stem}-{n}.json", content


def zip_bomb(path: Path, *, unpacked: int, base: Path) -> Path:
    """An annex whose first sheet (or document) is padded with spaces to ``unpacked`` bytes."""
    member = "word/document.xml" if path.suffix == ".docx" else "xl/worksheets/sheet1.xml"
    marker = b"<w:body>" if path.suffix == ".docx" else b"<sheetData>"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != member:
                out.writestr(info.filename, data)
                continue
            cut = data.index(marker) + len(marker)
            with out.open(info.filename, "w", force_zip64=True) as part:
                part.write(data[:cut])
                chunk = b" " * 8_000_000
                for _ in range(unpacked // len(chunk)):
                    part.write(chunk)
                part.write(data[cut:])
    return path


def damaged_office(base: Path, out: Path, seed: int) -> Iterator[tuple[str, Path]]:
    """Damaged copies of an annex (.xlsx or .docx): cut short, bytes flipped, malformed or
    entity-declaring XML, a part missing, text under the name, empty, a ratio bomb."""
    rng = random.Random(seed)
    data = base.read_bytes()
    suffix = base.suffix
    main = "word/document.xml" if suffix == ".docx" else "xl/worksheets/sheet1.xml"

    def rezip(name: str, change: Any) -> Path:
        target = out / f"{name}{suffix}"
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy_:
            for info in source.infolist():
                content = change(info.filename, source.read(info.filename))
                if content is not None:
                    copy_.writestr(info.filename, content)
        return target

    def write(name: str, content: bytes) -> Path:
        (out / f"{name}{suffix}").write_bytes(content)
        return out / f"{name}{suffix}"

    yield "cut at a third", write("third", data[: len(data) // 3])
    yield "cut at two thirds", write("two-thirds", data[: 2 * len(data) // 3])
    flipped = bytearray(data)
    for _ in range(40):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    yield "40 bytes flipped", write("flipped", bytes(flipped))
    yield "malformed XML", rezip("malformed", lambda n, d: d.replace(b">", b">>", 3) if n == main else d)
    yield "XML cut in half", rezip("half-xml", lambda n, d: d[: len(d) // 2] if n == main else d)
    entity = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    yield "declares an entity", rezip("entity", lambda n, d: entity + d if n == main else d)
    yield "main part missing", rezip("missing", lambda n, d: None if n == main else d)
    yield "text under the name", write("text", b"Proposed organization of work\n")
    yield "empty", write("empty", b"")
    yield "a PDF under the name", write("pdf", b"%PDF-1.4\n%\xe2\xe3\n")
    yield "ratio bomb (20 MB of spaces)", zip_bomb(out / f"ratio-bomb{suffix}", unpacked=16_000_000, base=base)

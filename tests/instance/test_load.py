"""Bad instance files and schedules: one clear line naming the file, the place and the fault."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from solver import InputError, build_instance, check, load_instance
from solver.schedule import schedule_from_json
from tests.builders import INSTANCES

BASE = yaml.safe_load((INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8"))
ITEMS = ("bodies", 0, "items")


def changed(change: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    change(doc)
    return doc


def item3(**fields: Any) -> Any:
    return lambda d: d["bodies"][0]["items"][3].update(fields)


CASES = [
    # (what is wrong, change, place, words in the message)
    ("unknown key", lambda d: d.update(sesion={}), "sesion", "unknown key; did you mean 'session'?"),
    ("unknown key, far from any", item3(duration=5), "bodies[0].items[3].duration", "check its spelling"),
    ("plural for singular", lambda d: d.update(weights={"splits": 5}), "weights.splits", "did you mean 'split'?"),
    (
        # the misspelt key is said, not the key it misspells as missing
        "misspelt required key",
        lambda d: d["calendar"].update(periods={"pm": {"start": "15:00", "ends": "18:00"}}),
        "calendar.periods.pm.ends",
        "did you mean 'end'?",
    ),
    ("wrong type", item3(minutes="15"), "bodies[0].items[3].minutes", "whole number"),
    ("negative minutes", item3(minutes=-5), "bodies[0].items[3].minutes", "at least 1"),
    ("duplicate body id", lambda d: d["bodies"].append(copy.deepcopy(d["bodies"][0])), "bodies[1].id", "used twice"),
    (
        "duplicate item",
        lambda d: d["bodies"][0]["items"].append(dict(d["bodies"][0]["items"][0])),
        "bodies[0].items[7].number",
        "used twice",
    ),
    ("unknown track", lambda d: d["bodies"][0].update(track="hall"), "bodies[0].track", "no track 'hall'"),
    ("dangling after", item3(after=["nobody"]), "bodies[0].items[3].after[0]", "no body 'nobody'"),
    ("dangling joint", lambda d: d.update(joint=[{"items": ["eg:1", "eg:99"]}]), "joint[0].items[1]", "no item '99'"),
    ("unknown period", item3(pin="2017-11-08 am"), "bodies[0].items[3].pin", "no period"),
    ("period not that day", item3(pin="2017-11-06 am"), "bodies[0].items[3].pin", "has periods pm"),
    (
        "period ends before it starts",
        lambda d: d["calendar"].update(periods={"pm": {"start": "18:00", "end": "15:00"}}),
        "calendar.periods.pm",
        "not after it starts",
    ),
    ("item longer than its window", item3(minutes=1000), "bodies[0].items[3].minutes", "hold only 360"),
    (
        "speakers' list longer than its window",
        lambda d: (
            d["bodies"][0]["items"][3].pop("minutes"),
            d["bodies"][0]["items"][3].update(speakers=[{"count": 100, "minutes": 5}]),
        ),
        "bodies[0].items[3].speakers",
        "takes 500 minutes",
    ),
    ("unsplittable item longer than a period", item3(minutes=200, split=False), "bodies[0].items[3].split", "may not be split"),
    ("missing time", lambda d: d["bodies"][0]["items"][3].pop("minutes"), "bodies[0].items[3].minutes", "no time"),
    ("missing language", lambda d: d["bodies"][0]["items"][3]["title"].pop("zh"), "bodies[0].items[3].title", "no text in zh"),
    ("not a language", lambda d: d["session"].update(languages=["en", "no"]), "session.languages[1]", "'no' is not allowed"),
    (
        # written {en: Strategic management, budgetary questions}: YAML ends the text at the comma
        "comma in a one-line text",
        lambda d: d["bodies"][0]["items"][3]["title"].update({"budgetary questions": None}),
        "bodies[0].items[3].title.budgetary questions",
        "put the whole text in quotes",
    ),
    (
        # pasted from Word: its manual line break, which no .xlsx or .docx can hold
        "control character in a text",
        lambda d: d["bodies"][0]["items"][3]["title"].update(en="Preventive\x0bmeasures"),
        "bodies[0].items[3].title.en",
        "control character U+000B (Word's manual line break",
    ),
    (
        "control character in a number",
        lambda d: d["bodies"][0]["items"][3].update(number="4\x01"),
        "bodies[0].items[3].number",
        "U+0001",
    ),
    ("not a real date", lambda d: d["calendar"].update(days=["2019-02-30"]), "calendar.days[0]", "not a real date"),
    ("days out of order", lambda d: d["calendar"].update(days=["2017-11-07", "2017-11-06"]), "calendar.days[1]", "in order"),
    (
        "sequence leaves out an item",
        lambda d: d["bodies"][0].update(sequence=["1", "2"]),
        "bodies[0].sequence",
        "leaves out items",
    ),
    ("budget as text", lambda d: d["resources"].update(budget="two"), "resources.budget", "whole number"),
    (
        "window that ends first",
        lambda d: d["bodies"][0].update(window={"first": "2017-11-07", "last": "2017-11-06"}),
        "bodies[0].window",
        "before it begins",
    ),
]


@pytest.mark.parametrize(("change", "place", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_instance_names_the_place(change: Any, place: str, words: str) -> None:
    with pytest.raises(InputError) as err:
        build_instance(changed(change))
    assert err.value.place == place
    assert words in err.value.message
    assert "\n" not in err.value.line()


def test_order_rules_in_a_cycle_are_rejected() -> None:
    def cycle(d: dict) -> None:
        a, b = copy.deepcopy(d["bodies"][0]), copy.deepcopy(d["bodies"][0])
        a.update(id="a", after=["b"])
        b.update(id="b", after=["a"])
        d["bodies"] = [a, b]

    with pytest.raises(InputError, match="contradict each other"):
        build_instance(changed(cycle))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the file is empty"),
        ("- 1\n- 2\n", "the file is a list"),
        ("session: 1\nsession: 2\n", "duplicate key 'session'"),
        ("session: [1, 2\n", "YAML syntax error"),
        ("session:\n\tid: x\n", "not tabs"),
        ("session: !!python/object/apply:os.system ['true']\n", "YAML"),
    ],
)
def test_bad_yaml_gives_one_line(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_instance(path)
    assert words in err.value.line()
    assert err.value.file == str(path)


def test_times_and_codes_stay_text(tmp_path: Path) -> None:
    # YAML 1.1 would read 10:00 as 600, 'no' as false and a date as a date object
    text = (INSTANCES / "wg-asset-recovery-2021.yaml").read_text(encoding="utf-8")
    path = tmp_path / "unquoted.yaml"
    path.write_text(text.replace('"11:00"', "11:00").replace('"2021-09-06"', "2021-09-06"), encoding="utf-8")
    inst = load_instance(path)
    assert inst.periods[0].start == 11 * 60 and inst.days[0] == "2021-09-06"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (INSTANCES / "eg-intl-coop-2017.yaml").read_bytes())
    assert load_instance(path).name == "eg-intl-coop-2017"


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("session: {id: x, title: {zh: 会议}}\n".encode("gbk"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_instance(path)


# --- schedules --------------------------------------------------------------------------

GOOD = {
    "format": "orgwork-schedule/1",
    "instance": "eg-intl-coop-2017",
    "meetings": [
        {"period": "2017-11-06 pm", "body": "eg", "items": [{"numbers": ["1"], "minutes": 10}]},
    ],
}


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        (lambda d: d["meetings"][0].update(period="2017-11-09 am"), "meetings[0].period", "no period"),
        (lambda d: d["meetings"][0].update(body="wg9"), "meetings[0].body", "no body"),
        (lambda d: d["meetings"][0]["items"][0].update(numbers=["99"]), "meetings[0].items[0].numbers[0]", "no item '99'"),
        (lambda d: d["meetings"][0]["items"][0].update(minutes=0), "meetings[0].items[0].minutes", "at least 1"),
        (lambda d: d["meetings"][0]["items"][0].update(joint="J9"), "meetings[0].items[0].joint", "no joint item"),
        (lambda d: d["meetings"].append(copy.deepcopy(d["meetings"][0])), "meetings[1]", "second meeting"),
        (lambda d: d.update(format="v0"), "format", "orgwork-schedule/1"),
        (lambda d: d.update(instance="other"), "instance", "not for"),
    ],
)
def test_bad_schedule_names_the_place(change: Any, place: str, words: str) -> None:
    doc = copy.deepcopy(GOOD)
    change(doc)
    inst = load_instance(INSTANCES / "eg-intl-coop-2017.yaml")
    with pytest.raises(InputError) as err:
        check(inst, schedule_from_json(doc))
    assert err.value.place == place
    assert words in err.value.message


def test_control_characters_in_keys_stay_on_one_line() -> None:
    # found by the fuzz run: a key with a line break used to split the error over two lines
    with pytest.raises(InputError) as err:
        build_instance(changed(lambda d: d.update({"\nsession\r": 1})))
    assert "\n" not in err.value.line() and "\\n" in err.value.line()


def test_a_resolved_instance_cannot_be_changed_and_still_pickles() -> None:
    import dataclasses
    import pickle

    inst = load_instance(INSTANCES / "cosp8-2019.yaml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        inst.budget = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        inst.items["cosp:8"].minutes = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        inst.bodies["extra"] = inst.bodies["cosp"]  # type: ignore[index]
    again = pickle.loads(pickle.dumps(inst))
    assert again == inst

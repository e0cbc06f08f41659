"""Whatever a planner does to a scenario or region file, the loader answers in plain lines.

Random edits of the bundled Shaoxing files (a key deleted, renamed or given a value of the
wrong kind, a number made negative or huge, the file cut short, stray bytes typed in) must
end in ``cwplan validate`` saying "ok" (exit 0) or listing problems (exit 2), never in a
traceback or an internal error.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import scenario as sc

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
ORIGINAL = {
    "scenario": (SCENARIOS / "shaoxing.yaml").read_bytes(),
    "region": (SCENARIOS / "regions" / "shaoxing.yaml").read_bytes(),
}
# FILE:LINE: key.path: message (allowed), where LINE and the key path may be absent.
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+?)(:\d+)?: \S.*$")
FUZZ = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "regions").mkdir()
    return {"scenario": tmp_path / "shaoxing.yaml",
            "region": tmp_path / "regions" / "shaoxing.yaml"}


def _key_paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path of the parsed file, e.g. ("institutions", 0, "beds")."""
    paths = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            paths += _key_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            paths += _key_paths(value, (*prefix, i))
    return paths


PARSED = {name: yaml.safe_load(raw) for name, raw in ORIGINAL.items()}
PATHS = {name: _key_paths(data) for name, data in PARSED.items()}

any_value = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.dates(min_value=date(1, 1, 1)), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


def _check(cwplan, capsys, files: dict[str, Path], contents: dict[str, bytes]) -> None:
    for name, path in files.items():
        path.write_bytes(contents.get(name, ORIGINAL[name]))
    status = cwplan(["validate", str(files["scenario"])])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    assert status in (0, 2), (status, err)
    if status == 0:
        assert out.startswith(f"{files['scenario']}: ok: ") and err == ""
    else:
        lines = err.splitlines()
        assert lines and out == ""
        assert all(PROBLEM_LINE.match(line) for line in lines), lines


def _edit(data: Any, path: tuple, change) -> Any:
    """A copy of ``data`` with the value at ``path`` changed (or its key removed)."""
    if not path:
        return change(data)
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        out = dict(data)
        if not rest and change is _DELETE:
            del out[head]
        else:
            out[head] = _edit(data[head], rest, change)
        return out
    out = list(data)
    if not rest and change is _DELETE:
        del out[head]
    else:
        out[head] = _edit(data[head], rest, change)
    return out


_DELETE = object()  # the change that removes the key instead of replacing its value


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def structural_edits(draw) -> tuple[str, bytes]:
    """One of: delete a key, give it a value of another kind, make a number negative or
    huge, rename a key."""
    name = draw(st.sampled_from(["scenario", "region"]))
    path = draw(st.sampled_from(PATHS[name]))
    kind = draw(st.sampled_from(["delete", "retype", "negative", "huge", "rename"]))
    data = PARSED[name]
    if kind == "delete":
        return name, _dump(_edit(data, path, _DELETE))
    if kind == "retype":
        value = draw(any_value)
        return name, _dump(_edit(data, path, lambda _: value))
    if kind in ("negative", "huge"):
        def number(v: Any) -> Any:
            if isinstance(v, bool) or not isinstance(v, int | float):
                return v
            return -abs(v) - 1 if kind == "negative" else v * 10**12 + 10**15
        return name, _dump(_edit(data, path, number))
    new_key = draw(st.text(min_size=1, max_size=12))
    parent, key = path[:-1], path[-1]
    if isinstance(key, int):
        return name, _dump(data)

    def rename(mapping: dict) -> dict:
        return {(new_key if k == key else k): v for k, v in mapping.items()}
    return name, _dump(_edit(data, parent, rename))


@FUZZ
@given(edit=structural_edits())
def test_structural_edits_never_crash(edit, files, cwplan, capsys):
    name, contents = edit
    _check(cwplan, capsys, files, {name: contents})


@FUZZ
@given(name=st.sampled_from(["scenario", "region"]), data=st.data())
def test_truncated_files_never_crash(name, data, files, cwplan, capsys):
    raw = ORIGINAL[name]
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    _check(cwplan, capsys, files, {name: raw[:cut]})


@FUZZ
@given(name=st.sampled_from(["scenario", "region"]), data=st.data(),
       junk=st.binary(min_size=1, max_size=16))
def test_stray_bytes_never_crash(name, data, junk, files, cwplan, capsys):
    raw = ORIGINAL[name]
    at = data.draw(st.integers(min_value=0, max_value=len(raw)))
    _check(cwplan, capsys, files, {name: raw[:at] + junk + raw[at:]})


@FUZZ
@given(name=st.sampled_from(["scenario", "region"]), data=st.data(),
       text=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12))
def test_stray_characters_never_crash(name, data, text, files, cwplan, capsys):
    """Typed characters (valid UTF-8, YAML punctuation included) rather than random bytes."""
    raw = ORIGINAL[name].decode("utf-8")
    at = data.draw(st.integers(min_value=0, max_value=len(raw)))
    _check(cwplan, capsys, files, {name: (raw[:at] + text + raw[at:]).encode("utf-8")})


def test_the_unedited_files_are_valid(files, cwplan, capsys):
    _check(cwplan, capsys, files, {})


def test_a_valid_edit_is_accepted(files, cwplan, capsys):
    """The fuzzing would pass trivially if every file failed: a harmless edit still loads."""
    region = PARSED["region"]
    bigger = _edit(region, ("institutions", 0, "beds"), lambda beds: beds + 10)
    _check(cwplan, capsys, files, {"region": _dump(bigger)})
    assert sc.load(files["scenario"]).region.institutions[0].beds == 130


def test_a_regions_lookups_by_code_agree_with_its_lists():
    """Looked up by code (built once) or found by reading the lists: the same answers."""
    from sim.scenario.model import NATIONAL_CODE

    region = sc.load(SCENARIOS / "zhejiang.yaml").region
    for prefecture in region.prefectures:
        province = next(p.code for p in region.provinces
                        if p.code == (prefecture.province or region.provinces[0].code))
        assert region.prefecture(prefecture.code) is prefecture
        assert region.lineage(prefecture.code) == [prefecture.code, province, NATIONAL_CODE]
        for county in prefecture.counties:
            assert region.county(county.code) is county
            assert region.prefecture_of(county.code) is prefecture
            assert region.lineage(county.code) == [county.code, prefecture.code, province,
                                                   NATIONAL_CODE]
            assert region.institutions_in(county.code) == [
                i for i in region.institutions if i.county == county.code]
    codes = [c.code for c in region.prefectures[0].counties]
    assert region.institutions_in(*reversed(codes)) == [
        i for i in region.institutions if i.county in codes]
    for inst in region.institutions:
        assert region.institution(inst.id) is inst
    with pytest.raises(StopIteration):
        region.county("999999")


@pytest.mark.parametrize("change", ["delete", "number"])
def test_a_ranged_series_deleted_or_given_as_one_number_is_checked_not_crashed(
        change, files, cwplan, capsys):
    """Found by the fuzzing: `costs.ranges` names the other staff's wage series; with the
    series removed (or written as one number) the range check met a number, not a series."""
    region = PARSED["region"]
    path = ("costs", "wages_yuan_per_year", "other")
    edited = _edit(region, path, _DELETE if change == "delete" else (lambda _: 90000))
    assert "wages_yuan_per_year.other" in edited["costs"]["ranges"]
    _check(cwplan, capsys, files, {"region": _dump(edited)})

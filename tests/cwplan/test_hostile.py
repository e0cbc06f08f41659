"""Hostile and careless input: each case ends with its exit status and one line, and leaves
every file of the user's as it was (nothing destroyed, nothing moved, nothing half-written).

Each case prepares a workspace holding a copy of the Shaoxing scenario, its region and its
rulebooks (in ``policies/``, so that a case may point ``--out`` at them), then runs one
command. ``{w}`` in a message stands for the workspace folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from cwplan.outfolder import MARKER

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "shaoxing"
QUICK = ["--replications", "2", "--workers", "1"]


@dataclass
class Workspace:
    root: Path

    @property
    def scenario(self) -> Path:
        return self.root / "shaoxing.yaml"

    @property
    def region(self) -> Path:
        return self.root / "regions" / "shaoxing.yaml"

    def store(self) -> str:
        return str(self.root / "runs.duckdb")

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def what_if(self, block: str) -> Path:
        return self.write("what-if.yaml", f"base: shaoxing.yaml\n{block}")

    def fake_output(self, name: str, kind: str, extra: str = "") -> Path:
        """A folder as cwplan writes it (its marker lists its files), maybe with one more."""
        folder = self.root / name
        folder.mkdir()
        (folder / "summary.json").write_text("{}", encoding="utf-8")
        files = ["summary.json"]
        (folder / MARKER).write_text(json.dumps({"written_by": "cwplan", "kind": kind,
                                                 "version": "0", "files": files}))
        if extra:
            (folder / extra).write_text("the user's own notes", encoding="utf-8")
        return folder

    def plan(self, edit: Callable[[dict], None]) -> Path:
        raw = _status_quo(self)
        edit(raw)
        return self.write("plan.json", json.dumps(raw, ensure_ascii=False))


def _status_quo(ws: Workspace) -> dict:
    from sim import plan as plans
    from sim.scenario import load

    return plans.status_quo(load(ws.scenario)).to_json()


def _override(key: str, value: str, extra: str = "") -> Callable[[Workspace], list[str]]:
    def setup(ws: Workspace) -> list[str]:
        return ["validate", str(ws.what_if(
            f"overrides:\n  {key}:\n    - {{value: {value}, effective: 2021-01-01{extra}}}\n"))]
    return setup


def _set(raw: dict, path: str, value) -> None:
    *head, last = path.split("/")
    node = raw
    for part in head:
        node = node[part]
    node[last] = value


def _plan_case(path: str, value) -> Callable[[Workspace], list[str]]:
    def setup(ws: Workspace) -> list[str]:
        plan = ws.plan(lambda raw: _set(raw, path, value))
        return ["simulate", str(ws.scenario), "--plan", str(plan), "--out",
                str(ws.root / "sim"), *QUICK]
    return setup


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Workspace], list[str]]
    status: int
    line: str                      # a regular expression the one line of stderr matches


OUT = "--out"
CASES = [
    # --- outputs that would destroy what cwplan did not write ---------------------------
    Case("out is a folder of someone's documents",
         lambda ws: ["run", str(ws.scenario), OUT, str(ws.write("docs/thesis.docx", "x").parent),
                     "--store", ws.store(), "--no-optimize", *QUICK],
         2, r"{w}/docs: exists and is not a folder cwplan wrote; .*\(another --out, or empty"),
    Case("out is the scenario's own folder",
         lambda ws: ["run", str(ws.scenario), OUT, str(ws.root), "--store", ws.store()],
         2, r"{w}: contains {w}/shaoxing.yaml, the scenario file; it would be replaced"),
    Case("out is the regions folder",
         lambda ws: ["simulate", str(ws.scenario), OUT, str(ws.region.parent), *QUICK],
         2, r"{w}/regions: contains {w}/regions/shaoxing.yaml, the scenario's region file"),
    Case("out is the policies folder",
         lambda ws: ["optimize", str(ws.scenario), OUT, str(ws.root / "policies")],
         2, r"{w}/policies: contains {w}/policies/\S+\.yaml, a rulebook of the scenario"),
    Case("out is the scenario file itself",
         lambda ws: ["simulate", str(ws.scenario), OUT, str(ws.scenario), *QUICK],
         2, r"{w}/shaoxing.yaml: is a file, not a folder \(another --out\)"),
    Case("out is a file of the user's",
         lambda ws: ["run", str(ws.scenario), OUT, str(ws.write("budget.xlsx", "numbers")),
                     "--store", ws.store()],
         2, r"{w}/budget.xlsx: is a file, not a folder"),
    Case("out is below a file",
         lambda ws: ["simulate", str(ws.scenario), OUT,
                     str(ws.write("notes.txt", "x") / "out"), *QUICK],
         2, r"{w}/notes.txt/out: {w}/notes.txt is a file, not a folder"),
    Case("compare A B --out A",
         lambda ws: ["compare", str(ws.fake_output("a", "run")), str(ws.fake_output("b", "run")),
                     OUT, str(ws.root / "a")],
         2, r"{w}/a: is {w}/a, a run being compared; it would be replaced"),
    Case("compare into the folder that holds the runs",
         lambda ws: ["compare", str(ws.fake_output("a", "run")), str(ws.fake_output("b", "run")),
                     OUT, str(ws.root)],
         2, r"{w}: contains {w}/a, a run being compared"),
    Case("store inside out",
         lambda ws: ["run", str(ws.scenario), OUT, str(ws.fake_output("old-run", "run")),
                     "--store", str(ws.root / "old-run" / "runs.duckdb"), "--no-optimize"],
         2, r"{w}/old-run: contains {w}/old-run/runs.duckdb, the run store"),
    Case("out is a run, asked for a simulation",
         lambda ws: ["simulate", str(ws.scenario), OUT, str(ws.fake_output("r", "run")), *QUICK],
         2, r"{w}/r: holds a run, not a simulation \(another --out\)"),
    Case("out is a run with the user's notes added",
         lambda ws: ["run", str(ws.scenario), OUT, str(ws.fake_output("r", "run", "notes.txt")),
                     "--store", ws.store(), "--no-optimize"],
         2, r"{w}/r: holds notes.txt, which cwplan did not write"),
    Case("out is the working folder",
         lambda ws: ["simulate", str(ws.scenario), OUT, ".", *QUICK],
         2, r"\.: .*the (working folder|scenario file)"),
    Case("out contains the working folder",
         lambda ws: ["simulate", str(ws.scenario), OUT, "..", *QUICK],
         2, r"\.\.: contains .*; it would be replaced"),
    Case("out is a symbolic link",
         lambda ws: ["simulate", str(ws.scenario), OUT, str(_link(ws)), *QUICK],
         2, r"{w}/link: is a symbolic link, not a folder"),
    Case("simulate --out holds its own plan",
         lambda ws: ["simulate", str(ws.scenario), "--plan", str(ws.plan(lambda raw: None)),
                     OUT, str(ws.root)],
         2, r"{w}: contains {w}/\S+, (the scenario file|the plan file)"),
    Case("synth over a file it did not write",
         lambda ws: ["synth", str(ws.write("mine/national.yaml", "name: mine\n").parent)],
         2, r"{w}/mine/national.yaml: OUT_DIR: exists and is a file cwplan did not write, or "
            r"changed since; not replaced"),
    # --- rule values ------------------------------------------------------------------------
    Case("ratio NaN", _override("staffing.caregiver_ratio.self_care", ".nan"),
         2, r"what-if.yaml:4: overrides\.staffing\.caregiver_ratio\.self_care\.0\.value: nan is "
            r"not a finite number \(children per caregiver: a finite number > 0"),
    Case("ratio negative", _override("staffing.caregiver_ratio.full_care", "-3"),
         2, r"what-if.yaml:4: .*full_care\.0\.value: -3 is out of range"),
    Case("ratio zero", _override("staffing.caregiver_ratio.semi_self_care", "0"),
         2, r"what-if.yaml:4: .*semi_self_care\.0\.value: 0 is out of range \(.*> 0"),
    Case("ratio infinite", _override("staffing.caregiver_ratio.self_care", ".inf"),
         2, r"what-if.yaml:4: .*: inf is not a finite number"),
    Case("allowance NaN", _override("allowance.institution_orphan_yuan_per_month_2020",
                                    "{institution: .nan, scattered: 1650}"),
         2, r"what-if.yaml:4: .*\.value: nan is not a finite number at institution \(yuan"),
    Case("allowance negative", _override("allowance.institution_orphan_yuan_per_year", "-1"),
         2, r"what-if.yaml:4: .*\.value: -1 is out of range \(yuan per child per year"),
    Case("share above one", _override("training.annual_coverage", "1.5"),
         2, r"what-if.yaml:4: .*\.value: 1\.5 is out of range \(share trained per year"),
    Case("date out of range", _override("transfer.window_start", "1800-01-01"),
         2, r"what-if.yaml:4: .*\.value: 1800-01-01 is not between 1949 and 2100"),
    Case("effective date out of range",
         lambda ws: ["validate", str(ws.what_if(
             "overrides:\n  placement.aging_out_age:\n"
             "    - {value: 18, effective: 2999-01-01}\n"))],
         2, r"what-if.yaml:4: .*\.effective: 2999-01-01 is not between 1949 and 2100"),
    Case("assumption of negative days",
         lambda ws: ["validate", str(ws.what_if(
             "assume:\n  intake.announcement_days:\n    - {value: -5, effective: 2021-01-01,"
             " source: \"A: a test\"}\n"))],
         2, r"what-if.yaml:4: assume\.intake\.announcement_days\.0\.value: -5 is out of range"),
    Case("rulebook with a zero ratio",
         lambda ws: ["validate", str(_zero_ratio_book(ws))],
         2, r"{w}/policies/hs-2023.yaml:\d+: rules\.staffing\.caregiver_ratio\.self_care\."
            r"values\.0\.value: 0 is out of range"),
    # --- plan files -------------------------------------------------------------------------
    Case("plan with negative caregivers", _plan_case("staff/sx-city/caregiver", {"2021": -50}),
         2, r"plan.json: staff\.sx-city\.caregiver\.2021: -50 is out of range \(must be >= 0\)"),
    Case("plan with a trillion beds", _plan_case("beds/sx-city", {"2021": 10**12}),
         2, r"plan.json: beds\.sx-city\.2021: 1000000000000 is out of range"),
    Case("plan with half a caregiver", _plan_case("staff/sx-city/caregiver", {"2021": 1.5}),
         2, r"plan.json: staff\.sx-city\.caregiver\.2021: .*"),
    Case("plan of another region", _plan_case("region", "yuncheng"),
         2, r"plan.json: region: the plan was made for region 'yuncheng', not 'shaoxing'"),
    Case("plan with an unknown institution", _plan_case("beds/nowhere", {"2021": 5}),
         2, r"plan.json: beds\.nowhere: not an institution of the region"),
    Case("plan with a year outside the horizon", _plan_case("beds/sx-city", {"2040": 5}),
         2, r"plan.json: beds\.sx-city\.2040: 2040 is outside the horizon"),
    # --- options and addresses ----------------------------------------------------------------
    Case("a billion replications",
         lambda ws: ["run", str(ws.scenario), "--replications", "1000000000"],
         2, r"cwplan run: Invalid value for '--replications': .*100000"),
    Case("one replication", lambda ws: ["run", str(ws.scenario), "--replications", "1"],
         2, r"cwplan run: Invalid value for '--replications': .* 2"),
    Case("seed of 2**72", lambda ws: ["run", str(ws.scenario), "--seed", str(2**72)],
         2, r"cwplan run: Invalid value for '--seed'"),
    Case("no workers", lambda ws: ["simulate", str(ws.scenario), OUT, "x", "--workers", "0"],
         2, r"cwplan simulate: Invalid value for '--workers'"),
    Case("scheduler that is not an address",
         lambda ws: ["run", str(ws.scenario), "--scheduler", "my laptop", OUT,
                     str(ws.root / "r"), "--store", ws.store(), "--no-optimize"],
         2, r"--scheduler: my laptop: not an address \(tcp://HOST:PORT"),
    Case("scheduler where nothing answers",
         lambda ws: ["run", str(ws.scenario), "--scheduler", "tcp://127.0.0.1:9", OUT,
                     str(ws.root / "r"), "--store", ws.store(), "--no-optimize"],
         2, r"--scheduler: tcp://127.0.0.1:9: no scheduler answers there"),
    Case("scheduler port out of range",
         lambda ws: ["run", str(ws.scenario), "--scheduler", "127.0.0.1:99999", OUT,
                     str(ws.root / "r"), "--store", ws.store(), "--no-optimize"],
         2, r"--scheduler: 127.0.0.1:99999: the port is not a number from 1 to 65535"),
    Case("unknown language", lambda ws: ["run", str(ws.scenario), "--lang", "fr"],
         2, r"--lang: 'fr' is not a language \(zh or en\)"),
    Case("misspelt option", lambda ws: ["run", str(ws.scenario), "--replicatons", "3"],
         2, r"cwplan run: No such option: --replicatons"),
    Case("a store that is not a store",
         lambda ws: ["runs", "--store", str(ws.write("notes.duckdb", "not a database"))],
         2, r"{w}/notes.duckdb: is not a cwplan run store"),
    # --- the region path --------------------------------------------------------------------
    Case("region outside the scenario's folder",
         lambda ws: ["validate", str(ws.write("evil.yaml", _scenario("/etc/passwd")))],
         2, r"evil.yaml:2: region: region file '/etc/passwd' is outside the scenario's folder"),
    Case("region up the tree",
         lambda ws: ["validate", str(ws.write("evil.yaml", _scenario("../../../../etc/hosts")))],
         2, r"evil.yaml:2: region: .*is outside the scenario's folder"),
    Case("a file that is not a region",
         lambda ws: ["validate", str(ws.write("evil.yaml", _scenario(
             ws.write("secret.txt", "password: hunter2\n").name)))],
         2, r"{w}/secret.txt:1: is not a region file \(a YAML mapping with id, "),
    Case("a text file as a region, outside, allowed",
         lambda ws: ["validate", str(ws.write("evil.yaml", _scenario("/etc/hostname"))),
                     "--region-anywhere"],
         2, r"/etc/hostname:1: (expected a mapping \(key: value\), got text|is not a region)"),
]


def _scenario(region: str) -> str:
    return (f"name: x\nregion: {region}\nrulebooks: [cn-2021-44]\n"
            "horizon: {start: 2021-01-01, end: 2022-01-01}\n")


def _link(ws: Workspace) -> Path:
    (ws.root / "elsewhere").mkdir()
    (ws.root / "link").symlink_to(ws.root / "elsewhere")
    return ws.root / "link"


def _zero_ratio_book(ws: Workspace) -> Path:
    book = ws.root / "policies" / "hs-2023.yaml"
    text = book.read_text(encoding="utf-8")
    start = text.index("staffing.caregiver_ratio.self_care:")
    at = text.index("value: 4", start)
    book.write_text(text[:at] + "value: 0" + text[at + len("value: 4"):], encoding="utf-8")
    return ws.scenario


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in (*dirnames, *filenames):
            path = Path(dirpath, name)
            stat = path.lstat()
            out[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns) \
                if path.is_file() else (0, 0)
    return out


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    root = tmp_path / "work"
    (root / "regions").mkdir(parents=True)
    shutil.copy(FIXTURES / "shaoxing.yaml", root / "shaoxing.yaml")
    shutil.copy(FIXTURES / "regions" / "shaoxing.yaml", root / "regions" / "shaoxing.yaml")
    shutil.copytree(ROOT / "scenarios" / "policies", root / "policies")
    (root / "cwd").mkdir()
    monkeypatch.chdir(root / "cwd")
    return Workspace(root)


def test_the_table_covers_every_kind_of_hostile_input():
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input_is_refused_in_one_line_and_destroys_nothing(case, workspace, cwplan,
                                                                   capsys):
    argv = case.setup(workspace)
    before = _snapshot(workspace.root.parent)
    status = cwplan(argv)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert re.search(case.line.format(w=re.escape(str(workspace.root))), lines[0]), lines[0]
    assert "Traceback" not in err and "internal error" not in err
    assert status == case.status
    assert _snapshot(workspace.root.parent) == before      # nothing written, moved or removed


def test_a_region_outside_is_never_quoted(workspace, cwplan, capsys):
    secret = workspace.write("../secret.yaml", "password: hunter2\nroot: x\n")
    scenario = workspace.write("evil.yaml", _scenario(f"../{secret.name}"))
    assert cwplan(["validate", str(scenario), "--region-anywhere"]) == 2
    err = capsys.readouterr().err
    assert "hunter2" not in err and "password" not in err and "is not a region file" in err


HOSTILE_NAME = "it's; rm -rf \"x\"\n\t绍兴 市 '); DROP TABLE runs; --"


def test_names_with_quotes_semicolons_newlines_and_chinese_run_cleanly(workspace, cwplan,
                                                                       capsys):
    """A scenario file and an output folder named like SQL or shell text run as any other;
    their Parquet tables are where they belong and nothing is written beside them."""
    scenario = workspace.root / f"{HOSTILE_NAME}.yaml"
    shutil.copy(workspace.scenario, scenario)
    out = workspace.root / f"out {HOSTILE_NAME}"
    store = workspace.root / f"store {HOSTILE_NAME}.duckdb"
    before = set(_snapshot(workspace.root))
    status = cwplan(["run", str(scenario), "--out", str(out), "--store", str(store),
                     "--no-optimize", *QUICK])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    added = set(_snapshot(workspace.root)) - before
    assert {a.split(os.sep)[0] for a in added} == {out.name, store.name}
    with duckdb.connect() as con:
        rows = con.execute("SELECT count(*) FROM read_parquet(?)",
                           [str(out / "timeseries.parquet")]).fetchone()[0]
        assert rows > 0
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT status, out_dir FROM runs").fetchall() == [
            ("complete", str(out))]
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["scenario"] == \
        str(scenario)


def test_a_cwplan_folder_of_the_same_kind_is_replaced(workspace, cwplan, capsys):
    out = workspace.root / "sim"
    args = ["simulate", str(workspace.scenario), "--out", str(out), *QUICK]
    assert cwplan(args) == 0
    first = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert first["kind"] == "simulate" and "summary.json" in first["files"]
    (out / "summary.json").write_text("{}", encoding="utf-8")
    assert cwplan(args) == 0
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["kpis"]
    assert [p.name for p in workspace.root.iterdir() if p.name.startswith(".")] == []
    capsys.readouterr()


def test_an_empty_folder_is_used(workspace, cwplan, capsys):
    out = workspace.root / "empty"
    out.mkdir()
    assert cwplan(["simulate", str(workspace.scenario), "--out", str(out), *QUICK]) == 0
    assert (out / "summary.json").is_file()
    capsys.readouterr()


def test_json_outputs_are_strict_and_a_nan_is_a_clear_failure(tmp_path):
    from cwplan.cli import failure_line
    from cwplan.outputs import write_json
    from sim.jsonio import NotANumber

    with pytest.raises(NotANumber) as caught:
        write_json(tmp_path / "summary.json", {"kpis": {"cost": {"ci95": [1.0, float("nan")]}}})
    assert failure_line(caught.value) == ("cwplan: summary.json: a value that is not a finite "
                                          "number would be written at kpis.cost.ci95[1]")
    assert not (tmp_path / "summary.json").exists()
    write_json(tmp_path / "ok.json", {"a": [1, 2.5, None]})
    assert json.loads((tmp_path / "ok.json").read_text(encoding="utf-8")) == {"a": [1, 2.5, None]}

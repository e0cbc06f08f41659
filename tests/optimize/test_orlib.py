"""OR-Library readers, published optima, and the ``python -m optimize.orlib`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optimize.facility import OPTIMAL, solve
from optimize.orlib import main
from optimize.orlib_io import OrlibFormatError, detect_format, read_instance, read_tokens

DATA = Path(__file__).resolve().parents[1] / "data" / "orlib"
REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


# A 2-warehouse, 3-customer file in the cap format; "capacity" words as in capa/b/c.
TINY_CAP = "2 3\n{c} 5.\n{c} 8.\n6\n6 18\n6\n12 6\n4\n8 4\n"


# Published optima (optima.csv), to the precision they are published with.
@pytest.mark.parametrize(
    ("file", "single_source", "optimum", "tolerance"),
    [
        ("cap41.txt", False, 1040444.375, 5e-4),
        ("cap71.txt", False, 932615.750, 5e-4),
        ("cap131.txt", False, 793439.562, 5e-4 + 1e-6),  # capopt prints .5625 as .562
        ("cap63.txt", True, 1014099.61, 5e-3),
        ("pmed1.txt", False, 5819, 0),
        ("holmberg_p1.txt", True, 8848, 0),
        ("holmberg_p2.txt", True, 7913, 0),
    ],
)
def test_published_optima(file, single_source, optimum, tolerance):
    instance = read_instance(DATA / file).instance
    if single_source:
        instance = instance.replace(single_source=True)
    solution = solve(instance, time_limit_s=60)
    assert solution.status == OPTIMAL
    assert abs(solution.objective - optimum) <= tolerance


def test_cap_reader_keeps_totals_and_orientation():
    tokens = read_tokens(DATA / "cap41.txt")
    instance = read_instance(DATA / "cap41.txt").instance
    assert instance.shape == (16, 50) and len(tokens) == 2 + 2 * 16 + 50 * 17
    assert instance.total_demand == 58268  # the same in all 37 small instances
    assert instance.fixed_cost[10] == 0.0  # genuine OR-Library data
    # Customer 0's block: its demand, then the cost of serving it whole from each warehouse.
    block = np.array(tokens[2 + 32 : 2 + 32 + 17], float)
    assert instance.demand[0] == block[0]
    assert np.array_equal(instance.cost[:, 0], block[1:])


def test_capacity_word_needs_a_capacity(tmp_path):
    path = write(tmp_path, "capx.txt", TINY_CAP.format(c="capacity"))
    with pytest.raises(OrlibFormatError, match="--capacity"):
        read_instance(path)
    instance = read_instance(path, capacity=10).instance
    assert instance.capacity.tolist() == [10.0, 10.0]
    # Both hold 10: customer 1 to A, customers 2 and 3 whole to B: 13 + 6 + 6 + 4 = 29.
    assert solve(instance).objective == pytest.approx(29.0)


def test_pmed_duplicate_edges_keep_the_last_cost(tmp_path):
    path = write(tmp_path, "pmedx.txt", "3 3 1\n1 2 5\n2 3 1\n2 1 2\n")
    parsed = read_instance(path)
    assert parsed.file_format == "pmed" and parsed.instance.p == 1
    distance = parsed.instance.cost
    assert distance[0, 1] == 2.0 and distance[0, 2] == 3.0  # not 5: the last (2,1) edge wins
    assert np.array_equal(distance, distance.T)


def test_sscflp_reader_is_facility_major_and_ignores_crlf_and_nul(tmp_path):
    text = b"2 3\r\n10 1.\r\n10 2.\r\n1 2 3\r\n11. 12. 13.\r\n21. 22. 23.\r\n" + b"\x00" * 40
    parsed = read_instance(write(tmp_path, "px", text))
    assert parsed.file_format == "sscflp" and parsed.instance.single_source
    assert parsed.instance.cost.tolist() == [[11, 12, 13], [21, 22, 23]]
    real = read_instance(DATA / "holmberg_p2.txt")  # CRLF and NUL padding in the original
    assert real.instance.shape == (10, 50) and not real.notes


def test_sscflp_surplus_tokens_are_a_note_not_data(tmp_path):
    # Holmberg p47 carries 17 junk tokens after its costs: only the first m*n are costs.
    text = "2 3\n10 1\n10 2\n1 2 3\n11 12 13\n21 22 23\n99 98\n"
    parsed = read_instance(write(tmp_path, "p47like", text))
    assert parsed.instance.cost[1].tolist() == [21, 22, 23]
    assert parsed.notes == ("ignored 2 trailing tokens after the cost matrix",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TINY_CAP.format(c="10") + "7\n", "wrong token count: expected 15, found 16"),
        (TINY_CAP.format(c="10").replace("12 6", "12 six"), "non-numeric token 'six'"),
        ("", "file is empty"),
        ("2 x 1\n", "must be a positive integer"),
    ],
)
def test_bad_files_name_what_is_wrong(tmp_path, text, message):
    with pytest.raises(OrlibFormatError, match=message):
        read_instance(write(tmp_path, "cap_bad.txt", text), "cap")


def test_formats_are_detected():
    for file, expected in [
        ("cap41.txt", "cap"),
        ("pmed1.txt", "pmed"),
        ("holmberg_p1.txt", "sscflp"),
        ("holmberg_p2.txt", "sscflp"),
    ]:
        path = DATA / file
        assert detect_format(path, read_tokens(path)) == expected


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimize.orlib", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_cli_prints_one_json_object():
    done = run_cli(str(DATA / "cap41.txt"), "--time-limit", "30")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # the whole of stdout is one JSON object
    assert {"objective", "bound", "gap", "status", "seconds"} <= report.keys()
    assert report["status"] == "OPTIMAL"
    assert abs(report["objective"] - 1040444.375) <= 5e-4
    assert report["bound"] <= report["objective"] and 0 <= report["gap"] <= 1e-9
    assert isinstance(report["seconds"], float) and report["format"] == "cap"


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    done = run_cli(str(tmp_path / "missing.txt"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{tmp_path / 'missing.txt'}: cannot read file")


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (TINY_CAP.format(c="capacity"), [], "give --capacity C"),
        (TINY_CAP.format(c="10") + "7\n", [], "wrong token count"),
        (TINY_CAP.format(c="10").replace("18", "1B"), [], "non-numeric token '1B'"),
        (TINY_CAP.format(c="10"), ["--p", "5"], "p must lie in 1..2"),
    ],
)
def test_cli_rejects_bad_input(tmp_path, capsys, text, args, message):
    path = write(tmp_path, "cap_cli.txt", text)
    assert main([str(path), "--format", "cap", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"{path}: ") and message in err


def test_cli_single_source_and_capacity_options(tmp_path, capsys):
    path = write(tmp_path, "cap_cli.txt", TINY_CAP.format(c="capacity"))
    assert main([str(path), "--capacity", "10", "--single-source"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["single_source"] is True and report["objective"] == pytest.approx(29.0)

"""`cwplan run --pdf` prints the report a bureau files, and `cwplan report RUN` makes a stored
run's report again, in another language or as a PDF, without simulating again.

One bundled run (Huangshan, the smallest region, three replications) is made once with
`--pdf` and read by every test here. The PDF is read back as its reader sees it: its text
page by page (pdftotext) and its pages drawn as pictures (pdftoppm)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cwplan.cli import main

ROOT = Path(__file__).parents[2]
HUANGSHAN = ROOT / "scenarios" / "huangshan.yaml"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict:
    if shutil.which("chromium") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs chromium and poppler-utils (apt-get install chromium poppler-utils)")
    pytest.importorskip("playwright")
    pytest.importorskip("pypdf")
    base = tmp_path_factory.mktemp("printed")
    store, out = base / "runs.duckdb", base / "run"
    status = main(["run", str(HUANGSHAN), "--no-optimize", "--replications", "3",
                   "--workers", "1", "--store", str(store), "--out", str(out), "--pdf"])
    assert status == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {"base": base, "store": store, "out": out, "run_id": run["run_id"]}


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]           # pdftotext ends every page with a form feed


def test_the_pdf_has_a_title_page_contents_and_a_number_on_every_page(printed):
    pages = _pages(printed["out"] / "report.pdf")
    n = len(pages)
    assert n >= 5
    for k, page in enumerate(pages, start=1):
        assert page.strip().splitlines()[-1].strip() == f"{k} / {n}"
    title = pages[0]
    for wanted in ("黄山市", "黄山市基线", "现状方案", printed["run_id"],
                   "报告日期", "2023年1月1日至2025年12月31日"):
        assert wanted in title
    assert "Huangshan baseline" not in title       # the scenario's name in Chinese alone
    contents = pages[1]
    assert "目录" in contents
    listed = {}
    for line in contents.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0].rstrip(".").isdigit() and words[-1].isdigit():
            listed[" ".join(words[1:-1])] = int(words[-1])
    assert {"决策摘要", "区域布局", "适用的政策规则", "运行记录"} <= set(listed)
    for title_of, page in listed.items():
        assert title_of in pages[page - 1], f"{title_of} is not on page {page}"


def test_the_pdf_is_a4_with_charts_at_print_resolution(printed):
    from pypdf import PdfReader

    reader = PdfReader(printed["out"] / "report.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (596, 843)   # 210 x 297 mm
    widest = max(image.image.width for page in reader.pages for image in page.images)
    assert widest >= 2000           # a chart 10 inches wide at 200 dots to the inch or more


def test_the_pdf_pages_draw(printed, tmp_path):
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "4",
                    str(printed["out"] / "report.pdf"), str(tmp_path / "page")], check=True)
    from PIL import Image

    drawn = sorted(tmp_path.glob("page-*.png"))
    assert len(drawn) == 4
    for path in drawn:
        low, high = Image.open(path).convert("L").getextrema()
        assert high - low > 100, f"{path.name} is blank"


def test_report_from_the_store_gives_the_runs_own_tables(printed):
    again = printed["base"] / "again"
    status = main(["report", printed["run_id"], "--store", str(printed["store"]),
                   "--out", str(again)])
    assert status == 0
    made = sorted(p.name for p in (printed["out"] / "tables").glob("*.csv"))
    assert made and made == sorted(p.name for p in (again / "tables").glob("*.csv"))
    for name in made:
        assert (again / "tables" / name).read_bytes() == \
            (printed["out"] / "tables" / name).read_bytes(), name
    assert not (again / "report.pdf").exists()
    assert not (again / "summary.json").exists()        # a report folder, not a second run
    # an earlier report is replaced by the next, and is no run folder to report in place
    assert main(["report", str(printed["out"]), "--out", str(again), "--lang", "en"]) == 0
    assert '<html lang="en">' in (again / "report.html").read_text(encoding="utf-8")
    assert main(["report", str(again)]) == 2


def test_report_in_place_changes_the_language_and_keeps_the_run(printed, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(printed["out"], folder)
    kept = {name: (folder / name).read_bytes()
            for name in ("summary.json", "plan.json", "run.json", "timeseries.parquet")}
    assert main(["report", str(folder), "--lang", "en"]) == 0
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Summary for decision-makers" in page
    assert {name: (folder / name).read_bytes() for name in kept} == kept
    assert not (folder / "report.pdf").exists()          # the Chinese PDF is not left behind


def test_report_out_to_the_runs_own_folder_keeps_the_run(printed, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(printed["out"], folder)
    kept = {p.name: p.read_bytes() for p in folder.iterdir()
            if p.suffix in (".json", ".npz", ".parquet") and not p.name.startswith(".")}
    assert "summary.json" in kept and "replications.npz" in kept
    assert main(["report", str(folder), "--out", str(tmp_path / "." / "run"),
                 "--lang", "en"]) == 0
    assert '<html lang="en">' in (folder / "report.html").read_text(encoding="utf-8")
    assert {name: (folder / name).read_bytes() for name in kept} == kept


def test_report_refuses_a_scenario_changed_since_the_run(printed, tmp_path, capsys):
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    scenario = tmp_path / "scenarios" / "huangshan.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "ratio_compliance_days: 0.95", "ratio_compliance_days: 0.9"), encoding="utf-8")
    folder = tmp_path / "run"
    shutil.copytree(printed["out"], folder)
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    (folder / "run.json").write_text(json.dumps({**run, "scenario": str(scenario)}),
                                     encoding="utf-8")
    before = (folder / "report.html").read_bytes()
    capsys.readouterr()
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "changed since the run" in err[0]
    assert (folder / "report.html").read_bytes() == before


def test_report_never_replaces_a_folder_cwplan_did_not_write(printed, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    capsys.readouterr()
    assert main(["report", str(printed["out"]), "--out", str(mine)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_report_of_an_unknown_run_is_one_line_and_status_2(tmp_path, capsys):
    assert main(["report", "20990101-000000-abcdef", "--store",
                 str(tmp_path / "none.duckdb")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_without_a_printer_pdf_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CWPLAN_CHROMIUM", str(tmp_path / "no-such-browser"))
    out, store = tmp_path / "run", tmp_path / "runs.duckdb"
    status = main(["run", str(HUANGSHAN), "--no-optimize", "--replications", "2",
                   "--store", str(store), "--out", str(out), "--pdf"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and "CWPLAN_CHROMIUM" in err[0]
    assert not out.exists() and not store.exists()

"""Loading rulebooks and scenarios: every mistake is one located line, with a suggestion."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from cwplan.cli import main
from sim import rules
from sim import scenario as sc

ROOT = Path(__file__).resolve().parents[2]
SHAOXING = Path(__file__).parent / "scenarios" / "shaoxing-adopts.yaml"

BOOK = """\
document: {{id: {id}, title_zh: 测试, date: 2023-01-01, jurisdiction: "330600"}}
rules:
  staffing.caregiver_ratio.self_care:
    description: 自理儿童 — self-care children per caregiver
    unit: children per caregiver
    kind: parameter
    values:
      - value: {value}
        effective: {effective}
        jurisdiction: "330600"
        source: {{document: {id}, clause: 一(一)}}
        quote: 一比{value}
"""


def write_book(folder: Path, book_id: str, value: int, effective: str = "2023-01-01") -> Path:
    path = folder / f"{book_id}.yaml"
    path.write_text(BOOK.format(id=book_id, value=value, effective=effective), encoding="utf-8")
    return path


def problems(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_two_values_for_one_key_place_and_date_are_a_conflict_naming_both(tmp_path) -> None:
    a, b = write_book(tmp_path, "book-a", 4), write_book(tmp_path, "book-b", 5)
    with pytest.raises(sc.InputError) as exc:
        rules.load_books({"book-a": a, "book-b": b})
    [message] = problems(exc)
    assert message.startswith(f"{b}:8: staffing.caregiver_ratio.self_care: 5 (book-b 一(一))")
    assert f"4 (book-a 一(一), {a}:8)" in message
    assert "330600 from 2023-01-01" in message


def test_the_same_value_restated_is_no_conflict(tmp_path) -> None:
    a, b = write_book(tmp_path, "book-a", 4), write_book(tmp_path, "book-b", 4)
    rb = rules.load_books({"book-a": a, "book-b": b})
    found = rb.resolve("staffing.caregiver_ratio.self_care", "330602", date(2023, 1, 1))
    assert (found.value, str(found.source)) == (4, "book-a 一(一)")
    assert [str(o.source) for o in found.overridden] == ["book-b 一(一)"]


def test_values_from_different_dates_make_a_step_function(tmp_path) -> None:
    a = write_book(tmp_path, "book-a", 4)
    b = write_book(tmp_path, "book-b", 3, effective="2024-07-01")
    rb = rules.load_books({"book-a": a, "book-b": b})
    key = "staffing.caregiver_ratio.self_care"
    assert [rb.value(key, "330600", date(2024, 6, d)) for d in (29, 30)] == [4, 4]
    assert rb.value(key, "330600", date(2024, 7, 1)) == 3
    assert rb.changes(key, "330600") == [date(2023, 1, 1), date(2024, 7, 1)]


def test_a_rulebook_mistake_names_the_file_line_and_key(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BOOK.format(id="bad", value=4, effective="2023-01-01")
                    .replace("quote: 一比4", "quot: 一比4"), encoding="utf-8")
    with pytest.raises(sc.InputError) as exc:
        rules.load_books({"bad": path})
    assert f"{path}:12: rules.staffing.caregiver_ratio.self_care.values.0.quot: unknown key; " \
           "did you mean 'quote'?" in problems(exc)[0]
    assert any("required key 'quote' is missing" in p for p in problems(exc))


def test_a_value_citing_another_document_is_refused(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(BOOK.format(id="mine", value=4, effective="2023-01-01")
                    .replace("document: mine, clause", "document: other, clause"),
                    encoding="utf-8")
    with pytest.raises(sc.InputError) as exc:
        rules.load_books({"mine": path})
    assert "values.0.source.document: 'other' is not this rulebook's document" in \
        problems(exc)[0]


def test_a_key_must_mean_the_same_in_every_rulebook(tmp_path) -> None:
    a = write_book(tmp_path, "book-a", 4)
    b = tmp_path / "book-b.yaml"
    b.write_text(BOOK.format(id="book-b", value=4, effective="2024-01-01")
                 .replace("unit: children per caregiver", "unit: days"),
                 encoding="utf-8")
    with pytest.raises(sc.InputError) as exc:
        rules.load_books({"book-a": a, "book-b": b})
    assert "the same meaning in every rulebook" in problems(exc)[0]


def scenario(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "what-if.yaml"
    path.write_text(f"base: {SHAOXING}\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def test_an_override_of_an_unknown_rule_is_one_line_with_a_suggestion(tmp_path, capsys) -> None:
    path = scenario(tmp_path, """\
        overrides:
          staffing.caregiver_ratio.selfcare:
            - {value: 3, effective: 2024-01-01}
        """)
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{path}:3: overrides.staffing.caregiver_ratio.selfcare: unknown rule key; did you "
        "mean 'staffing.caregiver_ratio.self_care'? (a key of a rulebook in scenarios/policies "
        "(cwplan rules lists them))")


def test_an_assumption_of_an_unknown_rule_is_located_too(tmp_path) -> None:
    path = scenario(tmp_path, """\
        assume:
          transfer.window_begin:
            - {value: 2022-08-03, effective: 2022-08-03, source: "A: a guess"}
        """)
    with pytest.raises(sc.InputError) as exc:
        rules.load(sc.load(path))
    assert "assume.transfer.window_begin: unknown rule key; did you mean " \
           "'transfer.window_start'?" in problems(exc)[0]


def test_a_what_if_of_a_target_needs_a_due_date_and_the_right_kind_of_value(tmp_path) -> None:
    path = scenario(tmp_path, """\
        overrides:
          targets.township_workstation_coverage:
            - {value: 0.9, effective: 2023-01-01}
          staffing.caregiver_ratio.full_care:
            - {value: one, effective: 2023-01-01}
        """)
    with pytest.raises(sc.InputError) as exc:
        rules.load(sc.load(path))
    found = problems(exc)
    assert any("targets.township_workstation_coverage.0.due: " in p and "say by when" in p
               for p in found)
    assert any("full_care.0.value: 'one' is text, but staffing.caregiver_ratio.full_care is "
               "a number" in p for p in found)


def test_adopting_a_rule_the_book_does_not_have_is_an_error(tmp_path) -> None:
    path = scenario(tmp_path, """\
        adopt:
          - {keys: [staffing.caregiver_ratios.*], from: hs-2023, reason: "nearest norm"}
        """)
    with pytest.raises(sc.InputError) as exc:
        rules.load(sc.load(path))
    assert "adopt.0.keys.0: rulebook hs-2023 has no rule 'staffing.caregiver_ratios.*'" in \
        problems(exc)[0]


def test_the_bundled_shaoxing_scenario_validates_with_its_rules(capsys) -> None:
    assert main(["validate", str(ROOT / "scenarios" / "shaoxing.yaml")]) == 0
    assert ": ok: " in capsys.readouterr().out

"""The five bundled rulebooks keep the catalogue's contract.

Every catalogue key is defined, under exactly its name, in the rulebook of each document the
catalogue cites; every value has a jurisdiction, a source (this document and a clause) and a
quote of the clause; a value that does not take effect on the document's date says why. The
rulebooks are read as raw YAML here, so these checks do not rely on the engine's loader.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from sim import rules

HERE = Path(__file__).parent
SEEDS = Path("/work/shared/seeds")
SEED_FILES = {"sx-2022-29": "000", "yc-2021-74": "001", "cn-2021-44": "002", "hs-2023": "003",
              "zj-14fyp": "004"}
DOCUMENTS = {  # id: (date, jurisdiction), as the catalogue and the texts give them
    "cn-2021-44": (date(2021, 5, 11), "100000"),
    "zj-14fyp": (date(2021, 1, 1), "330000"),
    "sx-2022-29": (date(2022, 8, 3), "330600"),
    "yc-2021-74": (date(2021, 12, 30), "140800"),
    "hs-2023": (date(2023, 1, 1), "341000"),
}


def catalogue() -> dict[str, list[str]]:
    out = {}
    for line in (HERE / "catalogue_keys.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, *documents = line.split()
            out[key] = documents
    return out


def books() -> dict[str, dict]:
    return {book_id: yaml.safe_load(path.read_text(encoding="utf-8"))
            for book_id, path in rules.bundled_books().items()}


def values():
    for book_id, book in books().items():
        for key, rule in book["rules"].items():
            for n, value in enumerate(rule["values"]):
                yield pytest.param(book_id, key, value, id=f"{book_id} {key} {n}")


def test_the_five_documents_are_bundled_with_their_dates_and_jurisdictions() -> None:
    found = {i: (b["document"]["date"], b["document"]["jurisdiction"]) for i, b in books().items()}
    assert found == DOCUMENTS


def test_every_catalogue_key_is_in_the_rulebook_of_each_document_cited() -> None:
    bundled = books()
    missing = [f"{key} in {doc}" for key, documents in catalogue().items() for doc in documents
               if key not in bundled[doc]["rules"]]
    assert missing == []


def test_every_rulebook_key_is_a_catalogue_key() -> None:
    keys = set(catalogue())
    stray = [f"{i}: {k}" for i, b in books().items() for k in b["rules"] if k not in keys]
    assert stray == []


@pytest.mark.parametrize(("book_id", "key", "value"), list(values()))
def test_every_value_is_placed_dated_and_cited(book_id: str, key: str, value: dict) -> None:
    assert value.get("source", {}).get("document") == book_id
    assert str(value["source"].get("clause") or "").strip()
    assert str(value.get("quote") or "").strip()
    assert re.fullmatch(r"\d{6}", str(value.get("jurisdiction")))
    assert isinstance(value.get("effective"), date)
    issued = DOCUMENTS[book_id][0]
    if value["effective"] != issued:
        assert value.get("note"), "a value not effective on the document's date says why"


@pytest.mark.parametrize("book_id", sorted(DOCUMENTS))
def test_targets_have_a_comparison_and_due_dates(book_id: str) -> None:
    for key, rule in books()[book_id]["rules"].items():
        if rule["kind"] == "target":
            assert rule["compare"] in ("at_least", "at_most", "equal"), key
            assert all(isinstance(v.get("due"), date) for v in rule["values"]), key


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the policy texts are not available here")
@pytest.mark.parametrize(("book_id", "key", "value"), list(values()))
def test_every_quote_is_found_in_the_document(book_id: str, key: str, value: dict) -> None:
    text = _normal(next(SEEDS.glob(f"{SEED_FILES[book_id]}_*")).read_text(encoding="utf-8"))
    for fragment in value["quote"].split("……"):
        assert _normal(fragment) in text, fragment


def _normal(text: str) -> str:
    """Whitespace (page breaks of the scanned texts) removed, brackets and commas full-width."""
    text = re.sub(r"\s+", "", text)
    return text.replace("(", "（").replace(")", "）").replace(",", "，")

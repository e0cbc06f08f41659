# Two commands on a fresh machine: `make demo` runs the planner on the bundled Shaoxing
# scenario, `make test` runs the whole test suite. Both create .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/shaoxing

.PHONY: demo test lint bench bench-orlib clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,distributed,maps,pdf]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/cwplan schema > docs/scenario.schema.json
	$(BIN)/cwplan schema --region > docs/region.schema.json
	$(BIN)/cwplan run scenarios/shaoxing.yaml --robust --out $(OUT)

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_simulation.py
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_planning.py

# about an hour and a half: every OR-Library family against a textbook MIP solved by SCIP
bench-orlib: $(VENV)/.installed
	$(BIN)/python bench/bench_orlib.py --family cap capabc holmberg pmed --time-limit 60

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache

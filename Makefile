# Two commands on a fresh machine: `make demo` runs the planner on the bundled Shaoxing
# scenario, `make test` runs the whole test suite. Both create .venv and install into it the
# exact versions (and file hashes) that requirements.lock names, so every machine runs the
# same code. `make test-latest` runs the suite on the newest versions pyproject.toml allows,
# to find drift on purpose; `make lock` writes the lock again (see the README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/shaoxing
LOCK := requirements.lock
# every optional extra that make installs; add one here and run `make lock`
EXTRAS := test distributed maps pdf
comma := ,
empty :=
space := $(empty) $(empty)
EXTRAS_SPEC := .[$(subst $(space),$(comma),$(EXTRAS))]

.PHONY: demo test test-latest lock schema lint bench bench-orlib clean

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: $(VENV)/.installed
	$(BIN)/cwplan run scenarios/shaoxing.yaml --robust --out $(OUT)

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# the newest versions pyproject.toml allows, in a venv of their own
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/pip install --quiet --upgrade pip
	.venv-latest/bin/pip install --quiet --upgrade -e '$(EXTRAS_SPEC)'
	.venv-latest/bin/ruff check .
	.venv-latest/bin/pytest -q

# the lock for Python 3.11 on Linux: run with that Python, commit requirements.lock
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps \
		--strip-extras --no-emit-index-url --no-emit-find-links \
		$(foreach extra,$(EXTRAS),--extra=$(extra)) --output-file=$(LOCK) pyproject.toml

# the JSON Schemas that editors read (committed; a test says when they are out of date)
schema: $(VENV)/.installed
	$(BIN)/cwplan schema > docs/scenario.schema.json
	$(BIN)/cwplan schema --region > docs/region.schema.json

# the benchmarks, with their baselines (Ciw), in a venv of their own
.venv-bench/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet --require-hashes -r $(LOCK)
	.venv-bench/bin/pip install --quiet -e '.[bench]'
	touch $@

bench: .venv-bench/.installed
	.venv-bench/bin/python bench/bench_simulation.py
	.venv-bench/bin/python bench/bench_queue.py
	.venv-bench/bin/python bench/bench_pipeline.py
	.venv-bench/bin/python bench/bench_planning.py
	.venv-bench/bin/python bench/bench_scale.py

# about an hour and a half: every OR-Library family against a textbook MIP solved by SCIP
bench-orlib: $(VENV)/.installed
	$(BIN)/python bench/bench_orlib.py --family cap capabc holmberg pmed --time-limit 60

clean:
	rm -rf $(VENV) .venv-latest .venv-lock .venv-bench out .pytest_cache .ruff_cache

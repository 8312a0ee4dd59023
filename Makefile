# Two front doors: `make app` (set up, open the app on the sample data) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

.PHONY: setup setup-spark app test lint bench audit-sample
setup: $(STAMP)

# Optional: pyspark for `--engine spark` (needs Java 17); CI installs it, the default setup stays light.
SPARK_STAMP := $(VENV)/.installed-spark
$(SPARK_STAMP): $(STAMP) requirements-spark.txt
	$(PY) -m pip install --quiet -r requirements-spark.txt
	touch $(SPARK_STAMP)
setup-spark: $(SPARK_STAMP)

app: $(STAMP)
	$(PY) -m streamlit run app.py

test: $(STAMP)
	$(PY) -m pytest

# The same checks CI runs before the tests: lint, format, types (config in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

audit-sample: $(STAMP)
	$(PY) -m crm_metrics audit sample_data --json out.json --html out.html

bench: $(STAMP)
	$(PY) benchmarks/bench_reader.py

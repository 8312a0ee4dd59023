# Two front doors: `make app` (set up, open the app on the sample data) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

.PHONY: setup app test bench audit-sample
setup: $(STAMP)

app: $(STAMP)
	$(PY) -m streamlit run app.py

test: $(STAMP)
	$(PY) -m pytest

audit-sample: $(STAMP)
	$(PY) -m crm_metrics audit sample_data --json out.json --html out.html

bench: $(STAMP)
	$(PY) benchmarks/bench_reader.py

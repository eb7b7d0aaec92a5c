# Two entry points for a fresh machine: `make run` and `make test`. Each builds .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/foedus report --out report
	@echo "foedus is installed in .venv: try .venv/bin/foedus --help (or: source .venv/bin/activate)"
	@echo "the JSON API: .venv/bin/foedus serve  (http://127.0.0.1:8000/, its pages at /docs)"

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2

clean:
	rm -rf $(VENV) report

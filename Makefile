# Two entry points for a fresh machine: `make run` and `make test`. Each builds .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup clean browser

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/foedus report --out report
	@echo "foedus is installed in .venv: try .venv/bin/foedus --help (or: source .venv/bin/activate)"
	@echo "the web app: .venv/bin/foedus serve, then open http://127.0.0.1:8000/ (API pages at /docs)"

lint: $(STAMP)
	$(BIN)/ruff check .

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests (apt-get install chromium)"; \
	  $(SUDO) apt-get install -y -q chromium >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null 2>&1 && $(SUDO) apt-get install -y -q chromium >/dev/null 2>&1; } || \
	  echo "WARNING: chromium could not be installed; the browser tests will fail and say why"; }

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2

clean:
	rm -rf $(VENV) report

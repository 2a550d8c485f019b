# The README's commands. `make lab` opens the course; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
MODULES := $(notdir $(wildcard course/*[a-z]))
INSTALLED := $(VENV)/.installed

.PHONY: lab test student install clean

## Learners: install the kit, build the student notebooks into workspace/ and open JupyterLab.
lab: student
	cp -rn build/release/. workspace/ 2>/dev/null || true
	$(BIN)/jupyter lab --notebook-dir=workspace workspace/index.ipynb

## Everyone: install what is missing and run every test (unit, doctest, property, notebooks, nbgrader).
test: $(INSTALLED)
	$(BIN)/python -m pytest -n auto --dist loadfile

## Build the student versions of every module into build/release/ (solutions and hidden tests removed).
student: $(INSTALLED)
	cd autograder && ../$(BIN)/nbgrader generate_assignment --force $(MODULES)
	cp course/index.ipynb build/release/index.ipynb
	mkdir -p workspace

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $@

clean:
	rm -rf build workspace .pytest_cache .hypothesis

# The README's commands. `make lab` opens the course; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# nbgrader assignments: the folders of course/ that hold notebooks (course/index.ipynb is the start page)
MODULES := $(sort $(patsubst course/%/,%,$(dir $(wildcard course/*/*.ipynb))))
# The kit's own pages beside the modules (start page, practice exam): no answers are kept in them
KIT_PAGES := index.ipynb practice-exam.ipynb
INSTALLED := $(VENV)/.installed
# Debian packages the tests need: bubblewrap (the grading sandbox), PostgreSQL (a gradebook server)
# and Chromium (the real-browser tests). apt-get runs through sudo unless make runs as root.
SYSTEM_PACKAGES := bubblewrap postgresql chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: lab workspace test student nav reference install system bench clean

## Learners: install the kit, build the student notebooks into workspace/ and open JupyterLab
## (configured for learners by jupyter/learner/: no news pop-up, no instructor tools).
lab: workspace
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter/learner$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --notebook-dir=workspace workspace/index.ipynb

## The learner's workspace/: the student versions, copied without overwriting the learner's work,
## and the kit's own pages (KIT_PAGES) refreshed (Binder's postBuild runs it too).
workspace: student
	mkdir -p workspace
	cp -rn build/release/. workspace/ 2>/dev/null || true
	cp $(addprefix build/release/,$(KIT_PAGES)) workspace/

## Everyone: install what is missing and run every test (unit, doctest, property, notebooks, nbgrader,
## the instructor's grading cycle on SQLite and PostgreSQL).
test: system $(INSTALLED)
	$(BIN)/python -m pytest -n auto

## Build the student versions of every module into build/release/ (solutions and hidden tests removed),
## beside the start page, the practice exam and the marker that makes it a learner workspace.
# nbgrader needs its environment's `alembic` on PATH, and takes one assignment per call. The marker
# tells cpimkit.progress where to save quiz answers and exercise checks (workspace/.cpimkit/).
student: $(INSTALLED)
	cd autograder && for module in $(MODULES); do \
	  PATH="$(abspath $(BIN)):$$PATH" nbgrader generate_assignment --force $$module || exit 1; \
	done
	cp $(addprefix course/,$(KIT_PAGES)) build/release/
	touch build/release/.cpimkit-workspace

## Authors: rewrite the generated navigation line at the top and bottom of every module notebook.
nav: $(INSTALLED)
	$(BIN)/python autograder/update_navigation.py

## Maintainers: rewrite docs/calc-reference.md and docs/calculators.md from the library (a test
## fails when they are stale).
reference: $(INSTALLED)
	$(BIN)/python docs/build_reference.py

install: $(INSTALLED)

## Maintainers: print and record the speed figures of benchmarks/README.md against their goals
## (`make bench BENCH_FLAGS=--suite` also times `make test`, which takes minutes).
bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py $(BENCH_FLAGS)

# stockpyl, the reference the Wagner-Whitin figures are compared with, is for benchmarks only.
$(VENV)/.bench-installed: $(INSTALLED) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

## Install the Debian packages of SYSTEM_PACKAGES that are missing (elsewhere: say what to install).
system:
	@missing=$$(for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || echo $$package; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "Install these packages with your system's package manager: $$missing" >&2; exit 1; \
	fi; \
	echo "Installing $$missing"; \
	$(SUDO) apt-get update -q && \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $@

clean:
	rm -rf build workspace .pytest_cache .hypothesis

# One entry point for every task. Each target sets up (or updates) the local virtual environment first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test check build pdf bench bench-bad-input new-annotation new-report lock clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

## serve: preview the site at http://127.0.0.1:8000 (rebuilds on every change)
serve: $(STAMP)
	$(PY) -m mkdocs serve --strict -a 127.0.0.1:8000

## test: check the data, then run the whole test suite (browser tests included)
test: $(STAMP)
	$(PY) -m macros check
	CHROMIUM="$$(scripts/ensure-browser.sh)" && export CHROMIUM && $(PY) -m pytest $(PYTEST_ARGS)

## check: validate annotations, topics, actors and report front matter; every problem with file:line
##   (CHECK_ARGS="--format github": as GitHub Actions annotations, as the pull-request workflow does)
check: $(STAMP)
	$(PY) -m macros check $(CHECK_ARGS)

## build: the static site in site/ (strict: any broken link, anchor or annotation fails)
build: $(STAMP)
	$(PY) -m mkdocs build --strict --clean -d site

## pdf: PDFs of every topic page and of the briefing book in pdf/, with headless Chromium (A4; PDF_ARGS="--paper Letter")
pdf: build
	CHROMIUM="$$(scripts/ensure-browser.sh)" && export CHROMIUM && $(PY) scripts/pdf.py site pdf $(PDF_ARGS)

## bench: time the build against plain MkDocs + Material on synthetic corpora (BENCH_ARGS="--large"; scripts/benchmark.py --help)
bench: $(STAMP)
	$(PY) scripts/benchmark.py $(BENCH_ARGS)

## bench-bad-input: time how fast the check and the build reject a 3 MB report with 6 quotes that do not anchor
bench-bad-input: $(STAMP)
	$(PY) scripts/bench_bad_input.py

# The scaffolding commands get contributor text unexpanded, through the environment, so that a passage may
# hold $, quotes and backticks: ARG_PASSAGE is exactly what was typed after PASSAGE= (see CONTRIBUTING.md).
SCAFFOLD_VARS := REPORT PASSAGE PASSAGE_FILE KIND SUMMARY TOPICS ACTORS CLAIM_TYPE WEIGHT FORCE WORDING PREFIX SUFFIX TEXT SLUG META
$(foreach v,$(SCAFFOLD_VARS),$(eval new-annotation new-report: export ARG_$(v) := $$(value $(v))))

## new-annotation: REPORT=<slug> KIND=claim|recommendation PASSAGE='exact words' (or PASSAGE_FILE=file.txt);
##   optional: SUMMARY='...' TOPICS='id id' ACTORS='id id' CLAIM_TYPE=fact|statistic|assessment|forecast WEIGHT=key|supporting
##   FORCE=urged|proposed|option WORDING='should' PREFIX/SUFFIX='...'
new-annotation: $(STAMP)
	@$(PY) -m macros new-annotation --report="$$ARG_REPORT" --kind="$${ARG_KIND:-claim}" --passage="$$ARG_PASSAGE" \
	  --passage-file="$$ARG_PASSAGE_FILE" --summary="$$ARG_SUMMARY" --topics="$$ARG_TOPICS" --actors="$$ARG_ACTORS" \
	  --claim-type="$$ARG_CLAIM_TYPE" --weight="$$ARG_WEIGHT" --force="$$ARG_FORCE" --wording="$$ARG_WORDING" \
	  --prefix="$$ARG_PREFIX" --suffix="$$ARG_SUFFIX"

## new-report: TEXT=file.txt SLUG=<slug> META=facts.yml
new-report: $(STAMP)
	@$(PY) -m macros new-report --text="$$ARG_TEXT" --slug="$$ARG_SLUG" --meta="$$ARG_META"

## lock: re-pin requirements.txt from the current environment
lock: $(STAMP)
	{ head -2 requirements.txt; $(PY) -m pip freeze --exclude-editable; } > requirements.tmp && mv requirements.tmp requirements.txt

clean:
	rm -rf site pdf .pytest_cache

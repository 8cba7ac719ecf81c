# The two set-up commands are `make demo` and `make test`; both build .venv from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck layers unit docs bench readme-figure deck-preview clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files record which install a venv has, so the targets re-install only when needed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/cxmodel demo --chart cxmodel-demo.png

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks docs
	$(BIN)/ruff format --check src tests benchmarks docs

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# The architecture's one-way layers (contracts in pyproject.toml), every import counted.
layers: $(VENV)/.installed-dev
	$(BIN)/lint-imports --no-cache

unit: $(VENV)/.installed-dev
	MPLBACKEND=Agg $(BIN)/python -m pytest -q -p no:cacheprovider

# -E: docstrings live in src/, which Sphinx does not watch, so always read everything;
# the doctest run then reuses the same freshly parsed pages (one doctree cache).
docs: $(VENV)/.installed-dev
	MPLBACKEND=Agg $(BIN)/sphinx-build -E -n -W --keep-going -q -b html -d docs/_build/doctrees docs docs/_build/html
	MPLBACKEND=Agg $(BIN)/sphinx-build -n -W --keep-going -q -b doctest -d docs/_build/doctrees docs docs/_build/doctest

test: lint typecheck layers unit docs

bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

# The README's pictures: the Venn chart, the HTML report in headless Chromium and the
# deck's Venn slide through LibreOffice (needs chromium, libreoffice-impress, poppler-utils).
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars
readme-figure: $(VENV)/.installed
	MPLBACKEND=Agg $(BIN)/cxmodel chart tests/data/team_sheet_25.csv --scale likert5 \
		--title "A team's 25 initiatives (1-5 ratings)" -o docs/_static/venn.png
	rm -rf $(DECK) && mkdir -p $(DECK)
	MPLBACKEND=Agg $(BIN)/cxmodel report tests/data/team_sheet_25.xlsx \
		--title "Q3 portfolio review" -o $(DECK)/report.html
	chromium $(CHROMIUM_FLAGS) --user-data-dir=$(CURDIR)/$(DECK)/.chromium \
		--window-size=1280,1500 --screenshot=$(CURDIR)/docs/_static/report.png \
		file://$(CURDIR)/$(DECK)/report.html 2> /dev/null
	MPLBACKEND=Agg $(BIN)/cxmodel report tests/data/team_sheet_25.xlsx \
		--title "Q3 portfolio review" -o $(DECK)/deck.pptx
	libreoffice -env:UserInstallation=file://$(CURDIR)/$(DECK)/.profile --headless \
		--convert-to pdf --outdir $(DECK) $(DECK)/deck.pptx > /dev/null
	pdftoppm -png -r 90 -f 2 -l 2 -singlefile $(DECK)/deck.pdf $(DECK)/deck-venn
	mv $(DECK)/deck-venn.png docs/_static/deck-venn.png
	rm -rf $(DECK)

# The demo deck as PNGs, one per slide, to look at (needs libreoffice-impress and poppler-utils).
DECK := deck-preview
deck-preview: $(VENV)/.installed
	rm -rf $(DECK) && mkdir -p $(DECK)
	MPLBACKEND=Agg $(BIN)/python -c "import cxmodel as cx; from cxmodel.outputs import write_report; write_report(cx.example_portfolio(), '$(DECK)/cxmodel-demo.pptx')"
	libreoffice -env:UserInstallation=file://$(CURDIR)/$(DECK)/.profile --headless --convert-to pdf --outdir $(DECK) $(DECK)/cxmodel-demo.pptx > /dev/null
	pdftoppm -png -r 80 $(DECK)/cxmodel-demo.pdf $(DECK)/slide
	rm -rf $(DECK)/.profile
	@echo "slides: $(DECK)/slide-*.png"

clean:
	rm -rf $(VENV) docs/_build .pytest_cache .mypy_cache .ruff_cache cxmodel-demo.png $(DECK)

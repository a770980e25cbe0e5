# reportgen — `make pdf` builds the documents, `make test` runs the tests. Both set themselves up on first use:
# system libraries for WeasyPrint (as root, with apt-get), a virtualenv in .venv, and the package with its deps.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RG     := $(BIN)/reportgen
JOBS   ?=
# In CI (CI=true) a build is strict: a missing translation or a renderer warning fails it.
STRICT ?= $(if $(filter true 1 yes,$(CI)),--strict,)
ARGS   ?=

# One target per output format the writer registry knows (make pdf, make docx, ...).
FORMATS := $(shell PYTHONPATH=src $(PYTHON) -m reportgen.writers)

.PHONY: all $(FORMATS) check test testdeps review release extract update status bench clean sysdeps setup reference-docx serve

all: $(STAMP)
	$(RG) build $(STRICT) $(if $(JOBS),-j $(JOBS)) $(ARGS)

$(FORMATS): $(STAMP)
	$(RG) build --format $@ $(STRICT) $(if $(JOBS),-j $(JOBS)) $(ARGS)

release: $(STAMP)
	$(RG) build --release $(if $(JOBS),-j $(JOBS)) $(ARGS)

check: $(STAMP)
	$(RG) check $(STRICT) $(ARGS)

test: $(STAMP) testdeps
	$(BIN)/python -m pytest $(ARGS)

# LANG=tag on the command line picks a language; the LANG of the environment is the locale, not one of ours.
TAG := $(if $(filter command line,$(origin LANG)),$(LANG),)

# Live preview of the HTML editions on http://127.0.0.1:8000/, rebuilt on every save: make serve [LANG=sr]
serve: $(STAMP)
	$(RG) serve $(if $(TAG),--lang $(TAG)) $(ARGS)

# Translators' review packs for one language: make review LANG=hr
review: $(STAMP)
	$(RG) review --lang $(or $(TAG),hr) $(ARGS)

extract: $(STAMP)
	$(RG) i18n extract $(ARGS)

update: $(STAMP)
	$(RG) i18n update $(ARGS)

status: $(STAMP)
	$(RG) i18n status $(ARGS)

# pandoc is only a yardstick for the DOCX writer: installed for the benchmark when possible, skipped otherwise.
bench: $(STAMP)
	@command -v pandoc >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pandoc >/dev/null 2>&1; } || true
	$(BIN)/python tests/bench.py --record $(ARGS)

# Regenerates the default theme's Word styles (this repository is the theme's source).
reference-docx: $(STAMP)
	$(RG) reference-docx src/reportgen/theme/default/reference.docx

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# WeasyPrint needs Pango; HarfBuzz's subsetter keeps font subsetting fast and byte-reproducible.
SYSTEM_LIBS := libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
               libharfbuzz-subset.so.0:libharfbuzz-subset0
sysdeps:
	@missing=""; for pair in $(SYSTEM_LIBS); do \
	  lib=$${pair%%:*}; pkg=$${pair##*:}; \
	  ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$pkg"; \
	done; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "reportgen needs these system packages:$$missing (install them, e.g. with apt-get)"; exit 1; \
	  fi; \
	fi

# The tests open every Word file in a real client, LibreOffice (headless: Writer, and Calc for the questionnaires
# a partner saves with it), and every HTML edition in a real browser, Debian's Chromium (driven by Playwright, which
# downloads no browser of its own), checked by axe-core from npm, pinned. Each is installed once. A need is a
# command, or a file (with a slash) where the package has no command of its own.
TEST_COMMANDS := soffice:libreoffice-writer-nogui /usr/lib/libreoffice/program/libsclo.so:libreoffice-calc-nogui \
                 chromium:chromium pdftotext:poppler-utils /usr/lib/python3/dist-packages/uno.py:python3-uno
AXE_VERSION   := 4.14.1
AXE           := $(VENV)/axe/node_modules/axe-core/axe.min.js
testdeps: $(AXE)
$(AXE):
	@if command -v npm >/dev/null; then \
	  echo "installing axe-core $(AXE_VERSION) (npm)"; \
	  npm install --prefix $(VENV)/axe --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION) >/dev/null || \
	    echo "could not install axe-core: the accessibility tests are skipped"; \
	else echo "npm is not installed: the accessibility tests are skipped"; fi
testdeps:
	@missing=""; for pair in $(TEST_COMMANDS); do \
	  need=$${pair%%:*}; case "$$need" in */*) [ -e "$$need" ];; *) command -v "$$need" >/dev/null;; esac || \
	    missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing test packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "the tests that need them are skipped (failed in CI): install$$missing to run them"; \
	  fi; \
	fi

clean:
	rm -rf build .pytest_cache

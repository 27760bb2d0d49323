# Timeledger: `make run` starts the app, `make test` runs the suite; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check app tests migrations main.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks.run

# The README's pictures: the app on demo data under Xvfb with a tray (needs Xvfb, trayer, xdotool, ImageMagick).
.PHONY: screenshots
screenshots: $(STAMP)
	$(BIN)/python -m tests.screenshots.capture

clean:
	rm -rf $(VENV) .bench build dist *.egg-info

# Installers (see packaging/ and the README's "Installing"): the PyInstaller bundle dist/timeledger/, then on
# Linux dist/timeledger_<version>_amd64.deb and dist/timeledger-<version>-linux-x86_64.tar.gz. Not part of
# `make test`. `make package-test` installs the .deb here (root), tries it, measures it and removes it.
PACKAGE_STAMP := $(VENV)/.package-installed

$(PACKAGE_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $(PACKAGE_STAMP)

.PHONY: package package-test
package: $(PACKAGE_STAMP)
	rm -rf build/pyinstaller dist/timeledger
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/timeledger.spec
	$(BIN)/python packaging/linux/build_packages.py

package-test: package
	$(BIN)/python packaging/linux/package_test.py

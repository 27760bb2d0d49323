#!/usr/bin/env bash
# Builds Timeledger.app and a .dmg on macOS, and tries the app's self-test on the result.
#
#   packaging/macos/build.sh          (from anywhere; PYTHON=python3.11 to choose the interpreter)
#
# gives dist/Timeledger.app (PyInstaller's BUNDLE in packaging/timeledger.spec: the app starts
# timeledger-desktop; the command line is Timeledger.app/Contents/MacOS/timeledger) and
# dist/Timeledger-<version>.dmg (the app beside a link to /Applications, for dragging).
# The app is signed ad hoc by PyInstaller, not with a Developer ID nor notarised: the first start needs
# right-click > Open (see the README's "Installing").
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[package]'
version=$(.venv/bin/python -c 'from app import __version__; print(__version__)')

rm -rf build/pyinstaller dist/timeledger dist/Timeledger.app
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/timeledger.spec

# The bundle checks itself: migrations, an entry, an invoice PDF, the keyring backend, Qt (offscreen).
dist/Timeledger.app/Contents/MacOS/timeledger --self-test
QT_QPA_PLATFORM=offscreen dist/Timeledger.app/Contents/MacOS/timeledger-desktop --demo --quit-after-shown
du -sh dist/Timeledger.app

staging=build/dmg
rm -rf "$staging" && mkdir -p "$staging"
cp -R dist/Timeledger.app "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Timeledger $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov \
    "dist/Timeledger-$version.dmg"
echo "built dist/Timeledger.app and dist/Timeledger-$version.dmg"

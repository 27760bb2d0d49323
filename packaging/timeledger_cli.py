"""The script of the frozen `timeledger` command: PyInstaller starts from a script, not from an entry point."""

import sys

from app.cli.main import main

sys.exit(main())

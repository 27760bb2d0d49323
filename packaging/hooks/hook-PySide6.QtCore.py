# PyInstaller's hook for PySide6.QtCore, less the Qt files Timeledger does not use (see qt_trim.py beside it).
from qt_trim import trimmed

hiddenimports, binaries, datas = trimmed(__file__)

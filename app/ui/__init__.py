"""The PySide6 desktop app: windows and table models over the services."""

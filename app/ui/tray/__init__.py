"""The tray timer: start, switch and stop work from the system tray (or a small window where there is none)."""

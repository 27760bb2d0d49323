"""The Qt files Timeledger leaves out of its bundle, applied by the PySide6 hooks beside this file.

PyInstaller's own Qt hooks collect every plugin of each module the app imports, and then every library those
plugins link to. Dropping a plugin after the analysis would leave its libraries behind (the GTK theme alone
brings cairo, pango, gdk-pixbuf...), so these hooks (in `hookspath`, which wins over PyInstaller's) drop
them before it. Kept: the platforms a desktop uses (xcb, wayland, offscreen, minimal; Windows and macOS
have their own), image formats, icon engines, input contexts, the xdg-desktop-portal theme.
"""

from __future__ import annotations

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin folders, or folder/file-name starts, under Qt's plugins/: embedded displays (eglfs, linuxfb, vnc and
# their input drivers), the GTK theme, networking the app never does (it only uses QLocalSocket), compositors.
UNWANTED = (
    "egldeviceintegrations/",
    "generic/",
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqvnc",
    "platforms/libqvkkhrdisplay",
    "platforms/libqminimalegl",
    "platformthemes/libqgtk3",
    "platforminputcontexts/libqtvirtualkeyboard",
    "networkinformation/",
    "tls/",
    "wayland-graphics-integration-server/",
)


def wanted(source: str) -> bool:
    path = source.replace("\\", "/")
    if "/translations/" in path:  # the app installs no QTranslator: Qt's translations would never be loaded
        return False
    return not any(f"/plugins/{name}" in path for name in UNWANTED)


def trimmed(hook_file: str) -> tuple[list, list, list]:
    """PyInstaller's own collection for the module the hook is named after, less the unwanted files."""
    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    return (
        hiddenimports,
        [entry for entry in binaries if wanted(entry[0])],
        [entry for entry in datas if wanted(entry[0])],
    )

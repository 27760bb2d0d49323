"""Turns the PyInstaller folder dist/timeledger/ into the Linux packages: a .deb and a .tar.gz.

    .venv/bin/python packaging/linux/build_packages.py      (run by `make package` after PyInstaller)

It adds share/ to the bundle (the desktop entries and the hicolor icons), strips the debug information the
Python runtime may carry, then builds

- dist/timeledger_<version>_amd64.deb: the bundle in /opt/timeledger, /usr/bin/timeledger and
  /usr/bin/timeledger-desktop (symlinks; the bootloader finds its folder through them), the menu entry, the
  icons in /usr/share/icons/hicolor; the autostart entry stays optional in /opt/timeledger/share/;
- dist/timeledger-<version>-linux-x86_64.tar.gz: the same bundle in a folder timeledger-<version>/.

The package's Depends are checked against the bundle: every library a bundled file links to and the bundle
does not carry must come from a package named there (PyInstaller leaves out libGL, libEGL, libxcb, Wayland
and glibc on purpose), or the build stops.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
BUNDLE = DIST / "timeledger"
LINUX = ROOT / "packaging" / "linux"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
INSTALL_DIR = "/opt/timeledger"

# What the bundle needs from the system: the libraries PyInstaller never bundles (glibc, GL/EGL, libxcb,
# Wayland), and those the Qt xcb/wayland plugins link to (bundled when the build machine has them; named
# here so a bundle built without them still works). "a | b": the name before and after Debian's 64-bit
# time_t transition (Debian 13, Ubuntu 24.04).
DEPENDS = [
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0t64 | libglib2.0-0",
    "libdbus-1-3",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
]
RECOMMENDS = ["fonts-dejavu-core"]  # Qt draws its widgets with a system font (the PDFs embed their own)
SUGGESTS = ["gnome-keyring | kwalletmanager"]  # a Secret Service for keyring; without one nothing is remembered


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from app import __version__  # the project's version: pyproject.toml reads it from here

    return __version__


def add_share(bundle: Path) -> None:
    """share/ beside the executables: the menu and autostart entries and the icons, for both packages."""
    share = bundle / "share"
    shutil.rmtree(share, ignore_errors=True)
    (share / "applications").mkdir(parents=True)
    shutil.copy2(LINUX / "timeledger.desktop", share / "applications" / "timeledger.desktop")
    shutil.copy2(LINUX / "timeledger-autostart.desktop", share / "timeledger-autostart.desktop")
    for size in ICON_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(ROOT / "resources" / "icons" / f"timeledger-{size}.png", folder / "timeledger.png")


def strip_python_runtime(bundle: Path) -> None:
    """A Python built from source keeps its debug information (libpython alone: 23 MB of 29). Only the
    interpreter's own files are stripped: the wheels' libraries were rewritten by patchelf, which strip
    can break."""
    internal = bundle / "_internal"
    files = [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    real = [path for path in files if path.is_file() and not path.is_symlink()]
    if real and shutil.which("strip"):
        subprocess.run(["strip", "--strip-debug", *map(str, real)], check=True)


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> set[str]:
    dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))


def glibc_floor(elves: list[Path]) -> str:
    """The newest glibc symbol version any bundled file asks for: the oldest libc6 the bundle runs on."""
    found = set()
    for path in elves:
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=False).stdout
        found.update(re.findall(r"GLIBC_(\d+\.\d+(?:\.\d+)?)", symbols))
    return max(found, key=lambda v: tuple(map(int, v.split("."))), default="2.28")


def owning_package(soname: str) -> str | None:
    """The Debian package that holds the library this machine would load for `soname`, if dpkg knows it."""
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    for line in listing.splitlines():
        parts = line.split()
        if parts and parts[0] == soname and "x86-64" in line:
            # With a merged /usr, dpkg may know the file under /lib or /usr/lib, by its link or its target.
            paths = {parts[-1], str(Path(parts[-1]).resolve())}
            paths = {path.removeprefix("/usr") for path in paths}
            paths |= {"/usr" + path for path in paths}
            for candidate in sorted(paths):
                owner = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
                if owner.returncode == 0:
                    return owner.stdout.split(":")[0].strip()
    return None


def check_depends(bundle: Path) -> str:
    """Every library linked to from the bundle is either in it or in Depends; returns libc6's version floor."""
    files = [path for path in bundle.rglob("*") if path.is_file() and not path.is_symlink() and is_elf(path)]
    carried = {path.name for path in bundle.rglob("*")}
    external = sorted(set().union(*(needed(path) for path in files)) - carried)
    declared = {name.strip() for entry in DEPENDS for name in entry.split("|")} | {"libc6"}
    missing, unknown = [], []
    for soname in external:
        package = owning_package(soname)
        if package is None:
            unknown.append(soname)
        elif package.split(":")[0] not in declared:
            missing.append(f"{soname} (from {package})")
    if unknown:
        print(f"warning: no package on this machine provides {', '.join(unknown)}; check Depends by hand")
    if missing:
        raise SystemExit(f"error: the bundle links to libraries Depends does not name: {', '.join(missing)}")
    print(f"Depends covers the {len(external)} system libraries the bundle links to: {', '.join(external)}")
    return glibc_floor(files)


def folder_size_kib(folder: Path) -> int:
    return sum(path.lstat().st_size for path in folder.rglob("*")) // 1024 + 1


def build_deb(bundle: Path, release: str, libc: str) -> Path:
    staging = ROOT / "build" / "deb" / f"timeledger_{release}_amd64"
    shutil.rmtree(staging, ignore_errors=True)
    opt = staging / INSTALL_DIR.lstrip("/")
    shutil.copytree(bundle, opt, symlinks=True)
    (staging / "usr" / "bin").mkdir(parents=True)
    for command in ("timeledger", "timeledger-desktop"):
        (staging / "usr" / "bin" / command).symlink_to(f"{INSTALL_DIR}/{command}")
    shutil.copytree(bundle / "share" / "applications", staging / "usr" / "share" / "applications")
    shutil.copytree(bundle / "share" / "icons", staging / "usr" / "share" / "icons")
    control = staging / "DEBIAN"
    control.mkdir()
    fields = {
        "Package": "timeledger",
        "Version": release,
        "Architecture": "amd64",
        "Maintainer": "Timeledger developers <packaging@timeledger.invalid>",
        "Installed-Size": str(folder_size_kib(staging)),
        "Depends": ", ".join([f"libc6 (>= {libc})", *DEPENDS]),
        "Recommends": ", ".join(RECOMMENDS),
        "Suggests": ", ".join(SUGGESTS),
        "Section": "utils",
        "Priority": "optional",
        "Description": "time tracking and invoicing for consultants and small teams\n"
        " Timeledger keeps an attendance register and a billable task log apart, with a tray\n"
        " timer, timesheets and approval, and invoices as PDF. Each desktop works on its own\n"
        " local database, fully offline. This package carries its own Python and Qt in\n"
        f" {INSTALL_DIR}; the commands are timeledger-desktop (the app) and timeledger.",
    }
    (control / "control").write_text("".join(f"{key}: {value}\n" for key, value in fields.items()), encoding="utf-8")
    for script in ("postinst", "postrm"):  # refresh the menu and icon caches; postinst mentions autostart
        shutil.copy2(LINUX / script, control / script)
    for path in [staging, *staging.rglob("*")]:  # the modes dpkg expects, whatever the umask was
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
    target = DIST / f"timeledger_{release}_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "--build", str(staging), str(target)], check=True)
    return target


def build_tarball(bundle: Path, release: str) -> Path:
    target = DIST / f"timeledger-{release}-linux-x86_64.tar.gz"

    def as_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=f"timeledger-{release}", filter=as_root)
    return target


def main() -> None:
    if not (BUNDLE / "timeledger").exists():
        raise SystemExit(f"error: no bundle in {BUNDLE}; run PyInstaller on packaging/timeledger.spec first")
    release = version()
    add_share(BUNDLE)
    strip_python_runtime(BUNDLE)
    libc = check_depends(BUNDLE)
    print(f"bundle: {BUNDLE} ({folder_size_kib(BUNDLE) / 1024:.0f} MiB unpacked)")
    for built in (build_deb(BUNDLE, release, libc), build_tarball(BUNDLE, release)):
        print(f"built {built.relative_to(ROOT)} ({built.stat().st_size / 1024 / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()

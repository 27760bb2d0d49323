"""Installs the built .deb on this machine, tries the installed app, measures it, and removes it again.

    .venv/bin/python packaging/linux/package_test.py      (run by `make package-test` after `make package`; root)

1. `dpkg -i dist/timeledger_<version>_amd64.deb`, and the installed files are where they belong;
2. `/usr/bin/timeledger --self-test` (and, where gnome-keyring and dbus-run-session exist, once more inside a
   D-Bus session with a keyring daemon, which must then be the backend keyring names);
3. `/usr/bin/timeledger-desktop --demo --quit-after-shown` offscreen: it must print `shown` and `ready` and exit 0;
4. start to main window (the `shown` moment, see app/ui/first_paint.py) of the installed app against
   `python main.py` from the source tree, interleaved runs in this session, medians (target: at most 1.2x);
5. the size of /opt/timeledger (target: at most 250 MB);
6. `dpkg -r timeledger`, always, and nothing of the package is left.

Every run gets a private HOME, so no one's real data folder is read or written. Exits 1 when a check failed;
the two figures are reported against their targets.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLED = Path("/opt/timeledger")
CLI, DESKTOP = Path("/usr/bin/timeledger"), Path("/usr/bin/timeledger-desktop")
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
RUNS = int(os.environ.get("PACKAGE_TEST_RUNS", "7"))
START_TARGET, SIZE_TARGET_MB = 1.2, 250
GUI_TIMEOUT_S = 20


class Report:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def check(self, passed: bool, what: str, why: str = "") -> bool:
        print(f"ok: {what}" if passed else f"FAILED: {what}{f' ({why})' if why else ''}", flush=True)
        if not passed:
            self.failed.append(what)
        return passed


def private_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TIMELEDGER_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"), **extra)
    return env


def run(command: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from app import __version__

    return __version__


def install(report: Report, deb: Path) -> bool:
    done = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True, check=False)
    if not report.check(done.returncode == 0, f"dpkg -i {deb.name}", done.stderr.strip()[-500:]):
        print("hint: missing dependencies? `apt-get install -f` (or install with `apt-get install ./dist/...deb`)")
        return False
    expected = [
        CLI,
        DESKTOP,
        Path("/usr/share/applications/timeledger.desktop"),
        INSTALLED / "share" / "timeledger-autostart.desktop",
    ]
    expected += [Path(f"/usr/share/icons/hicolor/{s}x{s}/apps/timeledger.png") for s in ICON_SIZES]
    missing = [str(path) for path in expected if not path.exists()]
    report.check(
        not missing, "installed files in place (commands, menu entry, icons, autostart entry)", ", ".join(missing)
    )
    report.check(not Path("/etc/xdg/autostart/timeledger.desktop").exists(), "no autostart entry installed by default")
    if shutil.which("desktop-file-validate"):
        valid = run(["desktop-file-validate", "/usr/share/applications/timeledger.desktop"], dict(os.environ))
        report.check(valid.returncode == 0 and not valid.stdout.strip(), "menu entry valid", valid.stdout.strip())
    return True


def self_test(report: Report, home: Path) -> None:
    done = run([str(CLI), "--self-test"], private_env(home))
    print(done.stdout.rstrip())
    report.check(done.returncode == 0, "installed `timeledger --self-test` exits 0", done.stderr.strip()[-500:])
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        print("note: no dbus-run-session/gnome-keyring-daemon here: the keyring is only checked without a service")
        return
    # A Secret Service of its own (an unlocked keyring in the private HOME): keyring must then pick it.
    script = (
        f"printf selftest | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec {CLI} --self-test"
    )
    done = run(["dbus-run-session", "--", "sh", "-c", script], private_env(home))
    line = next((line for line in done.stdout.splitlines() if "keyring" in line), done.stdout.strip())
    report.check(
        done.returncode == 0 and "keyring.backends.SecretService.Keyring" in line,
        f"with a running Secret Service: {line}",
        done.stderr.strip()[-300:],
    )


def gui(report: Report, home: Path) -> None:
    command = ["timeout", str(GUI_TIMEOUT_S), str(DESKTOP), "--demo", "--quit-after-shown"]
    done = run(command, private_env(home, QT_QPA_PLATFORM="offscreen"), timeout=GUI_TIMEOUT_S + 10)
    moments = [line.split()[0] for line in done.stdout.splitlines() if line.startswith(("shown ", "ready "))]
    report.check(
        done.returncode == 0 and moments == ["shown", "ready"],
        "installed `timeledger-desktop --demo --quit-after-shown` (offscreen) showed its window, exit 0",
        f"exit {done.returncode}, printed {moments}: {done.stderr.strip()[-500:]}",
    )


def seconds_to_shown(command: list[str], home: Path) -> float:
    """From just before the process starts to its first paint of the main window (time.monotonic, one clock)."""
    started = time.monotonic()
    done = run(command, private_env(home, QT_QPA_PLATFORM="offscreen"), timeout=GUI_TIMEOUT_S + 10)
    shown = [float(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("shown ")]
    if done.returncode != 0 or not shown:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    return shown[0] - started


def start_ratio(home: Path) -> None:
    installed = [str(DESKTOP), "--demo", "--quit-after-shown"]
    source = [sys.executable, str(ROOT / "main.py"), "--demo", "--quit-after-shown"]
    seconds_to_shown(installed, home), seconds_to_shown(source, home)  # warm the disk cache and the bytecode
    bundle_s, source_s = [], []
    for _ in range(RUNS):  # interleaved, so both meet the same load on the machine
        bundle_s.append(seconds_to_shown(installed, home))
        source_s.append(seconds_to_shown(source, home))
    bundle, source_median = statistics.median(bundle_s), statistics.median(source_s)
    ratio = bundle / source_median
    print(
        f"start to main window, median of {RUNS}: installed {bundle * 1000:.0f} ms, "
        f"source {source_median * 1000:.0f} ms, "
        f"ratio {ratio:.2f}x (target <= {START_TARGET}x: {'met' if ratio <= START_TARGET else 'MISSED'})"
    )
    print(f"  installed runs (ms): {', '.join(f'{s * 1000:.0f}' for s in bundle_s)}")
    print(f"  source runs (ms):    {', '.join(f'{s * 1000:.0f}' for s in source_s)}")


def size() -> None:
    used = subprocess.run(["du", "-sm", str(INSTALLED)], capture_output=True, text=True, check=True).stdout.split()[0]
    megabytes = int(used)
    print(
        f"bundle size: {megabytes} MB unpacked in {INSTALLED} (du -sm; target <= {SIZE_TARGET_MB} MB: "
        f"{'met' if megabytes <= SIZE_TARGET_MB else 'MISSED'})"
    )


def remove(report: Report) -> None:
    done = subprocess.run(["dpkg", "-r", "timeledger"], capture_output=True, text=True, check=False)
    report.check(
        done.returncode == 0 and not INSTALLED.exists() and not CLI.exists(),
        "dpkg -r timeledger removed it",
        done.stderr.strip()[-300:],
    )


def main() -> int:
    if os.geteuid() != 0:
        raise SystemExit("error: package-test installs the .deb with dpkg: run it as root")
    deb = ROOT / "dist" / f"timeledger_{version()}_amd64.deb"
    if not deb.exists():
        raise SystemExit(f"error: no {deb.relative_to(ROOT)}; run `make package` first")
    report = Report()
    with tempfile.TemporaryDirectory(prefix="timeledger-package-test-") as folder:
        home = Path(folder)
        try:
            if install(report, deb):
                self_test(report, home)
                gui(report, home)
                if not report.failed:
                    start_ratio(home)
                size()
        finally:
            if INSTALLED.exists() or CLI.exists():
                remove(report)
        report.check(not (home / "data" / "Timeledger").exists(), "no data folder created in the private HOME")
    print("package-test passed" if not report.failed else f"package-test FAILED: {'; '.join(report.failed)}")
    return 0 if not report.failed else 1


if __name__ == "__main__":
    sys.exit(main())

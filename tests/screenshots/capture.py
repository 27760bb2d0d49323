"""`make screenshots`: the app on demo data under Xvfb with a tray host, photographed into docs/screenshots/.

Needs Xvfb (the X server), trayer (a system tray), xdotool (clicks and keys) and ImageMagick's `import`; on
Debian or Ubuntu: `sudo apt-get install -y xvfb trayer xdotool imagemagick`. Everything runs on a free
display of its own, so your desktop is not disturbed, and on `main.py --demo` (a throwaway database) at a
fixed moment of the demo's month (TIMELEDGER_DEMO_NOW), so the pictures do not depend on the day they
are taken. Writes tray-menu.png, popup.png and one PNG per sidebar section (reached with Ctrl+1..8),
each cropped to its window, and invoice-page.png: the first page of the demo's partly paid invoice as
exported (`timeledger invoice pdf`, rendered by poppler's pdftoppm); then that invoice in each shipped
template (invoice-classic.png, invoice-modern.png), for a visual check of both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
TOOLS = {"Xvfb": "xvfb", "trayer": "trayer", "xdotool": "xdotool", "import": "imagemagick", "pdftoppm": "poppler-utils"}
SCREEN = "1280x800x24"
DEMO_MOMENT = "2026-11-18T16:10"  # a Wednesday afternoon: a timer running, lunch taken, the week half done
DEMO_ZONE = "Europe/Berlin"
SETTLE_S = 1.5  # for a section's background loading to finish before the picture
WAIT_S = 30


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def missing_tools() -> list[str]:
    return [f"{tool} (package {package})" for tool, package in TOOLS.items() if shutil.which(tool) is None]


def free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise SystemExit("no free X display between :90 and :199")


def slug(title: str) -> str:
    """ "Clients & projects" -> "clients-projects" """
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    def around(self, other: Box) -> Box:
        left, top = min(self.x, other.x), min(self.y, other.y)
        right = max(self.x + self.width, other.x + other.width)
        bottom = max(self.y + self.height, other.y + other.height)
        return Box(left, top, right - left, bottom - top)

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.width // 2, self.y + self.height // 2

    @property
    def crop(self) -> str:
        return f"{self.width}x{self.height}+{self.x}+{self.y}"


class Display:
    """An X display of our own: xdotool and import run against it."""

    def __init__(self, number: int):
        self.env = {**os.environ, "DISPLAY": f":{number}"}

    def run(self, *args: str) -> str:
        done = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=WAIT_S)
        return done.stdout.strip() if done.returncode == 0 else ""

    def windows(self, *criteria: str) -> list[str]:
        return self.run("xdotool", "search", "--onlyvisible", *criteria).split()

    def box(self, window: str) -> Box:
        shape = dict(re.findall(r"^(\w+)=(-?\d+)$", self.run("xdotool", "getwindowgeometry", "--shell", window), re.M))
        return Box(int(shape["X"]), int(shape["Y"]), int(shape["WIDTH"]), int(shape["HEIGHT"]))

    def wait_for(self, find, what: str):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            found = find()
            if found:
                return found
            time.sleep(0.2)
        raise SystemExit(f"screenshots: gave up waiting for {what}")

    def photograph(self, box: Box, name: str) -> None:
        target = OUT / f"{name}.png"
        self.run("import", "-window", "root", "-crop", box.crop, "+repage", str(target))
        if not target.exists():
            raise SystemExit(f"screenshots: ImageMagick wrote no {target}")
        say(f"wrote {target.relative_to(ROOT)} ({box.width}x{box.height})")


@contextmanager
def started(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[str]]:
    with log.open("w") as out:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


DEMO_SAID = re.compile(r"Demo database \(deleted when the app quits\): (\S+)")


def demo_database(log: Path) -> Path | None:
    """The demo's database file, from what the app printed."""
    found = DEMO_SAID.search(log.read_text(encoding="utf-8"))
    return Path(found.group(1)) if found else None


def demo_folder(log: Path) -> Path | None:
    """The demo's temporary folder (it is left behind when the app is stopped)."""
    database = demo_database(log)
    folder = database.parent if database else None
    return folder if folder is not None and folder.name.startswith("timeledger-demo-") else None


def app_windows(display: Display) -> tuple[str, str]:
    """The main window and the tray icon's window (both of class Timeledger; the icon is the small one)."""
    sizes = {w: display.box(w) for w in display.windows("--class", "Timeledger")}
    main = [w for w, b in sizes.items() if b.width > 400]
    icon = [w for w, b in sizes.items() if b.width <= 64 and b.height <= 64]
    return (main[0], icon[0]) if main and icon else ("", "")


def new_window(display: Display, before: set[str]) -> str:
    fresh = [w for w in display.windows("--name", "") if w not in before and display.box(w).width > 1]
    return fresh[-1] if fresh else ""


def capture(display: Display) -> None:
    from app.ui.main_window import SECTIONS  # the titles, in the order of Ctrl+1..6

    main, icon = display.wait_for(lambda: all(found := app_windows(display)) and found, "the window and tray icon")
    time.sleep(SETTLE_S)
    window = display.box(main)
    for number, (title, _) in enumerate(SECTIONS, start=1):
        display.run("xdotool", "windowfocus", "--sync", main)
        display.run("xdotool", "key", "--clearmodifiers", f"ctrl+{number}")
        time.sleep(SETTLE_S)
        display.photograph(window, f"{number}-{slug(title)}")
    tray = display.box(display.windows("--class", "trayer")[0])
    for button, name in (("3", "tray-menu"), ("1", "popup")):
        before = set(display.windows("--name", ""))
        display.run("xdotool", "mousemove", *map(str, display.box(icon).centre), "click", button)
        opened = display.wait_for(lambda before=before: new_window(display, before), f"the {name}")
        time.sleep(SETTLE_S)
        shown = display.box(opened)
        display.photograph(shown.around(tray) if name == "tray-menu" else shown, name)
        display.run("xdotool", "key", "Escape")
        display.wait_for(lambda opened=opened: opened not in display.windows("--name", ""), f"the {name} to close")


def invoice_page(database: Path | None, workdir: Path) -> str:
    """The first page of the demo's partly paid invoice, exported as a client receives it."""
    if database is None:
        raise RuntimeError("the demo did not say where its database is")
    cli = [sys.executable, "-m", "app.cli.main", "--db", str(database)]
    listed = subprocess.run(
        [*cli, "--json", "invoice", "list", "--status", "partially_paid"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    number = json.loads(listed.stdout)[0]["number"]
    pdf = workdir / "invoice.pdf"
    subprocess.run([*cli, "invoice", "pdf", number, "-o", str(pdf)], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUT / "invoice-page")],
        check=True,
    )
    say(f"wrote {OUT / 'invoice-page.png'} ({number})")
    return number


def template_pages(database: Path | None, workdir: Path, number: str) -> None:
    """The invoice printed in each shipped template (made the default in turn: the demo's database is thrown away)."""
    cli = [sys.executable, "-m", "app.cli.main", "--db", str(database)]
    for name in ("classic", "modern"):
        subprocess.run([*cli, "template", "default", name], cwd=ROOT, capture_output=True, check=True)
        pdf = workdir / f"invoice-{name}.pdf"
        subprocess.run([*cli, "invoice", "pdf", number, "-o", str(pdf)], cwd=ROOT, capture_output=True, check=True)
        target = OUT / f"invoice-{name}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)], check=True
        )
        say(f"wrote {target}.png")


def main() -> int:
    missing = missing_tools()
    if missing:
        say("make screenshots needs " + ", ".join(missing) + ".")
        say("On Debian or Ubuntu: sudo apt-get install -y xvfb trayer xdotool imagemagick poppler-utils")
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    number = free_display()
    display = Display(number)
    logs = Path(tempfile.mkdtemp(prefix="timeledger-screenshots-"))
    say(f"screenshots on display :{number}; logs in {logs}")
    app_env = {**display.env, "TIMELEDGER_DEMO_NOW": DEMO_MOMENT, "TZ": DEMO_ZONE, "QT_QPA_PLATFORM": "xcb"}
    app_env.pop("TIMELEDGER_DB", None)
    with started(["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"], display.env, logs / "xvfb.log"):
        display.wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), "Xvfb")
        tray = ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "28"]
        with started([*tray, "--transparent", "false", "--tint", "0xd8d8d8"], display.env, logs / "trayer.log"):
            display.wait_for(lambda: display.windows("--class", "trayer"), "trayer")
            app_log = logs / "app.log"
            try:
                with started([sys.executable, "main.py", "--demo"], app_env, app_log):
                    capture(display)
                    database = demo_database(app_log)
                    template_pages(database, logs, invoice_page(database, logs))
            finally:
                folder = demo_folder(app_log)
                if folder is not None:
                    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(logs)  # kept only when something went wrong
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

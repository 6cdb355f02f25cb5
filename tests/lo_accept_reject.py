"""LibreOffice as a reviewer: Accept All or Reject All on Word files, saved as plain text.

Run with the system Python, which has LibreOffice's UNO bridge (not the project's venv):
    /usr/bin/python3 tests/lo_accept_reject.py MODE OUT_DIR FILE.docx...
MODE is "accept" or "reject"; each FILE.docx gives OUT_DIR/FILE.txt (UTF-8, one line per
paragraph). One LibreOffice process, with its own profile, serves all the files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main() -> int:
    mode, out_dir, *files = sys.argv[1:]
    command = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}
    profile = tempfile.mkdtemp(prefix="lo-review-")
    pipe = f"drafter{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # not listening yet
                time.sleep(0.5)
        if ctx is None:
            print("LibreOffice did not start", file=sys.stderr)
            return 2
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for name in files:
            path = Path(name).resolve()
            doc = desktop.loadComponentFromURL(path.as_uri(), "_blank", 0, (prop("Hidden", True),))
            if doc is None:
                print(f"{path}: LibreOffice could not open it", file=sys.stderr)
                return 2
            frame = doc.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, command[mode], "", 0, ())
            target = Path(out_dir) / (path.stem + ".txt")
            doc.storeToURL(
                target.resolve().as_uri(),
                (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")),
            )
            doc.close(True)
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

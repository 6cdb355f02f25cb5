"""LibreOffice as a reviewer: Accept All or Reject All on Word files, saved as plain text.

Run with the system Python, which has LibreOffice's UNO bridge (not the project's venv):
    /usr/bin/python3 tests/lo_accept_reject.py MODE OUT_DIR FILE.docx...
MODE is "accept" or "reject"; each FILE.docx gives OUT_DIR/FILE.txt (UTF-8, one line per
paragraph). One LibreOffice process, with its own profile, serves all the files.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lo_office import desktop, office, prop


def main() -> int:
    mode, out_dir, *files = sys.argv[1:]
    command = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}
    with office() as ctx:
        smgr = ctx.ServiceManager
        desk = desktop(ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for name in files:
            path = Path(name).resolve()
            doc = desk.loadComponentFromURL(path.as_uri(), "_blank", 0, (prop("Hidden", True),))
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A reviewer played by LibreOffice: run with the system Python (python3-uno), not the venv.

    /usr/bin/python3 lo_reviewer.py IN.docx OUT.docx AUTHOR track|plain '[["find", "replace"], ...]'

Opens IN.docx headless, sets the author's name, turns Track Changes on (track) or off
(plain), replaces each phrase's first occurrence and saves OUT.docx as Word.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    source, target, author, mode, edits = sys.argv[1:6]
    profile = tempfile.mkdtemp(prefix="lo-reviewer-")
    pipe = f"drafterreviewer{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "-env:UserInstallation=file://" + profile,
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
            except Exception:
                time.sleep(0.5)
        if ctx is None:
            sys.exit("could not reach LibreOffice")
        smgr = ctx.ServiceManager
        config = smgr.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", ctx
        )
        first, _, last = author.partition(" ")
        access = config.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
        )
        access.setPropertyValue("givenname", first)
        access.setPropertyValue("sn", last)
        access.commitChanges()
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(Path(source).resolve())),
            "_blank",
            0,
            (prop("Hidden", True),),
        )
        if doc is None:
            sys.exit("LibreOffice could not open " + source)
        doc.RecordChanges = mode == "track"
        for find, replace in json.loads(edits):
            search = doc.createSearchDescriptor()
            search.SearchString = find
            found = doc.findFirst(search)
            if found is None:
                sys.exit("not found: " + find)
            found.setString(replace)
        doc.storeToURL(
            uno.systemPathToFileUrl(str(Path(target).resolve())),
            (prop("FilterName", "MS Word 2007 XML"),),
        )
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()

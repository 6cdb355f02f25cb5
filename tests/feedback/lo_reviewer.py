"""A reviewer played by LibreOffice: run with the system Python (python3-uno), not the venv.

    /usr/bin/python3 lo_reviewer.py IN.docx OUT.docx AUTHOR track|plain '[["find", "replace"], ...]'

Opens IN.docx headless, sets the author's name, turns Track Changes on (track) or off
(plain), replaces each phrase's first occurrence and saves OUT.docx as Word.
"""

import json
import sys
from pathlib import Path

import uno

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lo_office import desktop, office, prop


def main():
    source, target, author, mode, edits = sys.argv[1:6]
    with office() as ctx:
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
        doc = desktop(ctx).loadComponentFromURL(
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


if __name__ == "__main__":
    main()

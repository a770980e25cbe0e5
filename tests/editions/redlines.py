#!/usr/bin/python3
"""Accept or reject every tracked change of a Word file in LibreOffice (headless, through Python-UNO), and save
the result as plain text, one paragraph per line: an independent reader of tracked changes for the tests.

    /usr/bin/python3 redlines.py accept|reject|text IN.docx OUT.txt

Runs with the system's Python (Debian's python3-uno), not the project's virtualenv. It starts a private soffice
(its own pipe and throw-away profile) and stops it afterwards. The document is loaded without a view, then a
hidden view is attached for the dispatch. A view of a document with comments ends LibreOffice's headless build
(7.4), so the comments' anchors are taken out of the copy first: they hold no text of the document.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


ANCHORS = re.compile(rb'<w:commentRange(?:Start|End) w:id="\d+"/>|<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?'
                     rb'<w:commentReference w:id="\d+"/></w:r>')


def without_comments(source, target):
    """Copy the Word file ``source`` to ``target`` without the anchors of its comments."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, ANCHORS.sub(b"", data) if item.filename == "word/document.xml" else data)


def main(operation, source, target):
    profile = tempfile.mkdtemp(prefix="rg-lo-")
    pipe = "rg" + uuid.uuid4().hex
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
                               "--nolockcheck", f"-env:UserInstallation=file://{profile}",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.25)
        else:
            sys.exit("soffice did not start")
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        copy = os.path.join(tempfile.mkdtemp(dir=profile), os.path.basename(source))
        without_comments(source, copy)
        model = manager.createInstanceWithContext("com.sun.star.text.TextDocument", context)
        model.load((prop("URL", uno.systemPathToFileUrl(copy)), prop("FilterName", "MS Word 2007 XML")))
        if model.isReadonly():
            sys.exit(f"{source} opened read-only")
        if operation in COMMANDS:
            model.RecordChanges = False
            desktop.loadComponentFromURL("private:object", "_blank", 0, (prop("Model", model), prop("Hidden", True)))
            helper = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
            helper.executeDispatch(model.getCurrentController().getFrame(), COMMANDS[operation], "", 0, ())
            left = model.getRedlines().createEnumeration()
            if left.hasMoreElements():
                sys.exit(f"{operation}: tracked changes are left")
        model.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                         (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF"), prop("Overwrite", True)))
        model.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge drops when soffice exits
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])

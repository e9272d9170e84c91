"""The watched reader process (started by isolation.py): one request in, the file's Documents/ReadErrors out, until
stdin closes. Its own module so that the parent side (isolation.py) never imports the dispatcher that uses it."""
from __future__ import annotations

import os

from ..limits import Limits
from .dispatch import read_source
from .isolation import item_to_wire, recv, send
from .source import Source


def serve() -> None:
    out_fd = os.dup(1)
    os.dup2(2, 1)  # library prints must not corrupt the reply channel
    while True:
        try:
            req = recv(0)
        except EOFError:
            return
        limits = Limits(**{**req["limits"], "isolate": False})
        path = req["path"]
        src = Source(name=req["name"], open=lambda p=path: open(p, "rb"), size=req["size"], limits=limits,
                     path=path, _sha256=req.get("sha256"))
        send(out_fd, [item_to_wire(it) for it in read_source(src)])

"""The baseline of the pages job: a WSGI app that only serves files, with WhiteNoise, as the portal's
static files are served. ``SSEPOT_BENCH_STATIC_ROOT`` is the folder (``bench.pages`` writes there a twin
of each page, byte for byte); anything else answers 404.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from whitenoise import WhiteNoise


def not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"no existe"]


application = WhiteNoise(
    not_found, root=os.environ.get("SSEPOT_BENCH_STATIC_ROOT", "."), mimetypes={".html": "text/html"}
)

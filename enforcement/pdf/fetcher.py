"""WeasyPrint's URL fetcher, locked down: only the application's packaged assets.

Templates reference ``asset:name.css``; anything else — ``file:``, ``http:``,
``data:`` or a URL that user text might smuggle into a document — is refused,
so rendering a document can never read the server's files or reach the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS = Path(__file__).resolve().parent / "assets"
SCHEME = "asset:"


class AssetOnlyFetcher(URLFetcher):
    """Serve ``asset:<name>`` from ``enforcement/pdf/assets``; refuse everything else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if not url.startswith(SCHEME):
            raise ValueError(f"refused to fetch {url[:80]!r}: only packaged assets may be loaded")
        name = url[len(SCHEME) :].lstrip("/")
        path = (ASSETS / name).resolve()
        if ASSETS not in path.parents or not path.is_file():
            raise ValueError(f"no packaged asset {name!r}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

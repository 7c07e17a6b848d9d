"""WeasyPrint's URL fetcher, locked down: only the application's packaged assets.

Templates may reference ``asset:name``; anything else — ``file:``, ``http:``,
``data:``, a path that climbs out of ``assets/`` (``asset:../render.py``) or a
URL that user text might smuggle into a document — is refused, so rendering a
document can never read the server's files or reach the network.  (User text
is escaped by Jinja anyway, so it is printed, never parsed as markup.)
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS = Path(__file__).resolve().parent / "assets"
SCHEME = "asset:"


class RefusedURL(ValueError):
    """A URL the document renderer will not load."""


def asset_path(url: str) -> Path:
    """The packaged file an ``asset:`` URL names.

    :raises RefusedURL: another scheme, a path outside ``assets/``, or no such file.
    """
    if not url.startswith(SCHEME):
        raise RefusedURL(f"refused to fetch {url[:80]!r}: only packaged assets may be loaded")
    name = url[len(SCHEME) :].split("?", 1)[0].split("#", 1)[0]
    if not name or "\\" in name or "%" in name or name.startswith("/") or ".." in Path(name).parts:
        raise RefusedURL(f"refused asset name {name[:80]!r}")
    path = (ASSETS / name).resolve()
    if ASSETS not in path.parents or not path.is_file():
        raise RefusedURL(f"no packaged asset {name[:80]!r}")
    return path


class AssetOnlyFetcher(URLFetcher):
    """Serve ``asset:<name>`` from ``enforcement/pdf/assets``; refuse everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("asset",), allow_redirects=False)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = asset_path(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

"""The renderer loads only the app's packaged assets (STYLE §5.7): no file, network or data URL, no traversal."""

from __future__ import annotations

import pytest

from enforcement.pdf.fetcher import ASSETS, AssetOnlyFetcher, RefusedURL, asset_path
from enforcement.pdf.render import html_to_pdf
from tests.pdf.helpers import text_of, weasyprint_log

REFUSED = (
    "file:///etc/passwd",
    "file:" + str(ASSETS / "decree30.css"),
    "http://127.0.0.1:9/x.css",
    "https://example.org/logo.png",
    "data:text/css,body{color:red}",
    "data:image/png;base64,iVBORw0KGgo=",
    "asset:../render.py",
    "asset:../../../../etc/passwd",
    "asset:%2e%2e/render.py",
    "asset:..%2frender.py",
    "asset:/etc/passwd",
    "asset:..\\render.py",
    "asset:",
    "asset:missing.css",
    "ASSET:../render.py",
    "decree30.css",
)


@pytest.mark.parametrize("url", REFUSED)
def test_every_url_but_a_packaged_asset_is_refused(url):
    with pytest.raises(RefusedURL):
        AssetOnlyFetcher().fetch(url)


def test_a_packaged_asset_is_served():
    response = AssetOnlyFetcher().fetch("asset:decree30.css")
    assert b"@page" in response.read()
    assert asset_path("asset:decree30.css") == ASSETS / "decree30.css"


def test_markup_that_names_files_or_hosts_loads_nothing(app):
    """Even raw HTML (never user text, which is escaped) cannot make the renderer read a file or the network."""
    html = (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="file:///etc/passwd"><link rel="stylesheet" href="asset:../render.py">'
        "</head><body><p>Nội dung</p>"
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/a.png"><img src="data:image/png;base64,AAAA">'
        "</body></html>"
    )
    with weasyprint_log() as log:
        pdf = html_to_pdf(html, variant=None)
    assert "Nội dung" in text_of(pdf)
    assert "root:" not in text_of(pdf)
    refused = [m for m in log.messages if "refused" in m or "no packaged asset" in m]
    assert len(refused) >= 5, log.messages

"""The system libraries and fonts the running interpreter needs, each named by its Debian package.

WeasyPrint opens its C libraries with ``dlopen`` at import time (GLib's GObject, Pango,
PangoFT2, HarfBuzz, HarfBuzz-Subset, fontconfig); it does not fail without
HarfBuzz-Subset but warns and embeds fonts through a slower, larger path.  The
documents of LR-FORMAT need a Times New Roman-metric serif in four faces; fontconfig
must find Liberation Serif (falling back to DejaVu Serif, as ``decree30.css`` says).
The PDF tests read pixels with ``pdftoppm``.  Each check's failure names the Debian
package to install, and every package named here is in the Makefile's ``sysdeps``
(``make run``) or ``sysdeps-test`` (``make test``) list, installed there when missing.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from pypdf import PdfReader

MAKEFILE = Path(__file__).resolve().parent.parent / "Makefile"

# library WeasyPrint dlopens → (the handle's name in weasyprint.text.ffi, Debian package)
LIBRARIES = {
    "GObject": ("gobject", "libglib2.0-0"),
    "Pango": ("pango", "libpango-1.0-0"),
    "PangoFT2": ("pangoft2", "libpangoft2-1.0-0"),
    "HarfBuzz": ("harfbuzz", "libharfbuzz0b"),
    "HarfBuzz-Subset": ("harfbuzz_subset", "libharfbuzz-subset0"),
    "fontconfig": ("fontconfig", "libfontconfig1"),
}
FONT_PACKAGE = "fonts-liberation2"
FALLBACK_FONT_PACKAGE = "fonts-dejavu-core"
# LR-FORMAT: a Times New Roman-metric serif; the documents use regular, bold, italic and bold italic.
FACES = ["Regular", "Bold", "Italic", "Bold Italic"]
PANGO_MIN = (1, 44, 0)  # WeasyPrint 70 needs Pango ≥ 1.44


def _make_list(target: str) -> set[str]:
    """The packages of ``target``'s ``apt_install`` call in the Makefile."""
    text = MAKEFILE.read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:.*\n\t\$\(call apt_install,([^)]*)\)", text, re.MULTILINE)
    assert match, f"Makefile: no `$(call apt_install,…)` under {target}:"
    return set(match.group(1).split())


def _ffi():
    """``weasyprint.text.ffi``, imported with its DeprecationWarning (missing HarfBuzz-Subset) recorded."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from weasyprint.text import ffi
    return ffi, [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]


def test_every_package_named_here_is_installed_by_the_make_targets():
    run_packages = _make_list("sysdeps")
    test_packages = _make_list("sysdeps-test")
    needed_to_run = {package for _, package in LIBRARIES.values()} | {FONT_PACKAGE, FALLBACK_FONT_PACKAGE}
    assert needed_to_run <= run_packages, f"add to the Makefile's sysdeps: {sorted(needed_to_run - run_packages)}"
    assert "poppler-utils" in test_packages, "add poppler-utils (pdftoppm) to the Makefile's sysdeps-test"
    assert "chromium" not in run_packages | test_packages, "make run/test must not need the browser"


@pytest.mark.parametrize("library", sorted(LIBRARIES))
def test_weasyprint_loads_the_library(library):
    ffi, deprecations = _ffi()
    handle, package = LIBRARIES[library]
    assert getattr(ffi, handle, None) is not None, (
        f"WeasyPrint did not find {library}: install the Debian package {package} (apt-get install {package})"
    )
    if library == "HarfBuzz-Subset":
        assert not [m for m in deprecations if "HarfBuzz-Subset" in m], (
            f"WeasyPrint warns that HarfBuzz-Subset is missing: install the Debian package {package}"
        )


def test_pango_is_recent_enough():
    ffi, _ = _ffi()
    version = ffi.pango.pango_version()
    found = (version // 10000, version // 100 % 100, version % 100)
    assert found >= PANGO_MIN, (
        f"Pango {'.'.join(map(str, found))} is older than {'.'.join(map(str, PANGO_MIN))}: "
        "install a newer libpango-1.0-0 / libpangoft2-1.0-0 (Debian 12 or later)"
    )


def _fontconfig_match(family: str, style: str) -> tuple[str, str]:
    """fontconfig's best match for ``family`` in ``style``: (family, file)."""
    ffi, _ = _ffi()
    fc, cffi = ffi.fontconfig, ffi.ffi
    config = fc.FcInitLoadConfigAndFonts()
    pattern = fc.FcPatternCreate()
    try:
        fc.FcPatternAddString(pattern, b"family", family.encode())
        fc.FcPatternAddString(pattern, b"style", style.encode())
        fc.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
        fc.FcDefaultSubstitute(pattern)
        result = cffi.new("FcResult *")
        match = fc.FcFontMatch(config, pattern, result)
        assert match != cffi.NULL, "fontconfig found no font at all: install fonts-liberation2"
        values = []
        for key in (b"family", b"file"):
            out = cffi.new("FcChar8 **")
            fc.FcPatternGetString(match, key, 0, out)
            values.append(cffi.string(out[0]).decode())
        fc.FcPatternDestroy(match)
        return values[0], values[1]
    finally:
        fc.FcPatternDestroy(pattern)
        fc.FcConfigDestroy(config)


@pytest.mark.parametrize("face", FACES)
def test_fontconfig_finds_the_lr_format_serif(face):
    """LR-FORMAT: Times New Roman-metric serif → Liberation Serif, each of the four faces, through fontconfig."""
    family, path = _fontconfig_match("Liberation Serif", face)
    assert family == "Liberation Serif", (
        f"fontconfig gives {family} ({path}) for Liberation Serif {face}: "
        f"install the Debian package {FONT_PACKAGE} (LR-FORMAT needs a Times New Roman-metric serif)"
    )
    expected = "LiberationSerif-" + face.replace(" ", "")
    assert Path(path).name.startswith(expected), f"Liberation Serif {face} comes from {path}: reinstall {FONT_PACKAGE}"


def test_fontconfig_finds_the_fallback_serif():
    family, path = _fontconfig_match("DejaVu Serif", "Book")
    assert family == "DejaVu Serif", f"fontconfig gives {family} ({path}): install {FALLBACK_FONT_PACKAGE}"


def test_weasyprint_embeds_the_four_faces_with_vietnamese_text():
    """End to end as the documents: Pango shapes Vietnamese, fontconfig finds the faces, HarfBuzz subsets them."""
    from weasyprint import HTML

    html = (
        "<p style='font-family: \"Liberation Serif\"'>Quyết định xử phạt vi phạm hành chính "
        "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b> <i>Hà Nội, ngày 05 tháng 02 năm 2026</i> "
        "<b><i>Nơi nhận:</i></b></p>"
    )
    pdf = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/DescendantFonts") or [font])[0].get_object().get("/FontDescriptor", {})
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add((str(font["/BaseFont"]).split("+")[-1].replace("-", ""), embedded))
    expected = {(f"LiberationSerif{face.replace(' ', '')}".replace("Regular", ""), True) for face in FACES}
    assert fonts == expected, f"embedded fonts {sorted(fonts)}: install {FONT_PACKAGE}"
    assert "Quyết định" in pdf.pages[0].extract_text()


def test_pdftoppm_is_installed_for_the_pdf_tests():
    assert shutil.which("pdftoppm"), "pdftoppm is missing: install the Debian package poppler-utils"
    version = subprocess.run(["pdftoppm", "-v"], capture_output=True, text=True, check=False)
    assert "pdftoppm version" in version.stderr + version.stdout

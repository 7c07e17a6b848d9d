"""``flask render-samples OUTDIR``: one PDF of every document kind and the referral dossier.

The samples come from a demo-like case built in memory (``enforcement.pdf.samples``):
no case of the database is read or changed, so the command is safe anywhere.
"""

from __future__ import annotations

from pathlib import Path

import click

from enforcement.workflow import DocKind


@click.command("render-samples")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--deputy", is_flag=True, help="Signed by a deputy director (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC).")
def render_samples_command(outdir: Path, deputy: bool) -> None:
    """Write a sample PDF of every document kind (and the draft and final dossier) into OUTDIR."""
    from enforcement.pdf.samples import TEMPLATE_KINDS, SampleCase, render_sample, sample_dossier

    outdir.mkdir(parents=True, exist_ok=True)
    sample = SampleCase(deputy=deputy)
    rendered: dict[DocKind, bytes] = {}
    for number, kind in enumerate(TEMPLATE_KINDS, start=1):
        rendered[kind] = render_sample(kind, sample)
        _write(outdir / f"{number:02d}-{kind.value}.pdf", rendered[kind])
    base = len(TEMPLATE_KINDS)
    _write(outdir / f"{base + 1:02d}-{DocKind.REFERRAL_DRAFT.value}.pdf",
           sample_dossier(draft=True, sample=sample, documents=rendered))
    _write(outdir / f"{base + 2:02d}-{DocKind.REFERRAL_DOSSIER.value}.pdf",
           sample_dossier(draft=False, sample=sample, documents=rendered))
    click.echo(f"Đã ghi {base + 2} tệp PDF mẫu (DEMO) vào {outdir}")


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    click.echo(f"  {path.name} ({len(data) // 1024} KB)")


COMMANDS = (render_samples_command,)

"""`make print-check`: every sample body's 纪要 and 会议记录, printed and rasterised.

    python scripts/print_check.py [OUT_DIR]      (default: print-check)

For each rules file in sample_configs/ (and the short test body) one meeting is recorded
(tests/print_samples.py), issued, rendered to PDF through LibreOffice (the Word file) and
through Chromium (the HTML), and each PDF's first and last pages are written as PNG at 60
dpi: OUT_DIR/<body>-<minutes|record>-<docx|html>-<page>.png. The measured positions of
the 纪要 (flag, number, office/date line, 版记, page number, in mm) are printed. Tools
that are missing are named and skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.print_samples import SHORT, Runner, hold, pdf_lines, sample_rules  # noqa: E402


def main(out: Path) -> int:
    missing = [t for t in ("soffice", "pdftoppm", "pdftotext") if not shutil.which(t)]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if missing:
        print("print-check needs " + ", ".join(missing) + " (apt-get install "
              "libreoffice-writer-nogui poppler-utils fonts-noto-cjk chromium)", file=sys.stderr)
        return 2
    if chromium is None:
        print("no chromium: the HTML is not printed", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    os.environ.setdefault("YISHI_NOW", "2026-12-01T10:00:00+08:00")
    # a throwaway office key and ledger memory: the samples are not this office's records
    os.environ["XDG_CONFIG_HOME"] = str(out / "config")
    run = Runner(out / "records")
    for rules in [SHORT, *sample_rules()]:
        name = rules.stem
        mid = hold(run, rules)
        for template in ("minutes", "record"):
            pdfs = {}
            pdf = out / f"{name}-{template}-docx.pdf"
            result = run("render", mid, "-t", template, "--format", "pdf", "-o", str(pdf))
            if result.exit_code:
                print(result.output, file=sys.stderr)
                continue
            pdfs["docx"] = pdf
            if chromium:
                html = out / f"{name}-{template}.html"
                run("render", mid, "-t", template, "-o", str(html))
                hpdf = out / f"{name}-{template}-html.pdf"
                subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                "--no-pdf-header-footer", "--virtual-time-budget=5000",
                                f"--print-to-pdf={hpdf}", html.as_uri()],
                               capture_output=True, check=True, timeout=180)
                pdfs["html"] = hpdf
            for engine, path in pdfs.items():
                pages = pdf_lines(path)
                for page in sorted({1, len(pages)}):
                    stem = out / f"{name}-{template}-{engine}-{page}"
                    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f",
                                    str(page), "-l", str(page), str(path), str(stem)],
                                   check=True)
                if template == "minutes":
                    report(f"{name} {engine}", pages)
    print(f"PNGs in {out}/")
    return 0


def report(label: str, pages: list[list[dict]]) -> None:
    first, last = pages[0], pages[-1]

    def at(lines: list[dict], test) -> str:
        hit = [ln for ln in lines if test(ln["text"])]
        return ", ".join(f"{ln['text'][:14]} y {ln['y0']:.1f}-{ln['y1']:.1f} x {ln['x0']:.1f}-"
                         f"{ln['x1']:.1f}" for ln in hit[:3]) or "-"

    print(f"== {label}: {len(pages)} pages")
    print("  flag   ", at(first[:3], lambda t: True))
    print("  number ", at(first, lambda t: "号" in t and "〔" in t))
    print("  date   ", at(first, lambda t: t.endswith("日") and len(t) < 14))
    print("  版记    ", at(last, lambda t: t.endswith("印发")))
    print("  page no", at(last, lambda t: t.replace(" ", "").startswith("—")))


if __name__ == "__main__":
    # absolute: Chromium is given the HTML as a file:// URI
    sys.exit(main((Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "print-check").resolve()))

"""The HTML report in a real browser: headless Chromium renders it and every finding is highlighted
in place, over exactly the text it is about."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sumlint.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome",
                                                "google-chrome-stable") if shutil.which(name)), None)

pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium installed (apt-get install -y chromium) to render the report")


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--disable-component-update",
                           "--no-first-run", f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


class Marks(HTMLParser):
    """Text under each finding number, from the DOM the browser built."""

    def __init__(self):
        super().__init__()
        self.text: dict[int, list[str]] = {}
        self.points: set[int] = set()
        self.open: list[list[int] | None] = []
        self.notes = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "note" in (attrs.get("class") or "").split():
            self.notes += 1
        if tag != "mark":
            return
        ids = [int(x) for x in attrs["data-f"].split()]
        if "point" in attrs.get("class", "").split():
            self.points.update(ids)
        self.open.append(ids)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for ids in self.open:
            for i in ids:
                self.text.setdefault(i, []).append(data)


def expected_spans(findings) -> list[str]:
    out = []
    for d in findings:
        lines = Path(d["path"]).read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        parts = []
        for number in range(d["line"], d["end_line"] + 1):
            text = lines[number - 1]
            start = d["column"] - 1 if number == d["line"] else 0
            end = d["end_column"] - 1 if number == d["end_line"] else len(text)
            parts.append(text[start:end])
        out.append("".join(parts))
    return out


def test_chromium_renders_every_finding_highlighted(tmp_path, capsys):
    report = tmp_path / "report.html"
    assert main([str(SEEDS), "--format", "html", "-o", str(report), "--no-cache"]) == 1
    assert main([str(SEEDS), "--format", "json", "--no-cache"]) == 1
    findings = json.loads(capsys.readouterr().out)
    proc = chromium(tmp_path / "profile", "--dump-dom", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "<mark" in dom and "sumlint 公文检查报告" in dom
    marks = Marks()
    marks.feed(dom)
    assert marks.notes == len(findings) > 100
    for number, (d, expected) in enumerate(zip(findings, expected_spans(findings)), 1):
        if expected:
            assert "".join(marks.text.get(number, [])) == expected, (number, d)
        else:
            assert number in marks.points, (number, d)


def test_chromium_screenshot_has_the_highlight_colour(tmp_path):
    """A pixel check: the rendered page really paints the error highlight (#ffd7d5)."""
    doc = tmp_path / "a.txt"
    doc.write_text("标题\n" + "在XX日报发稿。" * 3 + "\n", encoding="utf-8")
    report = tmp_path / "report.html"
    assert main([str(doc), "--format", "html", "-o", str(report), "--no-cache"]) == 1
    shot = tmp_path / "shot.png"
    proc = chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,700",
                    "--hide-scrollbars", report.as_uri())
    assert shot.is_file(), proc.stderr[-2000:]
    assert _png_has_colour(shot.read_bytes(), (0xFF, 0xD7, 0xD5))


def _png_has_colour(data: bytes, rgb: tuple[int, int, int]) -> bool:
    """Decode an 8-bit RGB(A) PNG (what Chromium writes) and look for one exact colour."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour_type = header[:4]
    assert depth == 8 and colour_type in (2, 6)
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    previous = bytearray(stride)
    i = 0
    target = bytes(rgb)
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        if any(line[x:x + 3] == target for x in range(0, stride, bpp)):
            return True
        previous = line
    return False

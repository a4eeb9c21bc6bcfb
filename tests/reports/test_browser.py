"""The HTML report in a real browser (headless Chromium), at phone and desktop width.

Headless Chromium keeps its window at least 500 px wide, so the page is shown in an iframe of the
device's width inside a harness page. For each width the test (1) takes a screenshot into its tmp
dir, for a person to look at, and (2) loads a copy of the page with a small measuring script
appended, which posts its findings to the harness, whose DOM Chromium's --dump-dom hands back: the page must not scroll sideways (wide tables scroll inside their own box),
no chart label may stick out of its drawing, and Chinese text must render as glyphs, not as the
missing-glyph box: each sampled character is drawn on a canvas with the page's own font and
compared pixel by pixel with an unassigned code point (always drawn as the box).

Chromium and the CJK fonts are system packages (`apt-get install chromium fonts-noto-cjk`, as .ci/run
does); without Chromium the test skips with the reason, except under CI=true where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from reports.aggregates import Period
from reports.render import render
from reports.report import build_report
from storage.db import make_engine, session_scope

from .conftest import build_small_db

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}

MEASURE = r"""
<script>
(function () {
  const out = {};
  const root = document.documentElement;
  out.viewport = window.innerWidth;
  out.scrollWidth = root.scrollWidth;
  out.overflowing = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.scroll'))
    .slice(0, 5).map(el => el.tagName + ':' + (el.textContent || '').slice(0, 40));
  out.clipped = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll('text')) {
      const b = text.getBBox();
      if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5 ||
          b.y + b.height > box.y + box.height + 0.5) {
        out.clipped.push(text.textContent);
      }
    }
  }
  const font = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  function pixels(ch) {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = '40px ' + font;
    ctx.fillStyle = '#000';
    ctx.fillText(ch, 4, 48);
    return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
  }
  const tofu = pixels('\u0378');
  const text = document.body.innerText;
  const cjk = [...new Set(text.match(/[\u4e00-\u9fff]/g) || [])];
  out.sampled = cjk.length;
  out.missing = cjk.filter(ch => pixels(ch) === tofu);
  out.font = font;
  root.setAttribute('data-measure', JSON.stringify(out));
  if (window.parent !== window) window.parent.postMessage(JSON.stringify(out), '*');
})();
</script>
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        reason = "Chromium not installed (apt-get install -y chromium fonts-noto-cjk)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " and CI=true: the browser check must run in CI")
        pytest.skip(reason)
    return found


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    db = build_small_db(f"sqlite:///{folder / 'small.db'}")
    with session_scope(make_engine(db.url)) as session:
        report = build_report(Period("2025-01", "2025-03"), session=session)
    path = folder / "report.html"
    path.write_bytes(render(report, "html"))
    return path


def harness(folder: Path, name: str, inner: Path, width: int, height: int) -> Path:
    """A page showing `inner` in an iframe of exactly width × height, collecting what it posts."""
    path = folder / name
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body style='margin:0'>"
        f"<iframe src='{inner.name}' width='{width}' height='{height}' style='border:0;display:block'></iframe>"
        "<script>window.addEventListener('message', e => "
        "document.documentElement.setAttribute('data-measure', e.data));</script></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("device", sorted(WIDTHS))
def test_report_fits_the_screen_and_its_chinese_renders(page: Path, tmp_path: Path, device: str) -> None:
    width, height = WIDTHS[device]
    shown = tmp_path / "report.html"
    shutil.copy(page, shown)
    shot = tmp_path / f"report-{device}.png"
    tall = 2400
    view = harness(tmp_path, "view.html", shown, width, tall)
    done = _chromium(
        [f"--window-size={max(width, 500)},{tall}", f"--screenshot={shot}", view.as_uri()], tmp_path / "p1"
    )
    assert done.returncode == 0 and shot.stat().st_size > 10_000, done.stderr[-2000:]

    measured_page = tmp_path / "measured.html"
    measured_page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), "utf-8"
    )
    probe = harness(tmp_path, "probe.html", measured_page, width, height)
    done = _chromium(
        [
            f"--window-size={max(width, 500)},{height}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            probe.as_uri(),
        ],
        tmp_path / "p2",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    raw = lxml_html.fromstring(done.stdout).get("data-measure")
    assert raw, "the measuring script did not run"
    measured = json.loads(raw)
    assert measured["viewport"] == width, measured
    assert measured["scrollWidth"] <= width, f"the page scrolls sideways at {device} width: {measured}"
    assert measured["overflowing"] == [], measured
    assert measured["clipped"] == [], f"chart labels outside their drawing: {measured['clipped']}"
    assert measured["sampled"] > 50, measured
    assert measured["missing"] == [], f"characters drawn as the missing-glyph box: {measured['missing'][:20]}"


def test_the_check_sees_missing_glyphs(tmp_path: Path) -> None:
    """Control: a page whose only font cannot draw Chinese is caught by the same pixel comparison."""
    control = tmp_path / "control.html"
    control.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{font-family:'NoSuchFont'}</style>"
        "</head><body><p>医疗大模型中标项目报告</p><p>\U000f0000\U000f0001\U000f0002</p>"
        + MEASURE.replace("/[\\u4e00-\\u9fff]/g", "/[\\u{f0000}-\\u{f0002}]/gu")
        + "</body></html>",
        encoding="utf-8",
    )
    done = _chromium(
        ["--window-size=800,600", "--virtual-time-budget=2000", "--dump-dom", control.as_uri()],
        tmp_path / "p",
    )
    measured = json.loads(lxml_html.fromstring(done.stdout).get("data-measure"))
    assert measured["sampled"] == 3
    assert len(measured["missing"]) == 3, measured

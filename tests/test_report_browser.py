"""The HTML report in a real browser: headless Chromium renders it, offline.

Skipped when Chromium is not installed -- except under ``CI``, where a missing
browser fails the run (``.ci/run`` installs it).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import cxmodel as cx
from cxmodel.outputs import write_report

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required under CI (.ci/run installs it) but is missing")
        pytest.skip("Chromium is not installed")
    return found


def _run(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [_chromium(), *_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(cx.example_portfolio(), tmp_path_factory.mktemp("page") / "q3.html")


def test_chromium_renders_every_chart_and_name(tmp_path: Path, page: Path) -> None:
    dom = _run(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert dom.count("<svg") == 4
    text = html.unescape(dom)
    for name in cx.example_portfolio().names:
        assert name in text
    venn = dom[dom.index("<svg") : dom.index("</svg>")]
    assert len(re.findall(r"<title>", venn)) == len(cx.example_portfolio())
    # the table-sorting script ran: every heading of the initiative table became a button
    table = dom[dom.index('id="initiative-table"') :]
    head = table[: table.index("</thead>")]
    assert head.count("<button") == len(re.findall(r"<th[\s>]", head)) > 5


def test_chromium_screenshot_is_not_blank(tmp_path: Path, page: Path) -> None:
    import matplotlib.image

    shot = tmp_path / "q3.png"
    _run(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (2000, 1280)
    grey = pixels[..., :3].mean(axis=2)
    assert float(grey.std()) > 0.05  # text and charts, not one flat colour
    assert float((grey < 0.5).mean()) > 0.01  # some dark ink on the page
    colourful = np.ptp(pixels[..., :3], axis=2) > 0.3  # the region colours of the charts
    assert float(colourful.mean()) > 0.001

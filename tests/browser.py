"""Drive Debian's headless Chromium with Playwright (never a downloaded browser) to open view pages.

Used by the browser tests and ``benchmarks/bench_views.py``. :func:`open_page` blocks every
request that is not ``file:``, ``data:`` or ``about:`` and records it, records console
errors, page errors and dialogs, and waits until the view says it is drawn and settled.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

__all__ = ["CHROMIUM_ARGS", "chromium_executable", "launch", "PageReport", "open_page", "ARTIFACTS"]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_executable() -> str | None:
    """Debian's chromium (``$CHROMIUM`` overrides), or None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def launch() -> Iterator[object]:
    """A Playwright Chromium browser on the system executable."""
    from playwright.sync_api import sync_playwright

    exe = chromium_executable()
    if not exe:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageReport:
    """What happened while a page loaded."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    ready_ms: float | None = None  # performance.now() when drawn and settled
    drawn_nodes: int | None = None
    drawn_edges: int | None = None
    dataset_nodes: int | None = None
    dataset_edges: int | None = None


def open_page(browser, path: Path, *, timeout_ms: float = 20000, screenshot: Path | None = None,
              viewport: tuple[int, int] = (1280, 800)):
    """Open ``path``, wait for ``window.kgView.ready``; returns ``(page, context, report)`` (caller closes context)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    report = PageReport()

    def route(r) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()
        else:
            report.blocked_requests.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: report.page_errors.append(str(exc)))

    def on_dialog(dialog) -> None:
        report.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(Path(path).resolve().as_uri(), wait_until="load")
    if page.evaluate("() => !!window.kgView"):
        page.wait_for_function("() => window.kgView && window.kgView.ready === true", timeout=timeout_ms)
        counts = page.evaluate("""() => ({
            ready: window.kgView.readyAt,
            drawnNodes: window.kgView.network.body.nodeIndices.length,
            drawnEdges: window.kgView.network.body.edgeIndices.length,
            nodes: window.kgView.nodes.length, edges: window.kgView.edges.length})""")
        report.ready_ms = counts["ready"]
        report.drawn_nodes, report.drawn_edges = counts["drawnNodes"], counts["drawnEdges"]
        report.dataset_nodes, report.dataset_edges = counts["nodes"], counts["edges"]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
    return page, context, report

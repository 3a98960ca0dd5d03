"""Run in a fresh process: start one thing headless, report when its first screen is up.

``python benchmarks/child_start.py MODE PATH`` where MODE is

- ``app``: compact-tui as ``compact-tui --store PATH`` starts it (content loaded, store opened,
  background saver on), until the Dashboard has been mounted and painted;
- ``bare``: the baseline, a bare Textual app that loads PATH with the standard ``json`` module
  and shows a DataTable of its meetings, until that screen has been painted;
- ``json``: only ``json.load`` of PATH.

Prints one JSON line: ``ready`` (wall-clock ``time.time()`` when ready, so the parent can
subtract the moment it started the process), ``screen`` (what was shown, so the parent can
refuse a run that measured nothing) and ``peak_rss_kb`` (``getrusage`` of this process).
Everything is imported after the process starts on purpose: imports are part of starting up.
"""

from __future__ import annotations

import sys


def _report(ready: float, screen: str, detail: str = "") -> None:
    import json
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("BENCH " + json.dumps({"ready": ready, "screen": screen, "detail": detail,
                                 "peak_rss_kb": peak}), flush=True)


def _until_painted(describe):  # type: ignore[no-untyped-def]
    """An auto-pilot: wait for the screen's next refresh, note the time and what shows, exit."""

    async def auto_pilot(pilot) -> None:  # type: ignore[no-untyped-def]
        import asyncio
        import time

        painted = asyncio.Event()
        pilot.app.screen.call_after_refresh(painted.set)
        await painted.wait()
        ready = time.time()
        pilot.app.exit((ready, *describe(pilot.app)))

    return auto_pilot


def run_app(path: str) -> None:
    from compact_tui.config import Settings
    from compact_tui.content import load_content
    from compact_tui.store import open_store
    from compact_tui.ui.app import CompactApp

    content = load_content(None)
    store = open_store(path, member="Jo Morgan")
    app = CompactApp(store, content, Settings(member="Jo Morgan"), persist_settings=False)

    def describe(app: CompactApp) -> tuple[str, str]:
        from textual.widgets import Static

        try:  # the actions panel says "N open, M overdue" once the data is in
            detail = str(app.screen.query_one("#dash-actions", Static).content)
        except Exception:  # another dashboard layout still counts if the screen is right
            detail = ""
        return type(app.screen).__name__, detail

    result = app.run(headless=True, size=(100, 30), auto_pilot=_until_painted(describe))
    store.close()
    ready, screen, detail = result or (0.0, "", "")
    _report(ready, screen, detail)


def run_bare(path: str) -> None:
    import json

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    meetings = sorted(data.get("meetings", {}).values(), key=lambda m: m.get("date", ""),
                      reverse=True)

    class BareApp(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Date", "Meeting", "Status")
            for meeting in meetings[:50]:
                table.add_row(meeting.get("date", ""), meeting.get("title", ""),
                              meeting.get("status", ""))

    def describe(app: App) -> tuple[str, str]:
        return "BareDataTableApp", f"{app.screen.query_one(DataTable).row_count} rows"

    result = BareApp().run(headless=True, size=(100, 30), auto_pilot=_until_painted(describe))
    ready, screen, detail = result or (0.0, "", "")
    _report(ready, screen, detail)


def run_json(path: str) -> None:
    import json
    import time

    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    _report(time.time(), "json.load", f"{len(data)} tables")


def main(argv: list[str]) -> int:
    mode, path = argv[1], argv[2]
    {"app": run_app, "bare": run_bare, "json": run_json}[mode](path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

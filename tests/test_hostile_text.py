"""Text from data is only ever text: hostile strings in every field, presence file and notice
are shown literally and never reach the terminal as markup, links or escape sequences."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from compact_tui.cli import main
from compact_tui.domain.forms import SELF_ASSESSMENT
from compact_tui.store import open_store
from compact_tui.ui.widgets.chrome import StatusLine
from compact_tui.visible_text import is_visible, visible

from .forms_edits import write_notes
from .hostile import (
    HOSTILE,
    HOSTILE_MEMBER,
    MARK,
    assert_shown_safely,
    poison_store,
    screen_text,
)

SIZE = (120, 36)

# (keys pressed from where the previous step left off, what the step shows)
TOUR: list[tuple[tuple[str, ...], str]] = [
    ((), "dashboard"),
    (("2",), "meetings"),
    (("h",), "meeting history"),
    (("escape", "enter"), "agenda editor"),
    (("h",), "agenda item history"),
    (("escape", "d"), "meeting details form"),
    (("escape", "enter"), "agenda item form"),
    (("escape", "c"), "chair mode"),
    (("f5",), "chair attendance"),
    (("escape", "escape", "3"), "actions"),
    (("enter",), "action detail"),
    (("escape", "s"), "action status form"),
    (("escape", "h"), "action history"),
    (("escape", "4"), "register"),
    (("enter",), "organisation detail"),
    (("h",), "organisation history"),
    (("escape", "e"), "organisation form"),
    (("escape", "escape", "5"), "disputes"),
    (("enter",), "dispute detail"),
    (("escape", "l"), "dispute lessons"),
    (("escape", "r"), "dispute log"),
    (("escape", "o"), "closed disputes"),
    (("6",), "assessments"),
    (("enter",), "assessment form"),
    (("escape", "r"), "assessment review"),
    (("escape", "g"), "assessment progress"),
    (("escape", "o"), "assessment overview"),
    (("escape", "7"), "conflicts"),
    (("enter",), "settle a conflict"),
    (("escape", "ctrl+p"), "palette"),
    (("M", "a"), "palette search"),
    (("escape", "question_mark"), "help"),
]


def test_visible_replaces_control_and_bidi_characters() -> None:
    shown = visible(HOSTILE)
    assert is_visible(shown)
    assert "␛]0;pwned␇␛[2J" in shown and "⟨U+202E⟩evil⟨U+202C⟩" in shown
    assert "[/]Mallory [b]bold?[/b]" in shown
    assert visible("Ysgol Gymraeg\tLlanelli\n中文学校") == "Ysgol Gymraeg\tLlanelli\n中文学校"
    assert visible(None) == "" and visible(42) == "42"


async def test_every_screen_shows_hostile_text_literally(make_app, demo_path: Path) -> None:
    poison_store(demo_path)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        shown_mark = set()
        for keys, where in TOUR:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running, f"the app stopped at {where}"
            assert_shown_safely(app, where)
            if MARK in screen_text(app):
                shown_mark.add(where)
        for where in ("dashboard", "meetings", "agenda editor", "chair mode", "actions",
                      "action detail", "register", "organisation detail", "disputes",
                      "dispute detail", "conflicts", "meeting history", "palette search"):
            assert where in shown_mark, f"{where} did not show the hostile text literally"


async def test_hostile_member_name_in_presence_and_notices(make_app, demo_path: Path) -> None:
    """Mallory opens the file and edits: Jo's app shows her name literally and stays up."""
    app = make_app(demo_path, background=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        mallory = open_store(demo_path, member=HOSTILE_MEMBER, device="mallory-laptop")
        mallory.presence.beat(HOSTILE_MEMBER, HOSTILE)
        org = mallory.all("organisations")[0]
        mallory.update("organisations", org["id"], {"name": HOSTILE})
        assert mallory.save()
        notices, status = "", ""
        for _ in range(400):  # the watcher polls each second, presence every five
            await pilot.pause(0.05)
            notices += " ".join(str(toast.render()) for toast in app.screen.query(Toast))
            status = str(app.screen.query_one(StatusLine).render())
            if "Mallory" in notices and "Mallory" in status:
                break
            if "Mallory" in notices:
                assert_shown_safely(app, "notice")
        assert app.is_running
        assert "also open: [/]Mallory ␛]0;pwned␇⟨U+202E⟩ ([/]Mallory [b]bold?[/b]" in status
        assert "[/]Mallory ␛]0;pwned␇⟨U+202E⟩ updated 1 organisation" in notices
        assert_shown_safely(app, "status line and notice")
        await pilot.press("4")
        await pilot.pause()
        assert MARK in screen_text(app)
        assert_shown_safely(app, "register after Mallory's edit")
        mallory.close()


@pytest.mark.parametrize("title", ["Age UK [Brentwood]", "[/]", "[b]"])
async def test_brackets_in_names_are_kept(make_app, demo_path: Path, title: str) -> None:
    with open_store(demo_path, member="Jo Morgan") as store:
        org = store.all("organisations")[0]
        store.update("organisations", org["id"], {"name": title})
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert title in screen_text(app)


UNSAFE_OUTPUT = ("\x1b", "\x07", "\x9b", "\u202e")


def test_every_cli_command_prints_hostile_text_as_text(demo_path: Path, tmp_path: Path,
                                                       capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # forms export without -o writes here
    form = tmp_path / "returned.md"
    assert main(["--store", str(demo_path), "forms", "export", "Active Brentwood", "--year",
                 "2027", "--kind", SELF_ASSESSMENT, "-o", str(form)]) == 0
    form.write_text(write_notes(form.read_text(), "1.1", HOSTILE))
    csv_file = tmp_path / "register.csv"
    csv_file.write_text("Organisation name,Sector,Date signed,Signed by\n"
                        f'"{HOSTILE}",Charity,2026-03-01,"{HOSTILE}"\n'
                        f'"{HOSTILE} 2",{HOSTILE},31/02/2026,x\n')
    poison_store(demo_path)
    capsys.readouterr()
    with open_store(demo_path, member="test", read_only=True) as store:
        dispute = store.all("disputes")[0]["id"]
        organisation = store.all("organisations")[0]["id"]
    store_args = ["--store", str(demo_path)]
    runs = [
        ["export", "minutes", "--latest"], ["export", "agenda", "--next"],
        ["export", "ics", "--next"], ["export", "actions"],
        ["export", "actions", "--format", "html"],
        ["register", "export"], ["register", "public-list"],
        ["register", "import", str(csv_file), "--dry-run"],
        ["register", "import", str(csv_file)],
        ["disputes", "list", "--all", "--include-confidential"],
        ["disputes", "timeline", dispute, "--include-confidential"],
        ["disputes", "report", "--include-confidential"],
        ["disputes", "lessons", "--include-confidential"],
        ["assessments", "export", organisation, "--year", "2026"],
        ["assessments", "overview", "--year", "2026"],
        ["forms", "export", organisation, "--year", "2027"],
        ["forms", "import", str(form), "--dry-run"],
        ["forms", "import", str(form)],
        ["disputes", "timeline", HOSTILE],
    ]
    printed_mark = 0
    for run in runs:
        main(["--member", HOSTILE_MEMBER, *run, *store_args])
        captured = capsys.readouterr()
        for stream in (captured.out, captured.err):
            assert not [c for c in UNSAFE_OUTPUT if c in stream], f"{run}: {stream[:400]!r}"
        printed_mark += MARK in captured.out + captured.err
    assert printed_mark >= len(runs) // 2
    assert main(["check", str(demo_path)]) in (0, 1)
    assert not [c for c in UNSAFE_OUTPUT if c in "".join(capsys.readouterr())]

"""Asked on the first run of an installed app, before any store opens: where is the group's
file? The sync folders found on this machine are offered (and any store files in them), or a
demo store, clearly named as one, to try the app without touching the group's data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...locations import default_store_path, store_files_in, sync_folders
from ..keys import bind
from ..widgets.plain import PlainInput, plain, plain_cell

DEMO_OPTION = "demo"


@dataclass(frozen=True)
class StoreChoice:
    """The member's answer: a group's file (``new`` when there is none there yet) or the
    demo store."""

    path: Path
    demo: bool = False
    new: bool = False


class FirstRunScreen(Screen[StoreChoice | None]):
    CSS_PATH = "first_run.tcss"
    BINDINGS = [bind("back", "cancel", "Quit")]

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.home = home
        self._offer_new: Path | None = None
        self._choices: dict[str, tuple[Path, bool]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run-box"):
            yield Static("[b]Where is your group's file?[/b]\n"
                         "compact-tui keeps everything in one file that your group shares "
                         "through a synced folder (OneDrive, Dropbox, Nextcloud, "
                         "Syncthing...). Choose it below or type its path; to look around "
                         "first, choose the demo store.")
            yield Label("Path to the group's file")
            yield PlainInput(placeholder="e.g. ~/OneDrive/Brentwood Compact/compact.json",
                             id="first-run-path")
            yield Static("", id="first-run-message")
            yield OptionList(*self._options(), id="first-run-options")
        yield Footer()

    def _options(self) -> list[Option]:
        options: list[Option] = []
        folders = sync_folders(self.home)
        for service, folder in folders:
            for found in store_files_in(folder):
                key = f"file-{len(self._choices)}"
                self._choices[key] = (found, True)
                options.append(Option(plain_cell(f"{found.relative_to(folder)} in your "
                                                 f"{service} folder ({found})"), id=key))
        for service, folder in folders:
            key = f"folder-{len(self._choices)}"
            self._choices[key] = (folder, False)
            options.append(Option(plain_cell(f"Your {service} folder ({folder}): type the "
                                             "rest of the path"), id=key))
        options.append(Option(plain_cell(
            f"DEMO store: made-up data to try the app, not your group's file "
            f"({default_store_path()})"), id=DEMO_OPTION))
        return options

    def on_mount(self) -> None:
        self.query_one("#first-run-options", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if key == DEMO_OPTION:
            self.dismiss(StoreChoice(default_store_path(), demo=True))
            return
        path, is_file = self._choices[key]
        if is_file:
            self.dismiss(StoreChoice(path))
            return
        field = self.query_one("#first-run-path", Input)
        field.value = f"{path}/"
        field.cursor_position = len(field.value)
        field.focus()
        self._say("Type the rest of the path to the group's file in that folder, then Enter.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            self._say("Type the path to the group's file, or choose a line below.")
            return
        path = Path(typed).expanduser()
        if path.is_dir():
            path = path / "compact.json"
        if path.is_file():
            self.dismiss(StoreChoice(path))
        elif not path.parent.is_dir():
            self._say(f"There is no folder {path.parent}. Check the path, or that the sync "
                      "service has finished setting up.")
        elif self._offer_new == path:
            self.dismiss(StoreChoice(path, new=True))
        else:
            self._offer_new = path
            self._say(f"There is no store at {path} yet. If your group has a file, check the "
                      "path; press Enter again to start a new, empty store there.")

    def _say(self, message: str) -> None:
        self.query_one("#first-run-message", Static).update(plain(message))

    def action_cancel(self) -> None:
        self.dismiss(None)


class FirstRunApp(App[StoreChoice | None]):
    """Runs the question on its own: no store is open yet to build the main app on."""

    TITLE = "compact-tui"

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.home = home

    def on_mount(self) -> None:
        self.push_screen(FirstRunScreen(self.home), callback=self.exit)

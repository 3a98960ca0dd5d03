"""``python -m benchmarks.two_typists [--minutes 10]``: two members type into one item over a
real Syncthing pair, and the shared folder is measured.

Each typist is its own process with its own home (device id, journal), typing into the same
agenda item's minutes of the 10-year store in its own Syncthing folder, through the store's
public API with the background saver running, as chair mode does: every key is handed to the
store at once at the typist's own cursor (``edit_text`` merges it into whatever the other
typist's words have become, and the cursor moves as the shared text area moves it) and the
store decides when to write the shared file. Typing is about four keys a second in bursts,
with pauses, like a person. Each typist types numbered words (``a0001 a0002 …``), so every
character can be looked for at the end.

Reported (and written into ``docs/performance.md`` with ``--docs``): conflict copies Syncthing
made (every ``.sync-conflict-`` name seen in either folder, or absorbed by either app), what is
left in each folder, the archive and backup folders' sizes, and characters lost. The Syncthing
pair is the one ``tests/test_sync_syncthing.py`` sets up (loopback only, a 1 s watcher delay:
changes travel faster than with Syncthing's default 10 s, so fewer clashes than a real pair).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from .generate import OUT_DIR, cached_store, spec_for_years

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Two members typing into one item"
CONFLICT_MARK = ".sync-conflict-"


def type_into(path: Path, member: str, device: str, item_id: str, prefix: str,
              seconds: float, go: Path, ready: Path, seed: int) -> None:
    """One typist: open the store, wait for the go, type numbered words, close; print a log."""
    from compact_tui.store import open_store
    from compact_tui.store.text_merge import moved_index

    rng = random.Random(seed)
    copies_absorbed: list[str] = []
    store = open_store(path, member=member, device=device)
    store.subscribe(lambda event: copies_absorbed.append(event.message)
                    if event.kind == "absorbed" else None)
    store.start_background()
    ready.write_text("ready")
    while not go.exists():
        time.sleep(0.05)
    words: list[str] = []
    base = store.get("agenda_items", item_id).get("minutes") or ""
    cursor = len(base)
    end = time.monotonic() + seconds
    number = 0
    while time.monotonic() < end:
        number += 1
        word = f"{prefix}{number:04d} "
        for char in word:
            typed = base[:cursor] + char + base[cursor:]
            merged = store.edit_text("agenda_items", item_id, "minutes", base, typed).text
            cursor, base = moved_index(cursor + 1, typed, merged), merged
            time.sleep(rng.uniform(0.15, 0.35))
        words.append(word.strip())
        if number % 12 == 0:
            time.sleep(rng.uniform(1.0, 4.0))  # a pause to listen
    store.close()
    print(json.dumps({"words": words, "absorbed": copies_absorbed}))


def _in_order(typed: str, text: str) -> bool:
    """Is every character typed in ``text``, in the order typed (others' between them)?"""
    remaining = iter(text)
    return all(char in remaining for char in typed)


def _visible(text: str) -> int:
    return sum(not char.isspace() for char in text)


def _blanks(text: str) -> int:
    return sum(char.isspace() for char in text)


def _folder_bytes(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def run(minutes: float, out_dir: Path,
        source: tuple[Path, str] | None = None) -> dict[str, object]:
    """Set up the pair, run both typists, settle, and measure. ``source``: a store and the
    agenda item to type into (the test's small store); by default the 10-year store."""
    sys.path.insert(0, str(ROOT))
    from compact_tui.store import open_store
    from tests.test_sync_syncthing import Instance, wait_until

    if source is None:
        generated = cached_store(spec_for_years(10), out_dir)
        source = (generated.path, generated.item_ids[0])
    store_path, item_id = source
    work = out_dir / f"two-typists-{os.getpid()}"
    work.mkdir(parents=True)
    one, two = Instance(work, "one"), Instance(work, "two")
    one.configure(two)
    two.configure(one)
    path_one, path_two = one.folder / "compact.json", two.folder / "compact.json"
    path_one.write_bytes(store_path.read_bytes())
    with open_store(store_path, member="Reader", read_only=True) as original:
        start_text = original.get("agenda_items", item_id).get("minutes") or ""
    seen: set[str] = set()
    processes: list[subprocess.Popen[str]] = []
    deadline = time.monotonic() + 120
    try:
        one.start()
        one.wait_for_api(deadline)
        two.start()
        two.wait_for_api(deadline)
        wait_until(lambda: path_two.exists() and path_two.read_bytes() == path_one.read_bytes(),
                   deadline, "the store reached the second folder")
        go = work / "go"
        flags = []
        for index, (member, device, path, prefix) in enumerate((
                ("Priya Shah", "typist-priya", path_one, "a"),
                ("Jo Morgan", "typist-jo", path_two, "b"))):
            flag = work / f"ready-{index}"
            flags.append(flag)
            env = {**os.environ, "COMPACT_TUI_HOME": str(work / f"home-{device}"),
                   "PYTHONPATH": str(ROOT)}
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "benchmarks.two_typists", "--typist", str(path), member,
                 device, item_id, prefix, str(minutes * 60), str(go), str(flag), str(index)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT))
        wait_until(lambda: all(f.exists() for f in flags), deadline, "both typists ready")
        began = time.monotonic()
        go.write_text("go")
        while any(p.poll() is None for p in processes):
            for folder in (one.folder, two.folder):
                seen.update(p.name for p in folder.iterdir() if CONFLICT_MARK in p.name)
            time.sleep(0.2)
        typed_for = time.monotonic() - began
        logs = []
        for process in processes:
            out, err = process.communicate()
            if process.returncode != 0:
                raise RuntimeError(f"a typist failed: {err[-2000:]}")
            logs.append(json.loads(out.strip().splitlines()[-1]))
        for log in logs:
            seen.update(message.split(" ")[2] for message in log["absorbed"]
                        if CONFLICT_MARK in message)
        settle = time.monotonic() + 180

        def settled() -> bool:
            return (one.in_sync_with(two) and two.in_sync_with(one)
                    and path_one.read_bytes() == path_two.read_bytes())

        wait_until(settled, settle, "both folders idle and in sync")
        left = sorted({p.name for f in (one.folder, two.folder) for p in f.iterdir()
                       if CONFLICT_MARK in p.name})
        # Opening the app merges whatever copy is left, as a member would the next day.
        with open_store(path_one, member="Checker", device="checker",
                        journal_folder=work / "checker-journal") as store:
            text = store.get("agenda_items", item_id).get("minutes") or ""
        wait_until(settled, time.monotonic() + 120, "both folders in sync after the next open")
        left_after_open = sorted({p.name for f in (one.folder, two.folder) for p in f.iterdir()
                                  if CONFLICT_MARK in p.name})
        present = set(text.split())
        typed = [word for log in logs for word in log["words"]]
        in_order = all(_in_order(" ".join(log["words"]), text) for log in logs)
        typed_characters = sum(len(w) + 1 for w in typed)
        typed_visible = sum(len(w) for w in typed)
        spaces_added = (_blanks(text) - _blanks(start_text)) - len(typed)
        (work / "final-minutes.txt").write_text(text, encoding="utf-8")
        return {
            "minutes": round(typed_for / 60, 1),
            "characters typed": typed_characters,
            # Text merges never duplicate a character, so what is missing from the count is
            # lost; a word split by the other's words still has every character. Merges add
            # separators (spaces) where two runs met, so letters and spaces are counted apart.
            "characters lost": typed_visible - (_visible(text) - _visible(start_text))
            + max(0, -spaces_added),
            "separators added where runs met": max(0, spaces_added),
            "words split by the other's typing": sum(w not in present for w in typed),
            "copies made": len(seen),
            "copies left after both apps closed": len(left),
            "copies left once an app opened again": len(left_after_open),
            "every character of each typist there, in typed order": in_order,
            "archive MB (folder one, two)": [round(_folder_bytes(f / "compact-archive") / 1e6, 1)
                                             for f in (one.folder, two.folder)],
            "backups MB (folder one, two)": [round(_folder_bytes(f / "compact-backups") / 1e6, 1)
                                             for f in (one.folder, two.folder)],
            "backup files (folder one)": len(list((one.folder / "compact-backups").glob(
                "*.json*"))),
            "store MB": round(path_one.stat().st_size / 1e6, 1),
        }
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        one.stop()
        two.stop()


def write_section(docs: Path, results: dict[str, object], note: str) -> None:
    """Replace (or add) this benchmark's section at the end of ``docs``."""
    text = docs.read_text(encoding="utf-8") if docs.exists() else "# Performance\n"
    head = text.split("\n" + SECTION)[0].rstrip("\n")
    rows = "\n".join(f"| {key} | {value} |" for key, value in results.items())
    section = (f"\n\n{SECTION}\n\n`python -m benchmarks.two_typists --minutes "
               f"{results['minutes']}` on {time.strftime('%Y-%m-%d')} (issue 12): two typists "
               "over a real Syncthing pair on the 10-year store, each in its own process and "
               f"folder.{' ' + note if note else ''}\n\n| Measure | Value |\n|---|---|\n{rows}\n")
    docs.write_text(head + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--typist":
        path, member, device, item_id, prefix, seconds, go, ready, seed = argv[1:]
        type_into(Path(path), member, device, item_id, prefix, float(seconds), Path(go),
                  Path(ready), int(seed))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.two_typists",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--docs", type=Path, metavar="FILE",
                        help="write the results as a section of FILE (docs/performance.md)")
    parser.add_argument("--note", default="", help="a sentence to add (e.g. a busy machine)")
    args = parser.parse_args(argv)
    results = run(args.minutes, args.out)
    for key, value in results.items():
        print(f"{key}: {value}")
    if args.docs:
        write_section(args.docs, results, args.note)
    return 0


if __name__ == "__main__":
    sys.exit(main())

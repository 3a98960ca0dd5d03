"""Property test (issue 17, point 2): wrong types, nulls, huge and deeply nested values in
every field of every table — written into the file by hand, as another program would — and
then every screen, every export and the CLI's read commands: no traceback, no lost record.

Each example damages every field of every table at once (each on a record Hypothesis picks),
so a handful of examples covers the whole schema; the number is bounded to keep the suite
quick, and ``derandomize`` keeps it the same run to run (pass ``--hypothesis-seed`` to look
elsewhere).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from compact_tui import locations
from compact_tui.cli import main
from compact_tui.domain.schemas import TABLE_SCHEMAS, field_types
from compact_tui.store import open_store

from .damage import damage, first_id
from .test_hostile_text import TOUR

SIZE = (120, 36)


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for level in range(depth):
        value = [value] if level % 2 else {"in": value}
    return value


INTEGERS = st.integers(min_value=-(2**63), max_value=2**63 - 1)  # JSON's, as orjson writes
BAD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    INTEGERS,
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["", "not a date", "2026-02-31", "25:99", "0000-01-01", "-5", "9" * 400]),
    st.just("huge " * 4000),
    st.lists(st.one_of(INTEGERS, st.text(max_size=4), st.none()), max_size=4),
    st.dictionaries(st.text(max_size=4), st.one_of(INTEGERS, st.none()), max_size=3),
    st.integers(min_value=1, max_value=120).map(_nested),
    st.just(list(range(2000))),
)


def _fields(table: str, doc: dict[str, Any]) -> list[str]:
    """The schema's fields, and the id-named fields (``answer.1.2``) the record holds."""
    schema = TABLE_SCHEMAS[table]
    named = [name for name in doc if any(name.startswith(p) for p, _ in schema.patterns)]
    return [*field_types(schema.record), *named[:3]]


@st.composite
def damage_plans(draw: st.DrawFn, data: dict[str, dict[str, Any]]
                 ) -> list[tuple[str, str, dict[str, Any]]]:
    """For every table of the app: each field gets a bad value on a record drawn for it."""
    plan: dict[tuple[str, str], dict[str, Any]] = {}
    for table in TABLE_SCHEMAS:
        records = sorted(record_id for record_id, doc in data.get(table, {}).items()
                         if not doc.get("_deleted"))
        if not records:
            continue
        for name in _fields(table, data[table][records[0]]):
            record_id = draw(st.sampled_from(records))
            plan.setdefault((table, record_id), {})[name] = draw(BAD_VALUES)
    return [(table, record_id, fields) for (table, record_id), fields in plan.items()]


def _records(path: Path) -> dict[str, set[str]]:
    return {table: set(records) for table, records in orjson.loads(path.read_bytes()).items()}


def _read_commands(path: Path, data: dict[str, dict[str, Any]], out: Path) -> list[list[str]]:
    organisation = min(str(doc.get("id", key)) for key, doc in data["organisations"].items())
    dispute = min(str(doc.get("id", key)) for key, doc in data["disputes"].items())
    commands = [
        ["export", "minutes", "--latest"], ["export", "minutes", "--next"],
        ["export", "minutes", "--latest", "--format", "html"],
        ["export", "minutes", "--latest", "--format", "docx", "-o", str(out / "m.docx")],
        ["export", "agenda", "--next"], ["export", "agenda", "--next", "--format", "docx",
                                         "-o", str(out / "a.docx")],
        ["export", "ics", "--next"], ["export", "ics", "--latest"],
        ["export", "actions"], ["export", "actions", "--format", "html"],
        ["export", "actions", "--format", "docx", "-o", str(out / "actions.docx")],
        ["register", "export"], ["register", "public-list"],
        ["disputes", "list", "--all", "--include-confidential"],
        ["disputes", "timeline", dispute, "--include-confidential"],
        ["disputes", "report", "--include-confidential"],
        ["disputes", "lessons", "--include-confidential"],
        ["assessments", "export", organisation, "--year", "2026"],
        ["assessments", "overview", "--year", "2026"],
        ["forms", "export", organisation, "--year", "2027", "-o", str(out / "form.md")],
        ["forms", "export", "--all", "--year", "2027", "--format", "docx", "-o",
         str(out / "forms")],
        ["backups", "list"], ["copies", "list"],
    ]
    return [[*command, "--store", str(path)] for command in commands]


def _run_commands(path: Path, data: dict[str, dict[str, Any]], out: Path) -> None:
    for command in [*_read_commands(path, data, out), ["check", str(path)]]:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["--member", "Jo Morgan", *command])
        said = stdout.getvalue() + stderr.getvalue()
        assert "Traceback" not in said, f"{command}: {said[-2000:]}"
        assert code in (0, 1, 2), f"{command} exited {code}: {said[-2000:]}"


async def _tour(make_app, path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        for keys, where in TOUR:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running, f"the app stopped at {where}"
            assert app.return_code in (None, 0), f"the app failed at {where}"
    log = locations.problem_log_file()
    assert not log.exists() or "Traceback" not in log.read_text(), log.read_text()[-3000:]


def _prepare(tmp_path: Path, template: bytes, name: str) -> tuple[Path, dict[str, Any]]:
    """The demo store with a clash settled by nobody, so ``_conflicts`` has a row to damage."""
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    path = folder / "compact.json"
    path.write_bytes(template)
    meeting = first_id(path, "meetings")
    jo = open_store(path, member="Jo Morgan", device="jo-laptop")
    sam = open_store(path, member="Sam Green", device="sam-laptop")
    jo.update("meetings", meeting, {"venue": "Town Hall"})
    sam.update("meetings", meeting, {"venue": "Library"})
    jo.close()
    sam.close()
    return path, orjson.loads(path.read_bytes())


def _apply(path: Path, plan: list[tuple[str, str, dict[str, Any]]]) -> dict[str, set[str]]:
    for table, record_id, fields in plan:
        damage(path, table, record_id, fields)
    return _records(path)


def _unchanged(path: Path, before: dict[str, set[str]],
               plan: list[tuple[str, str, dict[str, Any]]]) -> None:
    """No record lost, and no damaged value silently rewritten."""
    after = orjson.loads(path.read_bytes())
    for table, ids in before.items():
        assert ids <= set(after.get(table, {})), f"records lost from {table}"
    for table, record_id, fields in plan:
        stored = after[table][record_id]
        for name, value in fields.items():
            assert stored.get(name) == value, f"{table}.{name} was rewritten"


# No shrinking: a failing plan is printed as drawn (shrinking values this large takes minutes).
PROPERTY = settings(max_examples=4, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate], print_blob=False,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(st.data())
def test_damaged_values_everywhere_crash_no_command(tmp_path: Path, _demo_template: bytes,
                                                   data) -> None:
    path, stored = _prepare(tmp_path, _demo_template, "commands")
    plan = data.draw(damage_plans(stored))
    before = _apply(path, plan)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    _run_commands(path, stored, out)
    _unchanged(path, before, plan)


@settings(PROPERTY, max_examples=2)
@given(st.data())
def test_damaged_values_everywhere_crash_no_screen(tmp_path: Path, _demo_template: bytes,
                                                  make_app, data) -> None:
    path, stored = _prepare(tmp_path, _demo_template, "screens")
    plan = data.draw(damage_plans(stored))
    before = _apply(path, plan)
    asyncio.run(_tour(make_app, path))
    _unchanged(path, before, plan)

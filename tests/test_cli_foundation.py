"""The compact-tui command: demo, check, --help, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from compact_tui.cli import main
from compact_tui.domain.dashboard import dashboard_summary
from compact_tui.store import open_store


def test_demo_writes_a_realistic_brentwood_store(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "demo.json"
    assert main(["demo", str(path)]) == 0
    captured = capsys.readouterr()
    assert "Demo store written" in captured.err
    assert captured.out == ""  # messages go to stderr, stdout is for data only
    with open_store(path, member="test", read_only=True) as store:
        names = {o["name"] for o in store.all("organisations")}
        assert "Brentwood Council for Voluntary Services" in names
        assert len(names) == 7
        assert all(any(c["organisation_id"] == o["id"] for c in store.all("champions"))
                   for o in store.all("organisations")
                   if o["name"] != "Brentwood Community Safety Partnership")
        summary = dashboard_summary(store)
        assert summary.next_meeting is not None
        held = [m for m in store.all("meetings") if m["status"] in ("held", "minutes_approved")]
        assert len(held) == 2
        assert store.all("decisions") and store.all("actions")
        assert sum(summary.disputes_by_stage.values()) >= 1
        assert store.all("self_assessments") and store.all("action_plans")


def test_demo_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "demo.json"
    path.write_text("{}")
    assert main(["demo", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "{}"


def test_check_passes_a_good_store(demo_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert ": OK" in out
    assert "organisations 7" in out


@pytest.mark.parametrize("payload, fragment", [
    (b"{oops", "not valid JSON"),
    (b"", "empty (0 bytes)"),
    (b"[]", "not an object of tables"),
    (b'{"organisations": []}', 'table "organisations" is a JSON list'),
])
def test_check_names_what_is_wrong(tmp_path: Path, capsys: pytest.CaptureFixture,
                                   payload: bytes, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(payload)
    assert main(["check", str(path)]) == 1
    assert fragment in capsys.readouterr().out
    assert path.read_bytes() == payload


def test_check_reports_unknown_tables_and_records_without_ids(
        demo_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = json.loads(demo_path.read_text())
    data["organisatons"] = {}
    org_id = next(iter(data["organisations"]))
    data["organisations"]["not-a-uuid"] = data["organisations"][org_id]
    demo_path.write_text(json.dumps(data))
    assert main(["check", str(demo_path)]) == 1
    out = capsys.readouterr().out
    assert 'unknown table "organisatons"' in out
    assert 'record "not-a-uuid" in "organisations" has no valid id' in out


def test_check_of_a_missing_file_is_a_usage_error(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(tmp_path / "nowhere.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--help"], ["demo", "--help"], ["check", "--help"]])
def test_help_is_available_on_each_command(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "compact_tui.cli", *args],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "usage: compact-tui" in result.stdout


def test_demo_at_a_path_whose_old_file_was_deleted_starts_afresh(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "demo.json"
    assert main(["demo", str(path)]) == 0
    with open_store(path, member="test", backup_interval=0) as store:
        store.insert("organisations", {"name": "Extra"})
    path.unlink()
    assert main(["demo", str(path)]) == 0
    with open_store(path, member="test", read_only=True) as store:
        assert len(store.all("organisations")) == 7

"""``compact-tui assessments export|overview``: Markdown to the screen or a file; clear errors."""

from __future__ import annotations

from compact_tui.cli import main


def test_export_prints_an_organisations_returns(demo_path, capsys):
    code = main(["--store", str(demo_path), "assessments", "export", "active brentwood",
                 "--year", "2025"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Active Brentwood: Compact returns for 2025\n")
    assert "## Self-Assessment Toolkit 2025" in out
    assert "## Compact Action Plan 2025" in out
    assert "- Reviewer: Good to see the trustees involved." in out


def test_export_writes_the_file_named_with_o(demo_path, tmp_path, capsys):
    target = tmp_path / "active.md"
    code = main(["assessments", "export", "Active", "--year", "2026", "-o", str(target),
                 "--store", str(demo_path)])
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "- Status: Submitted" in text
    assert "Wrote Active Brentwood's returns for 2026" in capsys.readouterr().err


def test_export_refuses_an_unclear_organisation(demo_path, capsys):
    code = main(["--store", str(demo_path), "assessments", "export", "Brentwood",
                 "--year", "2026"])
    err = capsys.readouterr().err
    assert code == 2
    assert '"Brentwood" matches more than one organisation' in err
    code = main(["--store", str(demo_path), "assessments", "export", "Nobody Ltd",
                 "--year", "2026"])
    assert code == 2
    assert 'No organisation in the register matches "Nobody Ltd"' in capsys.readouterr().err


def test_export_into_a_missing_folder_is_a_clear_error(demo_path, tmp_path, capsys):
    code = main(["--store", str(demo_path), "assessments", "export", "Active", "--year",
                 "2026", "-o", str(tmp_path / "no such folder" / "a.md")])
    assert code == 1
    assert "Could not write" in capsys.readouterr().err


def test_overview_for_a_sector_group(demo_path, capsys):
    code = main(["--store", str(demo_path), "assessments", "overview", "--sector",
                 "statutory"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Sector: Statutory. 2 organisation(s) with an action plan." in out
    assert "| Essex County Council |" in out
    assert "Active Brentwood |" not in out
    assert "## Practices organisations need help with" in out


def test_overview_refuses_an_unknown_sector(demo_path, capsys):
    code = main(["--store", str(demo_path), "assessments", "overview", "--sector", "nhs"])
    assert code == 2
    assert '"nhs" is not a sector group' in capsys.readouterr().err


def test_a_missing_store_is_reported(tmp_path, capsys):
    code = main(["--store", str(tmp_path / "none.json"), "assessments", "overview"])
    assert code == 2
    assert "no store at" in capsys.readouterr().err

"""Organisation names in every script: compared by case-folding and NFKC, never by dropping
letters; form files for them never collide."""

from __future__ import annotations

from pathlib import Path

from compact_tui.cli import main
from compact_tui.domain.forms import file_name
from compact_tui.domain.register import RegisterService, normalise_name
from compact_tui.store import open_store

NAMES = ["中文学校", "中文协会", "Ελληνική Κοινότητα", "Польська школа", "Українська громада",
         "الجمعية العربية", "Ysgol Gymraeg Brynmawr", "Cymdeithas Ŵyr a Wyresau"]


def test_names_compare_by_folding_not_by_dropping_letters() -> None:
    assert len({normalise_name(name) for name in NAMES}) == len(NAMES)
    assert normalise_name("ΕΛΛΗΝΙΚΗ ΚΟΙΝΟΤΗΤΑ") == normalise_name("Ελληνική Κοινότητα")
    assert normalise_name("ПОЛЬСЬКА ШКОЛА") == normalise_name("Польська школа")
    assert normalise_name("Café Crème") == normalise_name("CAFE CREME")
    assert normalise_name("ｆｕｌｌ ｗｉｄｔｈ") == "full width"  # NFKC
    assert normalise_name("Brentwood C.V.S.") == "brentwood cvs"


def test_register_import_and_forms_export_in_every_script(demo_path: Path, tmp_path: Path,
                                                          capsys) -> None:
    csv_file = tmp_path / "register.csv"
    csv_file.write_text("Organisation name,Sector,Date signed,Signed by\n" + "".join(
        f"{name},Charity,2026-03-01,Someone\n" for name in NAMES), encoding="utf-8")
    assert main(["register", "import", str(csv_file), "--store", str(demo_path)]) == 0
    capsys.readouterr()
    with open_store(demo_path, member="test", read_only=True) as store:
        names = [o.name for o in RegisterService(store).organisations()]
        active = len(RegisterService(store).organisations(include_inactive=False))
    for name in NAMES:
        assert names.count(name) == 1, name

    folder = tmp_path / "forms"
    assert main(["--store", str(demo_path), "forms", "export", "--all", "--year", "2027",
                 "-o", str(folder)]) == 0
    files = list(folder.iterdir())
    assert len(files) == 2 * active  # one file per form: none overwrote another
    assert f"{len(files)} forms written" in "".join(capsys.readouterr())
    for form in files:
        text = form.read_text(encoding="utf-8")
        organisation = next(line for line in text.splitlines() if "org-id:" in line)
        assert form.name.endswith("-2027.md") and organisation


def test_same_slug_names_get_different_files() -> None:
    assert file_name("Age UK", "self-assessment", 2026, "md", "aaaa") == \
        "age-uk-self-assessment-2026.md"
    assert file_name("中文学校", "self-assessment", 2026, "md", "1234abcd-x") != \
        file_name("中文协会", "self-assessment", 2026, "md", "5678abcd-y")

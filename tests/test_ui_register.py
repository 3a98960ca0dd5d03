"""The register screens as a member uses them, asserting on the store afterwards."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Select, Static

from compact_tui.domain.register import RegisterService
from compact_tui.ui.register.champion_form import ChampionForm
from compact_tui.ui.register.organisation_detail import OrganisationDetailScreen
from compact_tui.ui.register.organisation_form import OrganisationForm
from compact_tui.ui.register.register import RegisterScreen
from compact_tui.ui.register.register_import import RegisterImportScreen

FIXTURES = Path(__file__).parent / "fixtures" / "register"
SIZE = (100, 30)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def fill(app, values: dict[str, str]) -> None:
    for widget_id, value in values.items():
        app.screen.query_one(f"#{widget_id}", Input).value = value


def table_names(app) -> list[str]:
    table = app.screen.query_one("#register-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def open_row(app, pilot, name: str) -> None:
    table = app.screen.query_one("#register-table", DataTable)
    table.move_cursor(row=table_names(app).index(name))
    await pilot.press("enter")
    await pilot.pause()


async def test_sign_up_with_the_form_and_a_lead_champion(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationForm)
        statement = text_of(app, "#signup-statement")
        assert statement.startswith("On behalf of my organisation, I hereby sign up")
        assert "Compact Champion" in text_of(app, "#champion-role-text")
        await pilot.press(*"Brentwood Foodbank")
        app.screen.query_one("#org-sector", Select).value = "charity"
        fill(app, {"org-date_signed": "03/12/2025", "org-signed_by": "Ruth Okafor",
                   "org-signatory_name": "Ruth Okafor", "org-signatory_role": "Project Manager",
                   "org-address": "Unit 4, Hutton Industrial Estate",
                   "org-telephone": "01277 200111", "org-email": "info@brentwoodfoodbank.org.uk",
                   "lead-name": "Ruth Okafor", "lead-role": "Project Manager",
                   "lead-email": "ruth@brentwoodfoodbank.org.uk"})
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        service = RegisterService(app.store)
        org = service.find_duplicate("Brentwood Foodbank")
        assert (org.sector, org.date_signed, org.signatory_role, org.email, org.status) == (
            "charity", "2025-12-03", "Project Manager", "info@brentwoodfoodbank.org.uk",
            "active")
        [lead] = service.champions(org.id)
        assert (lead.name, lead.is_lead, lead.direct_access, lead.email) == (
            "Ruth Okafor", True, True, "ruth@brentwoodfoodbank.org.uk")
        assert "Brentwood Foodbank" in table_names(app)


async def test_bad_form_input_shows_every_problem_and_stores_nothing(make_app,
                                                                     demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        before = len(RegisterService(app.store).organisations())
        await pilot.press("n")
        await pilot.pause()
        fill(app, {"org-date_signed": "31/02/2026", "org-email": "info@",
                   "lead-email": "not an email"})
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationForm)
        error = str(app.screen.query_one(".form-error", Static).content)
        assert "The organisation's name is missing." in error
        assert "The sector is missing" in error
        assert '"31/02/2026" is not a real date' in error
        assert 'The email address "info@" does not look like an email address' in error
        assert "The champion's name is missing." in error
        assert app.screen.focused.id == "org-name"
        # A name already in the register, typed differently, is refused too.
        fill(app, {"org-name": "brentwood council for voluntary services.",
                   "org-date_signed": "2025-12-03", "org-email": "", "lead-email": ""})
        app.screen.query_one("#org-sector", Select).value = "infrastructure"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationForm)
        assert ('looks the same as "Brentwood Council for Voluntary Services", which is already '
                'in the register') in str(app.screen.query_one(".form-error", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert len(RegisterService(app.store).organisations()) == before


async def test_edit_an_organisation_from_the_list(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#register-table", DataTable)
        table.move_cursor(row=table_names(app).index("Active Brentwood"))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationForm)
        assert app.screen.query_one("#org-name", Input).value == "Active Brentwood"
        assert app.screen.query_one("#org-date_signed", Input).value == "03/06/2025"
        fill(app, {"org-telephone": "01277 999000", "org-notes": "Moved to the Brentwood Centre"})
        await pilot.press("enter")
        await pilot.pause()
        org = RegisterService(app.store).find_duplicate("Active Brentwood")
        assert (org.telephone, org.notes, org.date_signed) == (
            "01277 999000", "Moved to the Brentwood Centre", "2025-06-03")
        assert app.screen.query_one("#register-table", DataTable).cursor_row == \
            table_names(app).index("Active Brentwood")


async def test_filter_by_text_sector_status_and_due(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        assert len(table_names(app)) == 7
        await pilot.press("slash", *"priya")
        await pilot.pause()
        assert table_names(app) == ["Brentwood Borough Council"]
        assert text_of(app, "#register-summary").startswith("Showing 1 of 7")
        app.screen.query_one("#register-search", Input).value = ""
        app.screen.query_one("#register-sector", Select).value = "statutory"
        await pilot.pause()
        assert "Active Brentwood" not in table_names(app)
        assert len(table_names(app)) == 5
        app.screen.query_one("#register-due", Select).value = "attention"
        await pilot.pause()
        assert [n.rstrip("…") for n in table_names(app)] == ["Basildon and Brentwood C"]
        app.screen.query_one("#register-due", Select).value = Select.NULL
        app.screen.query_one("#register-sector", Select).value = Select.NULL
        app.screen.query_one("#register-status", Select).value = "lapsed"
        await pilot.pause()
        assert table_names(app) == []


async def test_sort_cycles_columns_and_reverses(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        assert table_names(app)[0] == "Active Brentwood"
        await pilot.press("b")  # sector: councils first
        await pilot.pause()
        assert "Sort: sector" in text_of(app, "#register-summary")
        assert table_names(app)[:2] == ["Brentwood Borough Council", "Essex County Council"]
        await pilot.press("b", "b")  # status, then date signed
        await pilot.pause()
        assert "Sort: date signed, oldest first" in text_of(app, "#register-summary")
        signed = [RegisterService(app.store).organisation(
            app.screen.query_one(DataTable).coordinate_to_cell_key((i, 0)).row_key.value
        ).date_signed for i in range(7)]
        assert signed == sorted(signed)
        await pilot.press("z")
        await pilot.pause()
        assert "newest first" in text_of(app, "#register-summary")
        assert table_names(app)[0] == "Brentwood Community Safe…"


async def test_lapse_withdraw_and_reinstate_from_the_detail_view(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        await open_row(app, pilot, "Active Brentwood")
        assert isinstance(app.screen, OrganisationDetailScreen)
        await pilot.press("s", "enter")  # the first change offered is lapsed
        await pilot.pause()
        await pilot.press("enter")  # a reason is needed
        await pilot.pause()
        assert "Reason is needed" in str(app.screen.query_one(".form-error", Static).content)
        await pilot.press(*"No reply to two letters", "enter")
        await pilot.pause()
        org = RegisterService(app.store).find_duplicate("Active Brentwood")
        assert (org.status, org.status_note, org.status_changed) == (
            "lapsed", "No reply to two letters", "2026-11-25")
        assert "Lapsed on 25 November 2026: No reply to two letters" in text_of(
            app, "#organisation-warnings")
        await pilot.press("s", "down", "enter")  # active, then withdrawn
        await pilot.pause()
        await pilot.press(*"Closed", "enter")
        await pilot.pause()
        assert RegisterService(app.store).organisation(org.id).status == "withdrawn"
        await pilot.press("s", "enter")
        await pilot.pause()
        await pilot.press("escape")  # cancelled: nothing changes
        await pilot.pause()
        assert RegisterService(app.store).organisation(org.id).status == "withdrawn"
        await pilot.press("s", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert RegisterService(app.store).organisation(org.id).status == "active"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)


async def test_confirm_the_annual_update(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        due = "Basildon and Brentwood Clinical Commissioning Group"
        table = app.screen.query_one("#register-table", DataTable)
        row = [n.rstrip("…") for n in table_names(app)].index("Basildon and Brentwood C")
        assert str(table.get_row_at(row)[-1]) == "! Due 5 Dec"
        table.move_cursor(row=row)
        await pilot.press("k")
        await pilot.pause()
        assert RegisterService(app.store).find_duplicate(due).last_confirmed == "2026-11-25"
        assert str(table.get_row_at(row)[-1]) == "25 Nov 2027"
        assert "1 update" not in text_of(app, "#register-summary")


async def test_champions_added_edited_and_removed(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        partnership = "Brentwood Community Safety Partnership"
        org_id = RegisterService(app.store).find_duplicate(partnership).id
        app.open_record("register", org_id)  # as the command palette's jump does
        for _ in range(5):
            await pilot.pause()
            if isinstance(app.screen, OrganisationDetailScreen):
                break
        await pilot.pause()
        assert isinstance(app.screen, OrganisationDetailScreen)
        assert "! No champion" in text_of(app, "#organisation-warnings")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ChampionForm)
        assert "Compact Champion" in text_of(app, "#champion-role-text")
        assert app.screen.query_one("#champion-is_lead", Checkbox).value is True
        fill(app, {"champion-email": "mark.reid@"})
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChampionForm)
        assert RegisterService(app.store).champions(org_id) == []
        fill(app, {"champion-name": "Insp. Mark Reid", "champion-role": "Chair",
                   "champion-email": "mark.reid@essex.police.uk"})
        await pilot.press("enter")
        await pilot.pause()
        [lead] = RegisterService(app.store).champions(org_id)
        assert (lead.name, lead.is_lead) == ("Insp. Mark Reid", True)
        assert str(app.screen.query_one("#organisation-warnings", Static).content) == ""
        await pilot.press("enter")  # edit the highlighted champion
        await pilot.pause()
        assert isinstance(app.screen, ChampionForm)
        fill(app, {"champion-department": "Community Safety"})
        await pilot.press("enter")
        await pilot.pause()
        assert RegisterService(app.store).champion(lead.id).department == "Community Safety"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert RegisterService(app.store).champions(org_id) == []
        assert "! No champion" in text_of(app, "#organisation-warnings")


async def test_history_key(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        calls = []
        app.show_history = lambda table, record_id: calls.append((table, record_id))
        await open_row(app, pilot, "Essex County Council")
        await pilot.press("h")
        await pilot.pause()
        org_id = RegisterService(app.store).find_duplicate("Essex County Council").id
        assert calls == [("organisations", org_id)]


async def test_import_a_csv_from_the_screen_with_a_preview(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        service = RegisterService(app.store)
        before = len(service.organisations())
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, RegisterImportScreen)
        fill(app, {"import-path": str(FIXTURES / "excel_messy.csv")})
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = text_of(app, "#import-report")
        assert "Row 3:" in report and "Row 8: Date signed" in report
        assert "Row 6: skipped" in report
        assert "Nothing would be imported" in report
        assert len(service.organisations()) == before  # the preview changes nothing
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Nothing was imported" in str(app.screen.query_one(".form-error",
                                                                     Static).content)
        assert len(service.organisations()) == before
        app.screen.query_one("#import-skip-bad", Checkbox).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")  # a fresh preview for the new choice
        await pilot.pause()
        assert len(service.organisations()) == before
        assert "2 organisation(s) to import" in text_of(app, "#import-report")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        names = [o.name for o in service.organisations()]
        assert len(names) == before + 2
        assert "Brentwood C.V.S." in names and "Brentwood Theatre Trust" in names
        assert "Brentwood Theatre Trust" in table_names(app)


async def test_import_screen_explains_a_file_that_is_not_a_csv(make_app, demo_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        for path, message in ((FIXTURES / "register.xlsx", "Excel workbook"),
                              (FIXTURES / "nowhere.csv", "There is no file at"),
                              (FIXTURES / "empty.csv", "The file is empty")):
            fill(app, {"import-path": str(path)})
            await pilot.press("enter")
            await pilot.pause()
            assert message in str(app.screen.query_one(".form-error", Static).content)
        assert isinstance(app.screen, RegisterImportScreen)


async def test_export_from_the_screen_without_contacts(make_app, demo_path, tmp_path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")  # leave the contact details out
        await pilot.pause()
        target = tmp_path / "register.csv"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        data = target.read_bytes()
        assert data.startswith(b"\xef\xbb\xbfOrganisation,")
        assert b"Brentwood Borough Council" in data
        assert b"@" not in data and b"01277" not in data


async def test_palette_targets_find_organisations_and_champions(make_app, demo_path) -> None:
    from compact_tui.ui.shell.jump_targets import jump_targets

    app = make_app(demo_path, section="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        service = RegisterService(app.store)
        council = service.find_duplicate("Brentwood Borough Council").id
        targets = {label: (help_text, mode, record_id) for label, help_text, mode, record_id
                   in jump_targets(app.services)}
        assert targets["Brentwood Borough Council"][1:] == ("register", council)
        assert targets["Priya Shah"] == ("Champion · Brentwood Borough Council", "register",
                                         council)
        app.open_record("register", council)
        for _ in range(5):
            await pilot.pause()
            if isinstance(app.screen, OrganisationDetailScreen):
                break
        await pilot.pause()
        assert app.screen.organisation_id == council
        assert "Brentwood Borough Council" in text_of(app, "#organisation-heading")

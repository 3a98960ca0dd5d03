"""Exports: minutes, agenda, calendar file and action log; shape, escaping and injection."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from compact_tui.config import QuorumRule
from compact_tui.content import default_content
from compact_tui.content.agenda_templates import load_templates_reporting
from compact_tui.domain.actions import ActionFilter, ActionsService
from compact_tui.domain.exports import (
    MeetingNotFound,
    actions_markdown,
    agenda_html,
    agenda_markdown,
    escape_block,
    escape_cell,
    meeting_ics,
    minutes_html,
    minutes_markdown,
)
from compact_tui.domain.exports.ics import escape_text, fold
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.register import Champion, Organisation, RegisterService
from compact_tui.locations import default_agendas_folder
from compact_tui.store import open_store

ON = date(2026, 12, 3)
NASTY = "\n".join([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click me](javascript:alert(3))",
    "![pic](http://evil.example/x.png)",
    "<javascript:alert(4)>",
    "[ref]: javascript:alert(5)",
    "*not bold* _not italic_ `not code` a | b # not heading",
    "# Not a heading",
    "- not a list",
    "1. not a numbered list",
    "> not a quote",
    "&lt;b&gt; stays as typed",
    "<a href=\"javascript:alert(6)\">x</a>",
])


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Alex Hart") as opened:
        yield opened


@pytest.fixture
def built(store):
    """A held meeting on 3 December 2026 with attendance, minutes, decisions and actions."""
    register = RegisterService(store)
    orgs = {}
    for name, sector, email in [
            ("Brentwood Borough Council", "council", "localism@brentwood.gov.uk"),
            ("Brentwood Council for Voluntary Services", "infrastructure", "info@cvs.org.uk"),
            ("Essex County Council", "council", "compact@essex.gov.uk"),
            ("Active Brentwood", "charity", "hello@active.org.uk")]:
        orgs[name] = register.add_organisation(Organisation(
            name=name, sector=sector, email=email, telephone="01277 312500",
            address="Town Hall, Ingrave Road, Brentwood CM15 8AY"))
    register.add_champion(Champion(organisation_id=orgs["Essex County Council"],
                                   name="Rita Gomez", email="rita@essex.gov.uk",
                                   phone="0345 743 0430"))
    templates, _ = load_templates_reporting(default_agendas_folder())
    template = next(t for t in templates if t.key == "steering-group")
    meetings = MeetingsService(store, default_content())
    earlier = meetings.create_from_template(template, date(2026, 10, 8), time(14, 0))
    old_action = meetings.add_action(earlier, meetings.items(earlier)[5].id,
                                     "Circulate the toolkit",
                                     owner_organisation_id=orgs[
                                         "Brentwood Council for Voluntary Services"],
                                     due=date(2027, 1, 15))
    meeting_id = meetings.create_from_template(
        template, ON, time(14, 0), venue="Committee Room 2, Town Hall", chair="Sam Patel",
        minute_taker="Alex Hart", video_link="https://meet.example/abc")
    following = meetings.create_from_template(template, date(2027, 2, 4), time(14, 0),
                                              venue="Committee Room 2")
    meetings.issue_agenda(meeting_id)
    items = meetings.items(meeting_id)
    topic = items[5]
    meetings.update_item(topic.id, title="Consultation on the community grants programme",
                         presenter="Rita Gomez", purpose="decision",
                         papers=["https://example.org/timetable.pdf", "grants | draft.docx"])
    for person, org in [("Sam Patel", "Brentwood Council for Voluntary Services"),
                        ("Jo Morgan", "Brentwood Borough Council"),
                        ("Lee Chan", "Active Brentwood")]:
        meetings.set_attendance(meeting_id, organisation_id=orgs[org], name=person,
                                status="present", role="Compact Champion")
    meetings.add_guest(meeting_id, "Rita Gomez", "Essex County Council", "for item 6")
    meetings.set_attendance(meeting_id, organisation_id=orgs["Essex County Council"],
                            status="apologies")
    meetings.start_meeting(meeting_id, datetime(2026, 12, 3, 14, 0))
    meetings.set_minutes(items[0].id, "The Chair welcomed members.")
    meetings.set_minutes(topic.id, "Rita Gomez presented the draft timetable.\n"
                         "Members noted the 6-week period.\n\n"
                         "#action @Essex due:17/12/2026 Take the request to the team\n"
                         "#declare Lee Chan: Active Brentwood has applied to the fund\n"
                         "#agreed Ask for 12 weeks")
    meetings.apply_quick_entries(topic.id)
    meetings.record_votes(topic.id, 3, 0, 0)
    meetings.add_action(meeting_id, topic.id, "Find a venue")
    meetings.defer_item(items[6].id)
    meetings.end_meeting(meeting_id, datetime(2026, 12, 3, 15, 45))
    return {"meetings": meetings, "id": meeting_id, "earlier": earlier, "following": following,
            "topic": topic.id, "orgs": orgs, "old_action": old_action, "store": store}


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "strong",
             "em", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "br"}


def collect(html_text: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(html_text)
    return parser


def test_minutes_have_the_uk_shape(built):
    text = minutes_markdown(built["store"], built["id"], default_content(),
                            quorum_rule=QuorumRule(min_organisations=3))
    assert text.startswith("# Brentwood Compact Steering Group\n")
    assert ("**Minutes of the meeting held on Thursday 3 December 2026, 14:00–15:45**"
            in text)
    assert "**Venue:** Committee Room 2, Town Hall" in text
    assert "**DRAFT — subject to approval at the next meeting**" in text
    assert "| Sam Patel (Chair) | Brentwood Council for Voluntary Services | Compact Champion |" \
        in text
    assert ("**In attendance:** Rita Gomez (Essex County Council, for item 6); "
            "Alex Hart (minutes).") in text
    assert "**Apologies:** Essex County Council." in text
    assert ("**Quorum:** 3 signatory organisations present, both sectors represented — "
            "quorate.") in text
    assert ("| Lee Chan | Item 6: Consultation on the community grants programme |  | Active "
            "Brentwood has applied to the fund |  |") in text
    assert ("**Declaration:** Lee Chan: Active Brentwood has applied to the fund." in text)
    assert "declared an interest" not in text  # no sentence the minute taker did not write
    assert "## 6. Consultation on the community grants programme" in text
    assert "Rita Gomez presented the draft timetable.  \nMembers noted" in text
    assert "**Decision 2026-12/1:** Ask for 12 weeks (For 3, against 0, abstained 0)" in text
    assert ("**Action 2026-12/1:** Take the request to the team — Essex County Council, due "
            "17 December 2026.") in text
    assert ("**Action 2026-12/2:** Find a venue — Owner to be confirmed, no due date set."
            in text)
    assert "**Meeting closed:** 15:45" in text
    assert "## 7. Self-assessments received\n\n*Deferred to the meeting on 4 February 2027.*" \
        in text
    assert "## 9. Date of next meeting\n\nThursday 4 February 2027, 14:00, Committee Room 2" \
        in text
    # processed quick-entry lines are not repeated in the discussion
    assert "#action" not in text and "\\#agreed" not in text
    # the actions table: this meeting's, then those still open from earlier; every row
    # names its owner and says its status
    table = text[text.index("## Actions"):]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Ref | Action | Owner | Due | Status |"
    assert rows[1:] == [
        "| 2026-12/1 | Take the request to the team | Essex County Council | 17 Dec 2026 | Open |",
        "| 2026-12/2 | Find a venue | Owner to be confirmed | no due date | Open |",
        "| 2026-10/1 | Circulate the toolkit | Brentwood Council for Voluntary Services | "
        "15 Jan 2027 | Open |"]
    assert "Signed (Chair)" not in text  # only approved copies carry the signature block


def test_minutes_never_include_contact_details(built):
    text = minutes_markdown(built["store"], built["id"])
    html_text = minutes_html(built["store"], built["id"])
    for detail in ("localism@", "info@cvs", "rita@", "01277", "0345", "Ingrave Road", "CM15"):
        assert detail not in text
        assert detail not in html_text


def test_minutes_html_is_a_print_ready_page_with_real_tables(built):
    page = minutes_html(built["store"], built["id"])
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    assert "@page" in page and "@media print" in page
    assert "<title>Minutes: Brentwood Compact Steering Group, Thursday 3 December 2026</title>" \
        in page
    parsed = collect(page)
    assert parsed.tags.count("table") == 3  # present, declarations, actions
    assert "<th>Name</th>" in page and "<td>Sam Patel (Chair)</td>" in page
    assert "<td>Lee Chan</td>" in page


def test_approved_minutes_lose_draft_and_show_amendments(built):
    meetings = built["meetings"]
    approved = meetings.approve_previous_minutes(built["following"])
    assert approved.id == built["id"]
    meetings.add_amendment(built["id"], "Item 6: the period was 6 weeks, not 8.",
                           date(2027, 2, 10))
    text = minutes_markdown(built["store"], built["id"])
    assert "DRAFT" not in text
    assert "**Approved** as a true record at the meeting held on 4 February 2027." in text
    assert "## Amendments after approval\n\n- 10 February 2027: Item 6: the period was 6" in text
    following = minutes_markdown(built["store"], built["following"])
    assert ("The minutes of the meeting held on 3 December 2026 were **approved** as a true "
            "record.") in following


def test_user_text_cannot_inject_into_minutes(built):
    meetings, store = built["meetings"], built["store"]
    topic = built["topic"]
    meetings.set_minutes(topic, NASTY)
    meetings.add_decision(built["id"], topic, "Use <b>bold</b> | and *stars*")
    meetings.add_guest(built["id"], "Eve | <script>x</script>", role="line\nbreak")
    meetings.update_item(topic, title="<img src=x onerror=alert(7)> [t](javascript:x)")
    page = minutes_html(store, built["id"])
    parsed = collect(page)
    assert set(parsed.tags) <= SAFE_TAGS | {"a"}
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    assert not [name for name, _ in parsed.attrs if name == "src"]
    # the only links are the web addresses members typed, made autolinks
    assert [value for name, value in parsed.attrs if name == "href"] == [
        "http://evil.example/x.png"]
    text = "".join(parsed.text)
    for line in NASTY.splitlines():
        assert line in text, line
    assert "Use <b>bold</b> | and *stars*" in text
    assert "<img src=x onerror=alert(7)> [t](javascript:x)" in text
    # a name with a pipe and a line break still makes one three-column row
    meetings.set_attendance(built["id"], name="Mal | Lory\nsecond line", status="present",
                            role="x | y")
    page = minutes_html(store, built["id"])
    present = page[page.index("<table>"):page.index("</table>")]
    rows = present.split("<tr>")[1:]
    assert len(rows) == 5
    assert all(row.count("<td") + row.count("<th") == 3 for row in rows)
    assert "<td>Mal | Lory second line</td>" in present


def test_other_renderers_agree(built):
    """CommonMark with tables (markdown-it, as GitHub-style renderers) sees the same shapes."""
    meetings = built["meetings"]
    meetings.set_minutes(built["topic"], NASTY)
    md_text = minutes_markdown(built["store"], built["id"])
    rendered = MarkdownIt("commonmark").enable("table").render(md_text)
    parsed = collect(rendered)
    assert parsed.tags.count("table") == 3  # present, declarations, actions
    assert "ul" in parsed.tags
    assert set(parsed.tags) <= SAFE_TAGS | {"a"}
    assert not [name for name, _ in parsed.attrs if name == "src"]
    assert [value for name, value in parsed.attrs if name == "href"] == [
        "http://evil.example/x.png"]
    text = "".join(parsed.text)
    for line in NASTY.splitlines():
        assert line in text, line


def _visible(html_text: str) -> str:
    return " ".join("".join(collect(html_text).text).split())


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_escaped_text_renders_exactly_as_typed(typed):
    """Whatever is typed comes out as the same characters, in both renderers."""
    typed_lines = typed.replace("\r", "\n").replace("\t", " ")
    expected = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", typed_lines).split())
    block = escape_block(typed)
    assert _visible(markdown.markdown(block, extensions=["tables"])) == expected
    assert _visible(MarkdownIt("commonmark").render(block)) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_table_cells_stay_cells(typed):
    table = f"| A | B |\n|---|---|\n| {escape_cell(typed)} | end |\n"
    html_text = markdown.markdown(table, extensions=["tables"])
    parsed = collect(html_text)
    assert parsed.tags.count("td") == 2 and parsed.tags.count("tr") == 2


def test_disputes_are_on_the_agenda_and_the_minutes_say_only_what_was_written(built):
    """Point 8: the minutes hold no sentence the minute taker did not write. The open
    disputes are a paper on the agenda (confidential ones only counted); the minutes of the
    "Disputes update" item are the minute taker's words."""
    store = built["store"]
    meetings = built["meetings"]
    store.insert("disputes", {"title": "Secret grant row", "stage": "discussion",
                              "opened_on": "2026-11-01", "confidential": True,
                              "next_step": "Mediator to call Jo", "next_step_due": "2026-12-01",
                              "what_happened": "Private details"})
    store.insert("disputes", {"title": "Open consultation complaint", "stage": "discussion",
                              "opened_on": "2026-11-02", "confidential": False})
    text = minutes_markdown(store, built["id"], default_content())
    update = text[text.index("## 5. Disputes update"):text.index("## 6.")]
    assert update == "## 5. Disputes update\n\n"
    for generated in ("confidential dispute was", "Open consultation complaint",
                      "No open disputes", "Secret grant row", "Mediator to call Jo",
                      "Private details"):
        assert generated not in text
    item = next(i for i in meetings.items(built["id"]) if i.kind == "disputes_update")
    store.update("meetings", built["id"], {"status": "agenda_issued", "ended_at": ""})
    meetings.set_minutes(item.id, "One open dispute; one confidential matter was discussed.")
    text = minutes_markdown(store, built["id"], default_content())
    update = text[text.index("## 5. Disputes update"):text.index("## 6.")]
    assert update == ("## 5. Disputes update\n\n"
                      "One open dispute; one confidential matter was discussed.\n\n")
    agenda = agenda_markdown(store, built["id"])
    paper = agenda[agenda.index("## 5. Disputes update"):agenda.index("## 6.")]
    assert "Open disputes:" in paper and "A confidential dispute was discussed." in paper
    assert "Open consultation complaint" in paper
    assert "Secret grant row" not in agenda and "Mediator to call Jo" not in agenda


def test_agenda_lists_numbered_items_with_times_and_papers(built):
    text = agenda_markdown(built["store"], built["id"])
    assert text.startswith("# Brentwood Compact Steering Group\n")
    assert "**Agenda for the meeting on Thursday 3 December 2026, 14:00–" in text
    assert "**Join online:** <https://meet.example/abc>" in text  # an autolink
    assert "## 1. Welcome and apologies\n\n14:00–14:05 (5 minutes) · For information · " \
        "Presenter: Chair" in text
    assert "## 6. Consultation on the community grants programme\n\n14:35–15:00 (25 minutes)" \
        " · For decision · Presenter: Rita Gomez" in text
    assert "Papers:\n\n- <https://example.org/timetable.pdf>\n- grants \\| draft.docx" in text
    assert "To approve the minutes of the meeting held on 8 October 2026." in text
    assert "- Action 2026-10/1: Circulate the toolkit — Brentwood Council for Voluntary " \
        "Services: open, due 15 January 2027" in text
    page = agenda_html(built["store"], built["id"])
    parsed = collect(page)
    assert set(parsed.tags) <= SAFE_TAGS | {"a"} and parsed.tags.count("h2") == 9
    # the video link and the paper's address are links on the page
    assert [value for name, value in parsed.attrs if name == "href"] == [
        "https://meet.example/abc", "https://example.org/timetable.pdf"]


def _unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_ics_follows_rfc_5545(built):
    meetings = built["meetings"]
    meetings.update_meeting(built["id"], venue="Room 2; Town Hall, Brentwood \\ Essex",
                            title="Steering Group — ünïcödé " + "long " * 30)
    ics = meeting_ics(built["store"], built["id"])
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    lines = _unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/London" in lines
    assert f"UID:{built['id']}@compact-tui" in lines
    assert "DTSTART;TZID=Europe/London:20261203T140000" in lines
    assert "DTEND;TZID=Europe/London:20261203T154500" in lines
    assert "LOCATION:Room 2\\; Town Hall\\, Brentwood \\\\ Essex" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:" + escape_text(("Steering Group — ünïcödé " + "long " * 30).strip())
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "\\n6. Consultation on the community grants programme (14:35)" in description
    assert "URL:https://meet.example/abc" in lines
    # the same meeting keeps its UID when exported again after a change
    meetings.update_meeting(built["id"], venue="Online")
    assert f"UID:{built['id']}@compact-tui" in _unfold(meeting_ics(built["store"], built["id"]))


def test_ics_video_link_cannot_add_properties(built):
    built["meetings"].update_meeting(built["id"],
                                     video_link="https://x.example/a\nATTENDEE:evil")
    lines = _unfold(meeting_ics(built["store"], built["id"]))
    assert not any(line.startswith(("URL:", "ATTENDEE")) for line in lines)
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Join online: https://x.example/a\\nATTENDEE:evil")


def test_ics_escaping_and_folding_helpers():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("X:" + "é" * 80)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == "X:" + "é" * 80


def test_action_log_markdown_with_filters(built):
    store = built["store"]
    ActionsService(store).update_status(built["old_action"], "in progress", "Drafted | sent")
    text = actions_markdown(store)
    assert text.startswith("# Action log\n\nAs at 25 November 2026.")
    rendered = collect(markdown.markdown(text, extensions=["tables"]))
    assert rendered.tags.count("table") == 1 and rendered.tags.count("tr") == 4
    assert "| 2026-10/1 | Circulate the toolkit | Brentwood Council for Voluntary Services | " \
        "15 Jan 2027 | In progress | 8 Oct 2026, item 6 |" in text
    assert "- 2026-10/1, 25 November 2026, Alex Hart: In progress — Drafted \\| sent" in text
    assert "(check: no owner; no due date)" in text
    only = actions_markdown(store, ActionFilter(owner="Essex"))
    assert "Showing owner Essex." in only
    assert "Take the request" in only and "Circulate the toolkit" not in only
    assert "No actions match." in actions_markdown(store, ActionFilter(text="nothing like it"))


@pytest.mark.parametrize("export", [minutes_markdown, minutes_html, agenda_markdown,
                                    agenda_html, meeting_ics])
def test_unknown_meeting_is_meeting_not_found(store, export):
    with pytest.raises(MeetingNotFound):
        export(store, "no-such-meeting")

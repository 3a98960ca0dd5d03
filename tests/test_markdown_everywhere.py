"""Every Markdown export shows what members typed exactly as typed, in every renderer.

Hostile text (Markdown and HTML syntax, pandoc's extensions, Teams links full of ``_``) goes
into every field a member types, through every Markdown export, and is rendered by
Python-Markdown, by pandoc and by cmark-gfm (GitHub's renderer) when they are installed. The
rendered text must hold what was typed, and the document must keep the shape it has with
harmless text: no heading, list, quote, table, code or image made from a member's words.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compact_tui.content import default_content
from compact_tui.content.agenda_templates import load_templates_reporting
from compact_tui.domain.actions import ActionsService
from compact_tui.domain.assessment_reports import (
    group_overview,
    organisation_markdown,
    overview_markdown,
)
from compact_tui.domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS, AssessmentsService
from compact_tui.domain.dispute_reports import (
    lessons_markdown,
    non_compliance_markdown,
    non_compliance_report,
    timeline_markdown,
)
from compact_tui.domain.disputes import DisputeDetails, DisputesService
from compact_tui.domain.exports import actions_markdown, agenda_markdown, minutes_markdown
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.domain.register_export import public_list_markdown
from compact_tui.locations import default_agendas_folder
from compact_tui.store import open_store

CONTENT = default_content()
TEAMS = ("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA3_ZmM4@thread.v2/0"
         "?context=%7b%22Tid%22%3a%22a_b%22%7d")
HOSTILE_PIECES = [
    "Met at <Town Hall>", "\n# Not a heading", "\n## 6. Not an item", "\n- not a list",
    "\n> not a quote", "| a | b |", "\n|---|---|", "[link](http://evil.example)",
    "![pic](x.png)", "<script>alert(1)</script>", "*stars* _under_ `code`", "~~gone~~",
    "&copy &amp; &#169;", "\\", "\n1. one", "\na) pandoc list", "\n(a) another", "\niv. roman",
    "\n#. hash list", "\n---", "\n===", "2^10^ and H~2~O", "$x + y$", "[^1] note",
    "{#id .class}", "\n::: warning", "\n: definition", "@smith says", "\n(@) example",
    "www.example_site.org", "see " + TEAMS + ".", "(" + TEAMS + ")", "<" + TEAMS + ">",
    "mail jo@example.org", TEAMS + ".[link](http://evil.example)", "0" + TEAMS, "\n\n", "  ", "\t",
    "<!-- hidden -->", "\n    code?", "\\*not\\*", TEAMS + ".&copy &#169;",
    "a\\", "Table: caption?", "\n+ plus", "--force", "don't \"quote\"", "...",
]
_plain = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF,
                               blacklist_categories=("Cs", "Cc")), max_size=8)
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), _plain),
                        min_size=1, max_size=8).map("".join).filter(lambda t: t.strip())


def build_store(path: Path, typed: str) -> dict[str, str]:
    """A store where every member-typed field holds ``typed``; returns every export."""
    store = open_store(path, member="Jo Morgan")
    register = RegisterService(store)
    org = register.add_organisation(Organisation(name=typed, sector="charity",
                                                 date_signed="2025-01-01"))
    other = register.add_organisation(Organisation(name="Brentwood Borough Council",
                                                   sector="council"))
    templates, _ = load_templates_reporting(default_agendas_folder())
    template = next(t for t in templates if t.key == "steering-group")
    meetings = MeetingsService(store, CONTENT)
    meeting = meetings.create_from_template(template, date(2026, 12, 3), time(14, 0),
                                            venue=typed, chair=typed, minute_taker=typed,
                                            video_link=TEAMS, title=typed)
    item = meetings.add_item(meeting, typed, presenter=typed, papers=[typed, TEAMS],
                             notes=typed)
    meetings.set_attendance(meeting, organisation_id=org, name=typed, status="present",
                            role=typed)
    meetings.add_guest(meeting, typed, typed, typed)
    meetings.set_minutes(item, typed)
    meetings.add_decision(meeting, item, typed)
    action = meetings.add_action(meeting, item, typed, owner_name=typed,
                                 due=date(2027, 1, 15))
    ActionsService(store).update_status(action, "in_progress", note=typed)
    disputes = DisputesService(store, CONTENT)
    dispute = disputes.raise_dispute(DisputeDetails(
        title=typed, compliance_question=typed, raised_by_organisation_id=org,
        concerns_organisation_id=other, commitments=["3.2"], what_happened=typed,
        happened_on="01/11/2026", outcome_sought=typed, opened_on="02/11/2026",
        next_step=typed, next_step_due="01/12/2026"))
    disputes.move_stage(dispute, "resolved", on="20/11/2026", note=typed, reason=typed,
                        lesson=typed)
    assessments = AssessmentsService(store, CONTENT)
    returned = assessments.start(SELF_ASSESSMENTS, org, 2026)
    assessments.replace_answers(returned, {q: {"rating": "good", "notes": typed}
                                           for q in _ids(SELF_ASSESSMENTS)}, source="app")
    assessments.submit(returned)
    assessments.add_review_comment(returned, "1.1", typed)
    assessments.mark_reviewed(returned, typed)
    plan = assessments.start(ACTION_PLANS, org, 2026)
    assessments.replace_answers(plan, {p: {"rating": "help", "notes": typed}
                                       for p in _ids(ACTION_PLANS)}, source="app")
    exports = {
        "minutes": minutes_markdown(store, meeting, CONTENT),
        "agenda": agenda_markdown(store, meeting, CONTENT),
        "actions": actions_markdown(store),
        "timeline": timeline_markdown(store, dispute, CONTENT, on=date(2026, 11, 25)),
        "lessons": lessons_markdown(store, CONTENT),
        "non-compliance": non_compliance_markdown(non_compliance_report(
            store, CONTENT, date(2026, 1, 1), date(2026, 12, 31))),
        "assessments": organisation_markdown(assessments, org, 2026),
        "overview": overview_markdown(group_overview(assessments, 2026)),
        "public list": public_list_markdown(register.organisations(), typed, date(2026, 11, 25)),
    }
    store.close()
    return exports


def _ids(kind: str) -> list[str]:
    if kind == SELF_ASSESSMENTS:
        return [q.id for s in CONTENT.toolkit.sections for q in s.questions]
    return [p.id for g in CONTENT.action_plan.groups for p in g.practices]


# ------------------------------------------------------------------------------ renderers

def python_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


def _program(*command: str) -> Callable[[str], str]:
    def render(text: str) -> str:
        return subprocess.run(command, input=text, capture_output=True, text=True,
                              check=True, timeout=60).stdout
    return render


RENDERERS = {
    "python-markdown": python_markdown,
    # pandoc's own Markdown, as `pandoc minutes.md -o minutes.docx` reads it
    "pandoc": _program("pandoc", "-f", "markdown", "-t", "html"),
    "cmark-gfm": _program("cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink",
                          "-e", "strikethrough", "-e", "tasklist", "-e", "tagfilter"),
}
NEEDS = {"pandoc": "pandoc", "cmark-gfm": "cmark-gfm"}
# pandoc's "smart" typography, the only change a renderer may make to typed text
_SMART = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."})
STRUCTURE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "td",
                  "th", "blockquote", "pre", "code", "img", "hr", "dl", "dt", "dd", "div",
                  "sup", "sub", "del", "s", "math", "script", "input", "span", "section"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in STRUCTURE_TAGS:
            self.tags.append(tag)
        if tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in STRUCTURE_TAGS or tag == "p":
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_html(html_text: str) -> tuple[list[str], str]:
    reader = _Reader()
    reader.feed(html_text)
    text = "".join(reader.text).translate(_SMART).replace("–", "--").replace("—", "---")
    return reader.tags, " ".join(text.split())


def as_typed(typed: str) -> str:
    return " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", typed).split())


def renderer(name: str) -> Callable[[str], str]:
    program = NEEDS.get(name)
    if program and shutil.which(program) is None:
        pytest.skip(f"{program} is not installed (.ci/run installs it from Debian's packages)")
    return RENDERERS[name]


@pytest.fixture
def baseline(tmp_path: Path) -> dict[str, str]:
    return build_store(tmp_path / "plain.json", "Plain words here")


def check(name: str, exports: dict[str, str], baseline: dict[str, str], typed: str) -> None:
    render = renderer(name)
    separator = "\n\n<!-- next export -->\n\n"
    documents = render(separator.join(exports.values())).split("<!-- next export -->")
    plain = render(separator.join(baseline.values())).split("<!-- next export -->")
    assert len(documents) == len(exports), "an export swallowed the one after it"
    expected = as_typed(typed)
    for export, html_text, plain_html in zip(exports, documents, plain, strict=True):
        tags, text = read_html(html_text)
        plain_tags, _ = read_html(plain_html)
        assert expected in text, f"{export} in {name}: {typed!r} not shown as typed"
        assert tags == plain_tags, f"{export} in {name}: {typed!r} changed the shape"


@pytest.fixture(scope="module")
def all_pieces(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    typed = "Before " + " then ".join(HOSTILE_PIECES) + " after"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPACT_TUI_HOME", str(tmp_path_factory.mktemp("home")))
        return typed, build_store(tmp_path_factory.mktemp("pieces") / "c.json", typed)


@pytest.mark.parametrize("name", list(RENDERERS))
def test_the_pieces_members_type_come_out_as_typed(name: str, baseline, all_pieces) -> None:
    typed, exports = all_pieces
    check(name, exports, baseline, typed)


@pytest.mark.parametrize("name", list(RENDERERS))
def test_any_hostile_text_comes_out_as_typed(name: str, baseline,
                                             tmp_path_factory: pytest.TempPathFactory
                                             ) -> None:
    renderer(name)

    @settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "12")), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(hostile_text)
    def run(typed: str) -> None:
        exports = build_store(tmp_path_factory.mktemp("hostile") / "c.json", typed)
        check(name, exports, baseline, typed)

    run()


def test_web_addresses_are_autolinks_with_their_underscores(baseline) -> None:
    agenda = baseline["agenda"]
    assert f"**Join online:** <{TEAMS}>" in agenda
    html_text = python_markdown(agenda)
    assert f'href="{TEAMS.replace("&", "&amp;")}"' in html_text

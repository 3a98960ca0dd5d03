"""The shipped Compact content is complete and word for word, and bad content is reported well.

Counts were taken by hand from the Brentwood Compact (2016) seed; the project never reads the
seed at run time, so these numbers are the check that nothing was dropped in transcription.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compact_tui.content import (
    REQUIRED_FILES,
    Content,
    ContentError,
    content_folder,
    default_content,
    load_content,
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture
def editable(tmp_path: Path) -> Path:
    """A private copy of the shipped content that a test may break."""
    folder = tmp_path / "content"
    folder.mkdir()
    for source in content_folder().glob("*.yaml"):
        shutil.copy(source, folder / source.name)
    return folder


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path.name}")


# --- completeness -------------------------------------------------------------------------


def test_compact_identity(content: Content) -> None:
    assert content.compact.name == "Brentwood Compact"
    assert content.compact.borough == "Brentwood"
    assert content.compact.strapline == "Working Together – Better Together"
    assert content.compact.steering_group == "Brentwood Compact Steering Group"
    assert content.version == content.compact.version == "brentwood-2016.1"
    assert len(content.compact.working_group_members) == 7
    assert content.compact.working_group_members[0] == "Brentwood Borough Council"
    assert content.compact.working_group_members[-1] == "Active Brentwood"
    assert content.compact.not_a_compact[0] == "Legally binding"
    assert len(content.compact.not_a_compact) == 6


def test_five_commitment_areas_with_every_pair(content: Content) -> None:
    assert [area.number for area in content.commitment_areas] == [1, 2, 3, 4, 5]
    assert [len(area.pairs) for area in content.commitment_areas] == [6, 6, 7, 4, 2]
    assert len(content.all_commitment_pairs()) == 25
    for area in content.commitment_areas:
        assert [pair.id for pair in area.pairs] == [
            f"{area.number}.{n}" for n in range(1, len(area.pairs) + 1)
        ]
    assert content.commitment_areas[3].title == (
        "Clear arrangements for managing changes to programmes and services"
    )


def test_commitment_wording(content: Content) -> None:
    consultation = content.commitment("2.4")
    assert consultation.statutory.startswith(
        "Give early notice of consultations and allow enough time (12 weeks)"
    )
    assert consultation.vso.endswith("consultations may need to take place in shorter time frames.")
    # Pairs after the blank lines in the seed's tables are kept, in order.
    assert content.commitment("1.5").statutory.startswith("Recognise that volunteers make")
    assert content.commitment("3.4").statutory.startswith("Ensuring that monitoring and reporting")
    assert content.commitment("4.4").statutory == (
        "Give a minimum of six months notice, in writing when ending a funding agreement."
    )
    assert content.commitment_area("4.4").number == 4
    with pytest.raises(KeyError):
        content.commitment("6.1")


def test_dispute_route(content: Content) -> None:
    assert [stage.key for stage in content.dispute_stages] == [
        "raised",
        "discussion",
        "mediation",
        "resolved",
        "withdrawn",
        "unresolved",
    ]
    assert [stage.closed for stage in content.dispute_stages] == [False] * 3 + [True] * 3
    assert "listened to positively" in content.stage("raised").guidance
    assert "framework" in content.stage("discussion").guidance
    assert (
        "Essex Compact Steering Group has a mediation panel" in content.stage("mediation").guidance
    )
    assert "don't wait until things go wrong" in content.dispute_intro
    assert "Compact Compliant" in content.dispute_intro
    assert content.dispute_feedback.endswith("can be adapted and strengthened.")
    assert [s.key for s in content.open_stages()] == ["raised", "discussion", "mediation"]


def test_signup_form(content: Content) -> None:
    assert content.signup.statement.startswith(
        "On behalf of my organisation, I hereby sign up to the Brentwood Compact, committing "
        "ourselves to advance and support the Compact"
    )
    assert content.signup.statement.endswith(
        "I have read the Brentwood Compact and it has been discussed with my organisation."
    )
    assert [(f.key, f.label) for f in content.signup.fields] == [
        ("signed_by", "Signed"),
        ("signatory_name", "Name (Please print)"),
        ("signatory_role", "Role/Job Title"),
        ("organisation", "Organisation"),
        ("address", "Address"),
        ("telephone", "Telephone"),
        ("email", "Email"),
    ]
    assert content.signup.contact.startswith("To sign up please, in the first instance")


def test_champion_role_has_both_paragraphs(content: Content) -> None:
    first, second = content.champion_role.split("\n\n")
    assert first.startswith(
        "Each organisation that signs up to the Brentwood Compact should appoint a Compact "
        "Champion whose job is"
    )
    assert first.endswith("responsible for the whole Brentwood Compact.")
    assert second == (
        "In a large organisation it may make sense to have a champion in each department, with "
        "one person as the Lead Champion. The Compact Champion does not need to be the person "
        "in charge but has direct access to that person."
    )


def test_toolkit_sections_and_questions(content: Content) -> None:
    sections = content.toolkit.sections
    assert [s.number for s in sections] == list(range(1, 9))
    assert [len(s.questions) for s in sections] == [4, 4, 4, 2, 4, 3, 3, 3]
    assert len(content.all_questions()) == 27
    assert sections[6].title == "Trouble shooting"
    assert content.question("7.1").text == (
        "Does the local Compact have a clear Dispute Resolution Procedure ?"
    )
    # 3.4 comes after a blank line in the seed and still belongs to section 3.
    assert content.question("3.4").text.startswith("When was the content of the local Compact")
    assert content.question("8.3").text == (
        "Does the local Compact group proactively contact new commissioning bodies?"
    )
    assert [(r.key, r.label) for r in content.toolkit.ratings] == [
        ("good", "Good"),
        ("partly", "Partly"),
        ("not_yet", "Not yet"),
        ("na", "Not applicable"),
    ]


def test_action_plan_groups_practices_and_ratings(content: Content) -> None:
    groups = content.action_plan.groups
    assert [(g.key, g.title) for g in groups] == [
        ("A", "Staff awareness (including volunteers)"),
        ("B", "Promotion and Communication of Compact"),
        ("C", "Compact Development"),
        ("D", "Funders"),
        ("E", "Consultations"),
        ("F", "Supporting the Compact"),
    ]
    assert [len(g.practices) for g in groups] == [3, 8, 7, 4, 4, 3]
    assert len(content.all_practices()) == 29
    assert [(r.key, r.label) for r in content.action_plan.ratings] == [
        ("already", "We already do this"),
        ("better", "We could do this better"),
        ("help", "We need help with this"),
    ]


def test_action_plan_seed_quirks(content: Content) -> None:
    # Two table rows run together in the seed are split into two practices.
    assert content.practice("B.7").text == (
        "We make reference to and have displays on the Compact at our events and conferences"
    )
    assert content.practice("B.8").text.startswith("We advertise that we are signed up")
    # The practice after the page footer belongs to Compact Development.
    assert content.practice("C.7").text == (
        "We target marginalized and small groups for Compact engagement"
    )
    # Wording is verbatim, typos included.
    assert content.practice("C.4").text == "We conduct and annual review of our Compact work"
    assert "(12 weeks)" not in content.practice("E.3").text
    assert content.practice("E.3").text.endswith("at least 12 weeks for all consultations")


def test_resources(content: Content) -> None:
    titles = [r.title for r in content.resources]
    assert "Compact Voice" in titles
    council = content.resources[-1]
    assert council.email == "localism@brentwood.gov.uk"
    assert council.telephone == "01277 312500"


def test_default_content_is_cached() -> None:
    assert default_content() is default_content()
    assert default_content() == load_content()


# --- bad content --------------------------------------------------------------------------


def error_for(folder: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return caught.value


def test_syntax_error_names_file_and_line(editable: Path) -> None:
    path = editable / "toolkit.yaml"
    replace_once(path, '      - id: "7.1"\n', '      - id: "7.1\n')
    error = error_for(editable)
    assert str(error).startswith("toolkit.yaml, line ")
    assert "not valid YAML" in str(error)
    assert error.file_name == "toolkit.yaml"
    assert error.line is not None
    assert abs(error.line - line_of(path, 'id: "7.1')) <= 2


def test_missing_key_names_the_pair(editable: Path) -> None:
    path = editable / "commitments.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index('      - id: "3.2"')
    vso = text.index("        vso:", start)
    end = text.index('      - id: "3.3"', vso)
    path.write_text(text[:vso] + text[end:], encoding="utf-8")
    error = error_for(editable)
    expected_line = line_of(path, 'id: "3.2"')
    assert str(error) == f'commitments.yaml, line {expected_line}: area 3 pair 2 is missing "vso"'


def test_duplicate_id_names_both_lines(editable: Path) -> None:
    path = editable / "toolkit.yaml"
    first = line_of(path, 'id: "2.3"')
    replace_once(path, 'id: "2.4"', 'id: "2.3"')
    error = error_for(editable)
    assert "toolkit.yaml" in str(error)
    assert 'duplicate question id "2.3"' in str(error)
    assert f"first used on line {first}" in str(error)
    assert error.line == line_of(path, 'id: "2.3"', occurrence=2)


def test_wrong_type_names_the_field(editable: Path) -> None:
    path = editable / "disputes.yaml"
    replace_once(
        path, "    closed: true\n  - key: withdrawn", "    closed: maybe\n  - key: withdrawn"
    )
    error = error_for(editable)
    line = line_of(path, "closed: maybe")
    assert str(error) == (
        f'disputes.yaml, line {line}: stage 4: "closed" must be true or false, got "maybe"'
    )


def test_text_given_as_list_is_wrong_type(editable: Path) -> None:
    path = editable / "signup.yaml"
    replace_once(path, "    label: Telephone", "    label: [Telephone, Mobile]")
    error = error_for(editable)
    line = line_of(path, "label: [Telephone")
    assert str(error) == f'signup.yaml, line {line}: field 6: "label" must be text, got a list'


def test_unquoted_id_keeps_what_was_typed(editable: Path) -> None:
    """YAML would read 1.10 as the number 1.1; the reader keeps the text as written."""
    path = editable / "toolkit.yaml"
    replace_once(path, 'id: "1.4"', "id: 1.10")
    assert load_content(editable).question("1.10").text.startswith("Are local private sector")


def test_id_from_the_wrong_area(editable: Path) -> None:
    path = editable / "commitments.yaml"
    replace_once(path, 'id: "5.2"', 'id: "4.5"')
    error = error_for(editable)
    assert 'area 5 pair 2: "id" must look like "5.<number>", got "4.5"' in str(error)
    assert error.line == line_of(path, 'id: "4.5"')


def test_empty_ratings_rejected(editable: Path) -> None:
    path = editable / "action_plan.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("ratings:\n")
    end = text.index("groups:\n")
    path.write_text(text[:start] + "ratings: []\n" + text[end:], encoding="utf-8")
    error = error_for(editable)
    assert str(error) == (
        f'action_plan.yaml, line {line_of(path, "ratings: []")}: "ratings" is an empty list'
    )


def test_unknown_field_is_reported(editable: Path) -> None:
    path = editable / "champions.yaml"
    replace_once(path, "title: Compact Champions", "titel: Compact Champions")
    error = error_for(editable)
    assert 'champions.yaml, line 3: unknown field "titel"' in str(error)


@pytest.mark.parametrize("name", REQUIRED_FILES)
def test_missing_file_is_named(editable: Path, name: str) -> None:
    (editable / name).unlink()
    error = error_for(editable)
    assert str(error).startswith(f"{name}: file not found")


def test_resources_file_is_optional(editable: Path) -> None:
    (editable / "resources.yaml").unlink()
    assert load_content(editable).resources == ()


def test_empty_file_is_reported(editable: Path) -> None:
    (editable / "compact.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert str(error_for(editable)) == "compact.yaml: the file is empty"


# --- another borough ----------------------------------------------------------------------

FAKE_BOROUGH = {
    "compact.yaml": """
name: Fenwick Compact
borough: Fenwick
version: fenwick-2025.1
steering_group: Fenwick Compact Group
""",
    "commitments.yaml": """
areas:
  - number: 1
    title: Getting on
    pairs:
      - id: "1.1"
        statutory: Listen.
        vso: Speak up.
""",
    "disputes.yaml": """
intro: Talk first.
stages:
  - key: raised
    label: Raised
  - key: settled
    label: Settled
    closed: true
""",
    "signup.yaml": """
statement: We sign.
fields:
  - key: organisation
    label: Organisation
""",
    "champions.yaml": """
paragraphs:
  - Someone keeps an eye on it.
""",
    "toolkit.yaml": """
ratings:
  - key: yes
    label: Yes
sections:
  - number: 1
    title: Basics
    questions:
      - id: "1.1"
        text: Do we have a Compact?
""",
    "action_plan.yaml": """
ratings:
  - key: done
    label: Done
groups:
  - key: A
    title: Awareness
    practices:
      - id: "A.1"
        text: We tell people.
""",
}


def test_another_boroughs_folder_loads(tmp_path: Path) -> None:
    for name, text in FAKE_BOROUGH.items():
        (tmp_path / name).write_text(text.lstrip(), encoding="utf-8")
    fenwick = load_content(tmp_path)
    assert fenwick.compact.name == "Fenwick Compact"
    assert fenwick.version == "fenwick-2025.1"
    assert fenwick.commitment("1.1").vso == "Speak up."
    assert [s.key for s in fenwick.dispute_stages] == ["raised", "settled"]
    assert fenwick.stage("settled").closed
    assert fenwick.champion_role == "Someone keeps an eye on it."
    # "yes" is a YAML boolean, but a key is text: it is kept as typed.
    assert fenwick.toolkit.ratings[0].key == "yes"
    assert fenwick.practice("A.1").text == "We tell people."
    assert fenwick.resources == ()
    assert fenwick.folder == tmp_path


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="content folder not found"):
        load_content(tmp_path / "nowhere")

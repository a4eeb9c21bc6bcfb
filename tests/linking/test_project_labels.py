"""Rolling notice classifications up to the project (the rule in project_labels.py)."""

from __future__ import annotations

from datetime import date

from linking.project_labels import NoticeLabel, explain_project, project_labels


def label(
    nid: int,
    notice_type: str,
    *,
    llm: bool = True,
    industry: str = "medical",
    type: str | None = "integrated",
    scenarios: tuple[str, ...] = (),
    day: int = 1,
) -> NoticeLabel:
    return NoticeLabel(
        notice_id=nid,
        notice_type=notice_type,
        publish_date=date(2025, 3, day),
        llm=llm,
        industry=industry,
        in_scope=llm and industry == "medical",
        type=type if llm else None,
        scenarios=scenarios if llm and industry == "medical" else (),
    )


def test_no_classified_notice_gives_no_labels() -> None:
    assert project_labels([]) is None


def test_award_and_tender_outvote_an_intention() -> None:
    labels = project_labels(
        [
            label(1, "intention", llm=False, type=None),
            label(2, "tender", scenarios=("clinical",)),
            label(3, "award", scenarios=("patient",), day=20),
        ]
    )
    assert labels is not None
    assert (labels.llm, labels.industry, labels.in_scope, labels.type) == (
        True,
        "medical",
        True,
        "integrated",
    )
    assert labels.scenarios == ["clinical", "patient"]


def test_a_tie_goes_to_the_award_notice() -> None:
    labels = project_labels([label(1, "tender", type="compute"), label(2, "award", type="model", day=9)])
    assert labels is not None and labels.type == "model"
    not_llm = project_labels([label(1, "tender"), label(2, "award", llm=False, industry="medical", day=9)])
    assert not_llm is not None
    assert (not_llm.llm, not_llm.in_scope, not_llm.type, not_llm.scenarios) == (False, False, None, [])


def test_out_of_scope_project_has_no_scenarios_but_keeps_its_type() -> None:
    labels = project_labels(
        [
            label(1, "tender", industry="government", type="compute"),
            label(2, "award", industry="government", type="compute"),
        ]
    )
    assert labels is not None
    assert (labels.llm, labels.industry, labels.in_scope, labels.type, labels.scenarios) == (
        True,
        "government",
        False,
        "compute",
        [],
    )


def test_an_explicit_medical_purpose_outweighs_a_buyer_name() -> None:
    """A carrier's tender states a medical large-model purpose; its award repeats only the title and is
    read as telecom from the buyer. The project is medical (the stronger evidence), and the explain says why."""
    labels = [
        label(1, "tender", scenarios=("patient",)),
        label(2, "award", industry="telecom", day=20),
    ]
    rolled = project_labels(labels)
    assert rolled is not None and (rolled.industry, rolled.in_scope) == ("medical", True)
    why = explain_project(labels)
    assert why["project"]["industry"] == "medical"
    assert why["votes"]["industry"] == {"medical": 4, "telecom": 2}
    assert why["disagreement"] == ["industry"]
    assert [n["notice_id"] for n in why["notices"]] == [2, 1]  # award first: the tie order


def test_a_stray_medical_reading_of_a_lesser_notice_does_not_flip_the_project() -> None:
    labels = [
        label(1, "intention", industry="medical"),
        label(2, "tender", industry="government"),
        label(3, "award", industry="government", day=20),
    ]
    rolled = project_labels(labels)
    assert rolled is not None and (rolled.industry, rolled.in_scope) == ("government", False)
    assert explain_project([])["project"] is None

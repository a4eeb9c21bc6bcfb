"""The database step of linking and the classification roll-up, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import select

from domain.notice import ParsedNotice
from linking.classify_stored import classify_new, roll_up
from linking.link_stored import link_stored
from storage.db import make_engine, session_scope
from storage.models import Notice, Organisation, Project, ProjectSupplier, ScenarioTag
from storage.repo import store_classification, upsert_notice


def parsed(n: int, **fields: object) -> ParsedNotice:
    base: dict[str, object] = {
        "source": "ccgp",
        "url": f"https://www.ccgp.gov.cn/cggg/t{n}.htm",
        "buyer": "某某市人民医院",
        "region": "广东省",
        "project_code": "GD-2025-01",
    }
    base.update(fields)
    return ParsedNotice(**base)  # type: ignore[arg-type]


TENDER = parsed(
    1,
    title="某某市人民医院医疗大模型建设项目公开招标公告",
    notice_type="tender",
    publish_date=date(2025, 2, 1),
)
AWARD = parsed(
    2,
    title="某某市人民医院医疗大模型建设项目中标公告",
    notice_type="award",
    publish_date=date(2025, 3, 5),
    award_amount_yuan=Decimal("880000"),
    suppliers=["讯飞医疗科技股份有限公司"],
)
# Seen first on its own (no code): a separate project until the copy with a code links it.
COPY = parsed(
    3,
    source="ggzy",
    url="https://www.ggzy.gov.cn/information/deal/html/b/440000/0202/20250306/c3.html",
    title="医疗大模型建设项目中标公告",
    notice_type="award",
    publish_date=date(2025, 3, 6),
    project_code=None,
    award_amount_yuan=Decimal("880000.00"),
    suppliers=["讯飞医疗科技股份有限公司（统一社会信用代码：91340100MA2N0XXX1A）"],
)


def store(url: str, *notices: ParsedNotice) -> None:
    with session_scope(make_engine(url)) as session:
        for notice in notices:
            upsert_notice(notice, session=session)


def test_link_writes_projects_and_is_idempotent(database_url: str) -> None:
    store(database_url, TENDER, AWARD, COPY)
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        first = link_stored(session=session)
    assert (first.notices, first.projects, first.created, first.awarded) == (3, 1, 1, 1)
    with session_scope(engine) as session:
        again = link_stored(session=session)
        project = session.exec(select(Project)).one()
        notice_projects = set(session.exec(select(Notice.project_id)).all())
        org = session.exec(select(Organisation)).one()
        links = session.exec(select(ProjectSupplier)).all()
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert notice_projects == {project.id}
    assert (project.status, project.award_month, project.first_award_date) == (
        "awarded",
        "2025-03",
        date(2025, 3, 5),
    )
    assert project.award_amount_yuan == Decimal("880000")
    assert project.link_key == "code:GD-2025-01|某某市人民医院"
    assert (org.normalised_name, org.brand, org.kind) == ("讯飞医疗科技", "科大讯飞", "llm")
    assert [(link.project_id, link.organisation_id) for link in links] == [(project.id, org.id)]


def test_a_late_notice_merges_projects_and_the_orphan_is_removed(database_url: str) -> None:
    store(database_url, COPY)
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        link_stored(session=session)
        orphan = session.exec(select(Project)).one().id
    store(database_url, TENDER, AWARD)
    with session_scope(engine) as session:
        summary = link_stored(session=session)
        ids = session.exec(select(Project.id)).all()
    assert (summary.projects, summary.created, summary.removed) == (1, 1, 1)
    assert orphan not in ids


def test_a_cancellation_after_the_award_changes_the_status(database_url: str) -> None:
    store(database_url, TENDER, AWARD)
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        link_stored(session=session)
    store(
        database_url,
        parsed(
            4,
            title="某某市人民医院医疗大模型建设项目终止公告",
            notice_type="cancellation",
            publish_date=date(2025, 3, 20),
        ),
    )
    with session_scope(engine) as session:
        summary = link_stored(session=session)
        project = session.exec(select(Project)).one()
    assert (summary.updated, summary.awarded) == (1, 0)
    assert (project.status, project.award_month, project.award_amount_yuan) == ("cancelled", None, None)


def test_roll_up_sets_labels_and_scenario_tags(database_url: str) -> None:
    store(database_url, TENDER, AWARD, COPY)
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        link_stored(session=session)
        ids = {n.url: n.id for n in session.exec(select(Notice)).all()}
        for url, scenarios in ((TENDER.url, ["clinical"]), (AWARD.url, ["patient"]), (COPY.url, [])):
            store_classification(
                ids[url],
                session=session,
                model_version="m1",
                llm=True,
                industry="medical",
                in_scope=True,
                scope_score=0.9,
                type="integrated",
                scenarios=scenarios,
            )
        summary = roll_up("m1", session=session)
    with session_scope(engine) as session:
        project = session.exec(select(Project)).one()
        tags = sorted(t.scenario for t in session.exec(select(ScenarioTag)).all())
    assert (summary.projects, summary.llm_projects, summary.in_scope_projects) == (1, 1, 1)
    assert (project.llm, project.in_scope, project.type, project.model_version) == (
        True,
        True,
        "integrated",
        "m1",
    )
    assert project.scenarios == ["clinical", "patient"] == tags
    # A newer model that drops a scenario: the tag table follows.
    with session_scope(engine) as session:
        for url in (TENDER.url, AWARD.url, COPY.url):
            store_classification(
                ids[url],
                session=session,
                model_version="m2",
                llm=True,
                industry="medical",
                in_scope=True,
                scope_score=0.9,
                type="model",
                scenarios=["clinical"] if url == TENDER.url else [],
            )
        roll_up("m2", session=session)
    with session_scope(engine) as session:
        project = session.exec(select(Project)).one()
        tags = sorted(t.scenario for t in session.exec(select(ScenarioTag)).all())
    assert (project.type, project.scenarios, tags) == ("model", ["clinical"], ["clinical"])


def test_a_long_title_makes_a_project_on_both_backends(database_url: str) -> None:
    """A project without a code is keyed by its title: a title near the notice column's length makes a
    link key longer than its column, which PostgreSQL refused (and with it the whole linking step)."""
    title = "某某市人民医院医疗大模型建设项目" + "及配套服务" * 180 + "中标公告"
    store(database_url, parsed(5, title=title, notice_type="award", project_code=None))
    engine = make_engine(database_url)
    for _ in range(2):  # the second run finds the stored row equal to what it would write
        with session_scope(engine) as session:
            summary = link_stored(session=session)
    with session_scope(engine) as session:
        project = session.exec(select(Project)).one()
    assert (summary.projects, summary.created, summary.updated) == (1, 0, 0)
    assert project.link_key.startswith("title:医疗大模型建设项目及配套服务") and len(project.link_key) == 600
    assert len(title) <= 1000


class _Recording:
    """A classifier stand-in that records what it was asked; classify_new's own logic is under test."""

    model_version = "rec-1"

    def __init__(self) -> None:
        self.titles: list[str] = []

    def classify(self, records: list[dict[str, object]]) -> list[object]:
        from types import SimpleNamespace

        self.titles += [str(r["title"]) for r in records]
        fields = {"llm": True, "industry": "medical", "in_scope": True, "scope_score": 1.0, "type": "model"}
        return [SimpleNamespace(**fields, scenarios=[]) for _ in records]


def test_classify_new_takes_the_oldest_up_to_its_limit_then_the_rest(database_url: str) -> None:
    """The demo classifies during the crawl a batch at a time (`limit`); `process` then takes only the rest."""
    store(database_url, TENDER, AWARD, COPY)
    engine, classifier = make_engine(database_url), _Recording()
    with session_scope(engine) as session:
        assert classify_new(classifier, session=session, limit=2) == 2
    assert classifier.titles == [str(TENDER.title), str(AWARD.title)]
    with session_scope(engine) as session:
        assert classify_new(classifier, session=session) == 1
        assert classify_new(classifier, session=session) == 0
    assert classifier.titles[2:] == [str(COPY.title)]

"""The database step of linking: regroup every stored notice into projects and write the result.

Linking is re-run over all notices rather than only the new ones: a late notice (an award copy on a
second portal, a cancellation) can merge or split earlier groups, and the pure linker is cheap next
to the crawl. Only what changed is written; project ids come from link keys, so unchanged projects
keep their ids and rows. Projects left without notices are deleted with their tags and suppliers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, delete, insert, select, update
from sqlmodel import Session
from sqlmodel import select as select_models

from linking.groups import WINDOW_DAYS, NoticeRecord, link
from linking.project_facts import ProjectFacts, project_facts
from linking.suppliers import parse_supplier
from storage.models import Notice, Organisation, Project, ProjectSupplier, ScenarioTag, utcnow
from storage.repo import fit_column

NOTICE = Notice.__table__  # type: ignore[attr-defined]

_FACT_FIELDS = (
    "title",
    "buyer",
    "project_code",
    "region",
    "status",
    "first_award_date",
    "award_month",
    "budget_yuan",
    "award_amount_yuan",
    "suppliers",
    "lots",
)


# A new project's labels until classify_stored rolls its notices' results up.
_UNLABELLED: dict[str, Any] = {
    "llm": None,
    "industry": None,
    "in_scope": None,
    "type": None,
    "model_version": None,
}


@dataclass(frozen=True)
class LinkSummary:
    notices: int
    projects: int
    created: int
    updated: int
    removed: int
    awarded: int


def load_records(*, session: Session) -> list[NoticeRecord]:
    """Every stored notice's linking fields (the text and raw page stay in the database)."""
    n = NOTICE.c
    columns = (
        n.id,
        n.source,
        n.url,
        n.title,
        n.notice_type,
        n.publish_date,
        n.project_code,
        n.buyer,
        n.region,
        n.budget_yuan,
        n.award_amount_yuan,
        n.suppliers,
        n.lots,
        n.related_urls,
        # Only intentions need their body (the projects they list); the rest stays in the database.
        case((n.notice_type == "intention", n.text), else_="").label("intention_text"),
    )
    rows = session.execute(select(*columns).order_by(n.id)).all()
    return [
        NoticeRecord(
            id=row.id,
            source=row.source,
            url=row.url,
            title=row.title,
            notice_type=row.notice_type,
            publish_date=row.publish_date,
            project_code=row.project_code,
            buyer=row.buyer,
            region=row.region,
            budget_yuan=_decimal(row.budget_yuan),
            award_amount_yuan=_decimal(row.award_amount_yuan),
            suppliers=tuple(row.suppliers or ()),
            lots=row.lots,
            related_urls=tuple(row.related_urls or ()),
            intention_text=row.intention_text or "",
        )
        for row in rows
    ]


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def link_stored(*, session: Session, window_days: int = WINDOW_DAYS) -> LinkSummary:
    """Link all stored notices and bring the project, notice.project_id and supplier tables in line."""
    records = load_records(session=session)
    linked = link(records, window_days=window_days)
    existing = {p.id: p for p in session.exec(select_models(Project)).all()}
    created = updated = 0
    facts_by_id: dict[str, ProjectFacts] = {}
    now = utcnow()
    # New projects go in as rows of one multi-row INSERT: building a SQLModel object per project (its
    # validation and per-attribute hooks) and flushing them cost more than linking itself (issue 15).
    new_rows: list[dict[str, Any]] = []
    for group in linked:
        facts = project_facts(group)
        facts_by_id[group.id] = facts
        row = existing.get(group.id)
        if row is None:
            new_rows.append(
                {
                    "id": group.id,
                    "link_key": fit_column(Project, "link_key", group.link_key),
                    **{k: fit_column(Project, k, getattr(facts, k)) for k in _FACT_FIELDS},
                    **_UNLABELLED,
                    "scenarios": [],
                    "updated_at": now,
                }
            )
            created += 1
        elif _apply(row, group.link_key, facts):
            session.add(row)
            updated += 1
    session.flush()
    project_table = Project.__table__  # type: ignore[attr-defined]
    for start in range(0, len(new_rows), 500):
        session.execute(insert(project_table), new_rows[start : start + 500])

    current: dict[int, str | None] = {
        i: pid for i, pid in session.execute(select(NOTICE.c.id, NOTICE.c.project_id))
    }
    changes = [
        {"id": notice.id, "project_id": group.id}
        for group in linked
        for notice in group.notices
        if current.get(notice.id) != group.id
    ]
    if changes:
        session.execute(update(Notice), changes)

    _sync_suppliers(facts_by_id, session=session)

    stale = [pid for pid in existing if pid not in facts_by_id]
    if stale:
        session.execute(delete(ScenarioTag).where(ScenarioTag.project_id.in_(stale)))  # type: ignore[attr-defined]
        session.execute(delete(ProjectSupplier).where(ProjectSupplier.project_id.in_(stale)))  # type: ignore[attr-defined]
        session.execute(delete(Project).where(Project.id.in_(stale)))  # type: ignore[attr-defined]
    session.flush()
    return LinkSummary(
        notices=len(records),
        projects=len(linked),
        created=created,
        updated=updated,
        removed=len(stale),
        awarded=sum(1 for f in facts_by_id.values() if f.status == "awarded"),
    )


def _apply(row: Project, link_key: str, facts: ProjectFacts) -> bool:
    """Copy the facts onto an existing row; True when anything changed."""
    changed = False
    # The id comes from the whole key; the column keeps what fits (a long title makes a long key).
    link_key = fit_column(Project, "link_key", link_key)
    if row.link_key != link_key:
        row.link_key, changed = link_key, True
    for key in _FACT_FIELDS:
        new = fit_column(Project, key, getattr(facts, key))
        old = getattr(row, key)
        if isinstance(new, Decimal) or isinstance(old, Decimal):
            same = _decimal(old) == _decimal(new)
        else:
            same = old == new
        if not same:
            setattr(row, key, new)
            changed = True
    if changed:
        row.updated_at = utcnow()
    return changed


def _sync_suppliers(facts_by_id: dict[str, ProjectFacts], *, session: Session) -> None:
    """One Organisation per supplier key (or credit code), and project ↔ winner rows for every project."""
    organisations = list(session.exec(select_models(Organisation)).all())
    by_key: dict[str, Organisation | dict[str, Any]] = {o.normalised_name: o for o in organisations}
    by_code: dict[str, Organisation | dict[str, Any]] = {
        o.credit_code: o for o in organisations if o.credit_code
    }
    # New organisations are collected as rows and inserted in one statement (a flush per new one, for its
    # id, was most of this step); the pairs name them by normalised name until the ids are known.
    new_rows: list[dict[str, Any]] = []
    wanted_by_name: set[tuple[str, str]] = set()
    for project_id, facts in facts_by_id.items():
        for name in facts.suppliers:
            supplier = parse_supplier(name)
            # The column holds 300 characters; lookups use the same cut, so an over-long name stays one row.
            key = supplier.key[:300]
            if not key:
                continue
            org = (by_code.get(supplier.credit_code) if supplier.credit_code else None) or by_key.get(key)
            if org is None:
                org = {
                    "name": supplier.display[:300],
                    "normalised_name": key,
                    "credit_code": supplier.credit_code,
                    "brand": supplier.brand,
                    "kind": supplier.kind,
                }
                new_rows.append(org)
                by_key[key] = org
                if supplier.credit_code:
                    by_code[supplier.credit_code] = org
            elif isinstance(org, dict):
                if (org["brand"], org["kind"]) != (supplier.brand, supplier.kind):
                    org["brand"], org["kind"] = supplier.brand, supplier.kind
            elif (org.brand, org.kind) != (supplier.brand, supplier.kind):
                # The mapping file is the authority: a re-run after editing it re-labels old rows.
                org.brand, org.kind = supplier.brand, supplier.kind
                session.add(org)
            normalised = org["normalised_name"] if isinstance(org, dict) else org.normalised_name
            wanted_by_name.add((project_id, normalised))
    session.flush()
    ids = {o.normalised_name: o.id for o in organisations}
    if new_rows:
        table = Organisation.__table__  # type: ignore[attr-defined]
        statement = insert(table).returning(table.c.id, table.c.normalised_name)
        for start in range(0, len(new_rows), 500):
            ids.update(
                {
                    row.normalised_name: row.id
                    for row in session.execute(statement, new_rows[start : start + 500])
                }
            )
    wanted = {(project_id, ids[normalised]) for project_id, normalised in wanted_by_name}
    have = {(r.project_id, r.organisation_id) for r in session.exec(select_models(ProjectSupplier)).all()}
    for project_id, org_id in have - wanted:
        session.execute(
            delete(ProjectSupplier).where(
                ProjectSupplier.project_id == project_id,  # type: ignore[arg-type]
                ProjectSupplier.organisation_id == org_id,  # type: ignore[arg-type]
            )
        )
    added = [{"project_id": p, "organisation_id": o} for p, o in sorted(wanted - have)]
    if added:
        session.execute(insert(ProjectSupplier.__table__), added)  # type: ignore[attr-defined]
    session.flush()

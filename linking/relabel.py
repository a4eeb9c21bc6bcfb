"""Apply the vendor mapping in force to the stored winners (after the mapping file was extended)."""

from __future__ import annotations

from sqlmodel import Session, select

from linking.suppliers import Mapping, classify_supplier, mapping
from storage.models import Organisation


def relabel_organisations(*, session: Session, rules: Mapping | None = None) -> int:
    """Set every organisation's brand and kind from the mapping; returns how many changed.

    `tenders process` does the same for the winners it links; this lets `tenders vendors` show the
    effect of an edited mapping file at once, without relinking every notice.
    """
    rules = rules or mapping()
    changed = 0
    for org in session.exec(select(Organisation)).all():
        brand, kind = classify_supplier(org.name, rules)
        if (org.brand, org.kind) != (brand, kind):
            org.brand, org.kind = brand, kind
            session.add(org)
            changed += 1
    session.flush()
    return changed

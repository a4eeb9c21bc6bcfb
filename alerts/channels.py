"""The three ways an alert leaves: an Atom feed file, a JSON POST to a webhook, an e-mail over SMTP.

Each function delivers a batch of awards or raises `DeliveryError` naming where it failed; the caller
records the outcome (alerts/announce.py), so a failure is retried on the next run.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from xml.etree import ElementTree as ET

from alerts.awards import Award
from alerts.config import SmtpSettings
from reports.labels import Labels
from reports.report import yuan

ATOM = "http://www.w3.org/2005/Atom"


class DeliveryError(RuntimeError):
    """A channel could not deliver; the message names the channel's target and the reason."""


def headline(award: Award) -> str:
    """One line for a subject or a feed entry title."""
    return f"{award.buyer or '采购单位未知'}：{award.title}"


def summary(award: Award, labels: Labels | None = None) -> str:
    t = labels or Labels("zh")
    parts = [
        f"中标日期 {award.award_date or '–'}",
        f"中标方 {'、'.join(award.suppliers) or '–'}",
        f"金额 {yuan(award.amount_yuan)}",
        f"类型 {t.type(award.type) if award.type else '–'}",
    ]
    if award.scenarios:
        parts.append("场景 " + "、".join(t.scenario(s) for s in award.scenarios))
    if award.region:
        parts.append(f"地区 {award.region}")
    return "；".join(parts)


def write_atom(
    path: Path, awards: Sequence[Award], *, title: str, limit: int, now: datetime | None = None
) -> None:
    """Write the feed with these awards (newest first, at most `limit`), replacing the file atomically."""
    ET.register_namespace("", ATOM)
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = "urn:tenders:awards"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = stamp
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "tenders"
    ordered = sorted(awards, key=lambda a: (a.award_date or "", a.project_id), reverse=True)[:limit]
    for award in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:tenders:project:{award.project_id}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = headline(award)
        updated = f"{award.award_date}T00:00:00Z" if award.award_date else stamp
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = updated
        if award.url:
            ET.SubElement(entry, f"{{{ATOM}}}link", {"href": award.url, "rel": "alternate"})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary(award)
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
            handle.write(data)
            temporary = Path(handle.name)
        os.replace(temporary, path)
    except OSError as exc:
        raise DeliveryError(f"atom feed {path}: {exc.strerror or exc}") from exc


def post_webhook(url: str, awards: Sequence[Award], *, timeout: float) -> None:
    """POST {"event": "awarded", "projects": [...]} as JSON; anything but a 2xx answer is a failure."""
    body = json.dumps(
        {"event": "awarded", "count": len(awards), "projects": [a.to_json() for a in awards]},
        ensure_ascii=False,
    ).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"webhook {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"webhook {url}: {reason}") from exc
    if not 200 <= status < 300:
        raise DeliveryError(f"webhook {url}: HTTP {status}")


def email_message(settings: SmtpSettings, awards: Sequence[Award]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"新中标医疗大模型项目 {len(awards)} 个"
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    lines = []
    for number, award in enumerate(awards, start=1):
        lines += [
            f"{number}. {headline(award)}",
            f"   {summary(award)}",
            f"   {award.url or ''}".rstrip(),
            "",
        ]
    message.set_content("\n".join(lines))
    return message


def send_email(settings: SmtpSettings, awards: Sequence[Award], *, timeout: float) -> None:
    """One message listing the awards, through the configured SMTP server."""
    message = email_message(settings, awards)
    where = f"smtp {settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as client:
            if settings.starttls:
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password)
            refused = client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {exc}") from exc
    if refused:
        raise DeliveryError(f"{where}: recipients refused: {', '.join(sorted(refused))}")

"""Alerts against real local servers: an HTTP server taking the webhook's POSTs, an SMTP server
(aiosmtpd) taking the e-mails, and a real Atom file. An award is announced once per channel however
often the job re-runs; a failed delivery is recorded and delivered by the next run."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from alerts.announce import announce
from alerts.config import AlertConfig, SmtpSettings
from storage.db import make_engine, session_scope
from storage.models import AlertDelivery, Project
from tenders.jobs.config import ConfigError, alert_config, parse_config
from tenders.jobs.tasks import send_alerts

from .conftest import SmallDb

ATOM = "{http://www.w3.org/2005/Atom}"
IN_SCOPE = ("P1", "P2", "P3", "P6", "P8")  # awarded medical large-model projects of the small database


@dataclass
class Hook:
    """A local HTTP server recording the JSON bodies POSTed to it; `fail` makes it answer 500."""

    url: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)
    fail: bool = False


@pytest.fixture
def hook() -> Iterator[Hook]:
    state = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state.fail:
                self.send_response(500)
                self.end_headers()
                return
            state.bodies.append(json.loads(body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def config(tmp_path: Path, hook: Hook, port: int, since: str = "2025-01-01") -> AlertConfig:
    return AlertConfig(
        atom_file=str(tmp_path / "feed" / "awards.xml"),
        webhook_url=hook.url,
        smtp=SmtpSettings("127.0.0.1", port, "tenders@example.org", ("analyst@example.org",)),
        since=since,
        timeout_s=10,
    )


def feed_ids(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return sorted(e.findtext(f"{ATOM}id") or "" for e in root.iter(f"{ATOM}entry"))


def ids(db: SmallDb, *keys: str) -> list[str]:
    return sorted(db.project_of[k] for k in keys)


def test_awards_are_announced_once_on_every_channel(
    small_db: SmallDb, tmp_path: Path, hook: Hook, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    engine = make_engine(small_db.url)
    settings = config(tmp_path, hook, port)
    outcomes = announce(engine, settings)
    assert [(o.channel, o.announced, o.error) for o in outcomes] == [
        (channel, ids(small_db, *IN_SCOPE), None) for channel in ("atom", "webhook", "email")
    ]
    assert feed_ids(Path(settings.atom_file)) == sorted(
        f"urn:tenders:project:{i}" for i in ids(small_db, *IN_SCOPE)
    )
    assert len(hook.bodies) == 1 and hook.bodies[0]["count"] == 5
    posted = {p["project_id"]: p for p in hook.bodies[0]["projects"]}
    p1 = posted[small_db.project_of["P1"]]
    assert (p1["buyer"], p1["amount_yuan"], p1["suppliers"]) == ("甲医院", 1000000, ["科大讯飞股份有限公司"])
    assert p1["url"] == "https://www.ccgp.gov.cn/t/P1-2.htm"  # the award notice
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["Subject"] == "新中标医疗大模型项目 5 个"
    assert "甲医院：甲医院智能病历大模型应用项目" in message.get_content()

    again = announce(engine, settings)
    assert [(o.announced, o.error) for o in again] == [([], None)] * 3
    assert len(hook.bodies) == 1 and len(inbox.messages) == 1
    assert feed_ids(Path(settings.atom_file)) == sorted(
        f"urn:tenders:project:{i}" for i in ids(small_db, *IN_SCOPE)
    )


def test_switching_alerts_on_announces_only_what_comes_after(
    small_db: SmallDb, tmp_path: Path, hook: Hook, smtp: tuple[Inbox, int]
) -> None:
    engine = make_engine(small_db.url)
    settings = config(tmp_path, hook, smtp[1], since="")
    first = announce(engine, settings)
    assert [(o.baseline, o.announced) for o in first] == [(5, [])] * 3
    assert hook.bodies == [] and smtp[0].messages == []
    # A project becomes an awarded in-scope one (the classifier changed its mind after a re-run).
    with session_scope(engine) as session:
        project = session.get(Project, small_db.project_of["P4"])
        assert project is not None
        project.in_scope, project.industry = True, "medical"
        session.add(project)
    second = announce(engine, settings)
    assert [o.announced for o in second] == [ids(small_db, "P4")] * 3
    assert [p["project_id"] for p in hook.bodies[0]["projects"]] == ids(small_db, "P4")
    assert feed_ids(Path(settings.atom_file)) == [f"urn:tenders:project:{small_db.project_of['P4']}"]


def test_a_failed_delivery_is_recorded_and_sent_by_the_next_run(
    small_db: SmallDb, tmp_path: Path, hook: Hook, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    engine = make_engine(small_db.url)
    hook.fail = True
    dead = free_port()  # nothing listens there
    settings = config(tmp_path, hook, dead)
    outcomes = {o.channel: o for o in announce(engine, settings)}
    assert outcomes["atom"].error is None
    assert outcomes["webhook"].error == f"webhook {hook.url}: HTTP 500 Internal Server Error"
    assert outcomes["email"].error is not None and f"smtp 127.0.0.1:{dead}" in outcomes["email"].error
    with Session(engine) as session:
        rows = session.exec(select(AlertDelivery).where(AlertDelivery.channel == "webhook")).all()
    assert sorted(r.project_id for r in rows) == ids(small_db, *IN_SCOPE)
    assert {(r.status, r.attempts) for r in rows} == {("failed", 1)}
    assert all(r.last_error and "HTTP 500" in r.last_error for r in rows)

    hook.fail = False
    settings = config(tmp_path, hook, port)
    retried = {o.channel: o for o in announce(engine, settings)}
    assert retried["atom"].announced == []
    assert retried["webhook"].announced == ids(small_db, *IN_SCOPE) and retried["webhook"].error is None
    assert retried["email"].announced == ids(small_db, *IN_SCOPE)
    assert len(hook.bodies) == 1 and len(inbox.messages) == 1
    with Session(engine) as session:
        rows = session.exec(select(AlertDelivery).where(AlertDelivery.channel == "webhook")).all()
    assert {(r.status, r.attempts, r.last_error) for r in rows} == {("sent", 2, None)}


def test_the_nightly_hook_reads_the_channels_from_the_config(
    small_db: SmallDb, tmp_path: Path, hook: Hook, smtp: tuple[Inbox, int]
) -> None:
    feed = tmp_path / "awards.xml"
    schedule = parse_config(
        {
            "alert_atom_file": str(feed),
            "alert_webhook_url": hook.url,
            "alert_smtp_host": "127.0.0.1",
            "alert_smtp_port": smtp[1],
            "alert_smtp_from": "tenders@example.org",
            "alert_smtp_to": ["analyst@example.org"],
            "alerts_since": "2025-01-01",
        }
    )
    assert alert_config(schedule).channels() == ["atom", "webhook", "email"]
    outcomes = send_alerts(small_db.url, schedule)
    assert [len(o.announced) for o in outcomes] == [5, 5, 5]
    assert send_alerts(small_db.url, parse_config({})) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"alert_webhook_url": "ftp://x"}, "alert_webhook_url must start with http:// or https://"),
        ({"alert_smtp_host": "mail"}, "alert_smtp_host needs alert_smtp_from and alert_smtp_to"),
        ({"alert_smtp_port": 0}, "alert_smtp_port must be a port number"),
        ({"alerts_since": "2025-13-01"}, "alerts_since must be a date YYYY-MM-DD"),
        ({"alert_smtp_to": "a@b"}, "alert_smtp_to must be a list of strings"),
        ({"alert_smtp_password_env": "TENDERS_NO_SUCH_VAR"}, "names TENDERS_NO_SUCH_VAR, which is not set"),
    ],
)
def test_bad_alert_settings_name_the_key(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(raw, origin="tenders.toml")

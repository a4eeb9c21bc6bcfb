"""`tenders review`, `tenders correct` and `tenders corrections` in-process: exact errors naming the bad
input, a reviewed file with bad rows (none applied, or the good ones with --apply-good), exit codes,
and the report's ranges and method section after corrections."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from sqlmodel import Session

from linking.corrections import all_corrections
from storage.db import make_engine
from storage.models import Project
from tenders.cli import main

from .conftest import SmallDb


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def project(url: str, pid: str) -> Project:
    engine = make_engine(url)
    with Session(engine) as session:
        row = session.get(Project, pid)
    engine.dispose()
    assert row is not None
    return row


def count_corrections(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        n = len(all_corrections(session=session))
    engine.dispose()
    return n


def test_correct_one_project_and_list_undo_export(small: SmallDb, tmp_path: Path) -> None:
    p1 = small.project_of["P1"]
    code, out, err = run(
        small.url, "correct", p1, "--type", "model", "--note", "本地部署，无硬件", "--by", "alice"
    )
    assert (code, err) == (0, "")
    assert out == f"correction 1 on project {p1}: type integrated → model (by alice)\n"
    assert project(small.url, p1).type == "model"
    code, out, _ = run(small.url, "corrections")
    assert code == 0 and f"alice       {p1}  type integrated → model  — 本地部署，无硬件" in out
    code, out, _ = run(small.url, "corrections", "--undo", "1", "--by", "bob", "--note", "wrong")
    assert (code, out) == (0, "correction 1 undone by bob; the labels are worked out again without it\n")
    assert project(small.url, p1).type == "integrated"
    assert run(small.url, "corrections")[1] == "no corrections in force\n"
    assert "[undone " in run(small.url, "corrections", "--list", "--all")[1]
    target = tmp_path / "history.json"
    code, _, err = run(small.url, "corrections", "--export", str(target))
    assert code == 0 and err == f"wrote {target} (1 corrections, undone ones included)\n"
    history = json.loads(target.read_text(encoding="utf-8"))
    assert [(h["id"], h["revoked_by"], h["analyst"]) for h in history] == [(1, "bob", "alice")]


def test_bad_single_corrections_name_the_input(small: SmallDb) -> None:
    p7 = small.project_of["P7"]
    cases = [
        (["correct", "nope", "--in-scope", "no", "--note", "x"], "Error: unknown project id 'nope'\n"),
        (
            ["correct", p7, "--in-scope", "maybe", "--note", "x"],
            "Error: invalid --in-scope 'maybe': expected yes or no\n",
        ),
        (
            ["correct", p7, "--type", "gpu", "--note", "x"],
            "Error: invalid type 'gpu': expected one of compute, model, integrated\n",
        ),
        (
            ["correct", p7, "--scenarios", "clinical,surgery", "--note", "x"],
            "Error: invalid scenario 'surgery': expected some of clinical, management, patient, research, "
            "public_health or none\n",
        ),
        (
            ["correct", p7, "--in-scope", "yes"],
            f"Error: project {p7}: a correction needs --note saying why\n",
        ),
        (["correct", "--note", "x"], "Error: give PROJECT_ID and the labels to change, or --from FILE\n"),
        (["corrections", "--undo", "7"], "Error: unknown correction id 7\n"),
    ]
    for args, message in cases:
        code, out, err = run(small.url, *args)
        assert (code, out, err) == (1, "", message), args
    assert count_corrections(small.url) == 0


def _reviewed_csv(small: SmallDb, path: Path) -> None:
    rows = [
        {"project_id": small.project_of["P2"], "decision_type": "model", "decision_note": "MaaS 平台软件"},
        {"project_id": small.project_of["P1"]},  # no decision
        {"project_id": "nope", "decision_in_scope": "no", "decision_note": "x"},
        {"project_id": small.project_of["P4"], "decision_industry": "medical", "decision_note": "卫健委项目"},
        {"project_id": small.project_of["P8"], "decision_in_scope": "perhaps", "decision_note": "x"},
        {"project_id": small.project_of["P7"], "decision_in_scope": "yes"},
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh,
            fieldnames=[
                "project_id",
                "decision_in_scope",
                "decision_industry",
                "decision_type",
                "decision_note",
            ],
        )
        writer.writeheader()
        writer.writerows(rows)


def test_a_file_with_bad_rows_applies_nothing_unless_told(small: SmallDb, tmp_path: Path) -> None:
    reviewed = tmp_path / "reviewed.csv"
    _reviewed_csv(small, reviewed)
    p7 = small.project_of["P7"]
    expected_errors = (
        "error: row 4: unknown project id 'nope'\n"
        f"error: row 6 (project {small.project_of['P8']}): invalid decision_in_scope 'perhaps': expected yes or no\n"
        f"error: row 7 (project {p7}): decision_note is empty (say why)\n"
    )
    code, out, err = run(small.url, "correct", "--from", str(reviewed), "--by", "carol")
    assert code == 1 and out == ""
    assert err == expected_errors + (
        "applied none of 2 good rows: 3 bad rows (fix them, or re-run with --apply-good to apply the good rows alone)\n"
    )
    assert count_corrections(small.url) == 0
    assert project(small.url, small.project_of["P2"]).type == "compute"

    code, out, err = run(small.url, "correct", "--from", str(reviewed), "--by", "carol", "--apply-good")
    assert code == 1 and err == expected_errors
    assert out.splitlines()[-1] == (
        f"applied 2 corrections from {reviewed} in one transaction (1 rows without a decision, 3 bad rows)"
    )
    assert project(small.url, small.project_of["P2"]).type == "model"
    assert project(small.url, small.project_of["P4"]).in_scope is True
    engine = make_engine(small.url)
    with Session(engine) as session:
        rows = all_corrections(session=session)
    engine.dispose()
    assert [(r.analyst, r.source) for r in rows] == [("carol", str(reviewed))] * 2


def test_unreadable_files_are_one_line(small: SmallDb, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("x", encoding="utf-8")
    assert run(small.url, "correct", "--from", str(bad))[2] == (
        f"Error: {bad}: unknown file kind .txt; use .csv, .xlsx or .json\n"
    )
    headless = tmp_path / "r.csv"
    headless.write_text("id,decision\n1,x\n", encoding="utf-8")
    assert (
        run(small.url, "correct", "--from", str(headless))[2]
        == f"Error: {headless}: no project_id column in the header\n"
    )
    broken = tmp_path / "r.xlsx"
    broken.write_bytes(b"not a zip")
    assert (
        run(small.url, "correct", "--from", str(broken))[2]
        == f"Error: {broken}: not an xlsx workbook (BadZipFile)\n"
    )


def test_review_lists_projects_and_its_files_come_back(small: SmallDb, tmp_path: Path) -> None:
    code, out, _ = run(small.url, "review", "--month", "2025-03", "--since", "2025-01", "--format", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    ids = {r["project_id"] for r in rows}
    # Awarded in the period and not cancelled: P1, P2, P3, P4, P7, P8 (P5 cancelled, P6 after the period).
    assert ids <= {small.project_of[k] for k in ("P1", "P2", "P3", "P4", "P7", "P8")} and ids
    shifts = [r["expected_shift"] for r in rows]
    assert shifts == sorted(shifts, reverse=True)
    first = rows[0]
    assert first["sources"]["in_scope"] == "model" and first["notice_urls"]
    assert set(first["evidence"]) >= {"llm", "industry"}
    assert first["decision_in_scope"] == ""

    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"review.{fmt}"
        code, _, err = run(small.url, "review", "--month", "2025-03", "--format", fmt, "-o", str(target))
        assert code == 0 and err.startswith(f"wrote {target} (")
    table = list(csv.DictReader(io.StringIO((tmp_path / "review.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["project_id"] for r in table] == [r["project_id"] for r in rows]
    p1 = small.project_of["P1"]
    for r in table:
        if r["project_id"] == p1:
            r.update(decision_scenarios="clinical,patient", decision_note="award lists 导诊")
    with (tmp_path / "filled.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    code, out, err = run(small.url, "correct", "--from", str(tmp_path / "filled.csv"), "--by", "dan")
    assert (code, err) == (0, "")
    assert project(small.url, p1).scenarios == ["clinical", "patient"]

    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "review.xlsx").active
    assert sheet is not None
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:2] == ["rank", "project_id"] and header[-1] == "decision_by"

    code, out, _ = run(small.url, "review", "--month", "2025-03")
    assert code == 0 and out.startswith("  #   shift  project")


def test_report_states_ranges_analyst_labels_and_corrections(small: SmallDb) -> None:
    p2, p7 = small.project_of["P2"], small.project_of["P7"]
    assert (
        run(
            small.url, "correct", p2, "--industry", "finance", "--note", "为银行数据中心采购", "--by", "erin"
        )[0]
        == 0
    )
    assert (
        run(small.url, "correct", p7, "--in-scope", "yes", "--type", "model", "--note", "运维知识库大模型")[0]
        == 0
    )
    code, out, _ = run(small.url, "report", "--month", "2025-03", "--since", "2025-01")
    assert code == 0
    assert "## 关键数字的 95% 区间" in out and "- 报告期医疗大模型中标项目: 4（95% 区间 " in out
    assert "；其中 1 个依据分析师标注" in out and "### 生效的分析师更正" in out
    code, out, _ = run(small.url, "report", "--month", "2025-03", "--since", "2025-01", "--lang", "en")
    assert code == 0
    assert "## 95 % ranges of the headline figures" in out
    # P1, P3, P8 by the model and P7 by the analyst are in scope; P2 corrected out of it.
    assert "- In-scope projects, whole period: 4 (95 % range " in out
    assert "; 1 on analyst labels" in out
    assert "### Analyst corrections in force" in out
    assert f"- #1 {p2}: industry medical → finance — erin, " in out and "为银行数据中心采购" in out
    assert f"- #2 {p7}: llm no → yes, industry medical (confirmed), type – → model — " in out
    assert "### Ranges" in out and "Error measured on: heldout 1164, heldout" in out
    code, out, _ = run(small.url, "report", "--month", "2025-03", "--format", "json")
    notes = json.loads(out)["notes"]
    assert notes["analyst"]["total"] == 1
    assert notes["analyst"]["pen:compute"] == 1  # P2 is still a large-model compute project, of finance
    assert notes["analyst"]["type:model"] == 1
    low, high = notes["ranges"]["total"]
    assert low <= 4 <= high


def test_html_report_states_ranges_and_corrections(small: SmallDb) -> None:
    p2 = small.project_of["P2"]
    assert (
        run(small.url, "correct", p2, "--type", "model", "--note", "<b>MaaS</b> 软件", "--by", "erin")[0] == 0
    )
    code, out, _ = run(small.url, "report", "--month", "2025-03", "--format", "html", "--lang", "en")
    assert code == 0
    assert (
        "<h2>95 % ranges of the headline figures</h2><ul><li>In-scope projects, whole period: 4 (95 % range"
        in out
    )
    assert "<h3>Analyst corrections in force</h3>" in out
    assert f"#1 {p2}: type compute → model — erin, " in out
    assert "&lt;b&gt;MaaS&lt;/b&gt; 软件" in out and "<b>MaaS</b>" not in out

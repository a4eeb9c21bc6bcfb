"""`tenders classify [FILE...|-]`: add llm / industry / in_scope / scope_score / type / scenarios (docs/domain.md §8)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

# Files read as JSON lines; anything else is a saved portal page handed to crawler.parse.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Real detail pages are well under 200 kB; a larger file is not a single notice page.
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_LINE_CHARS = 1024 * 1024
BATCH = 2000
# The fields the classifier reads; every other field of an input (id, url, a user's own columns) is
# printed back unchanged (docs/domain.md §8), and the answers are added beside them.
READ_FIELDS = ("title", "text", "buyer")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class InputProblem(ValueError):
    """One input (file or line) that cannot be classified; the message names it."""


def check_record(record: Any, where: str) -> dict[str, Any]:
    """The record if the classifier can read it, else InputProblem naming `where` and the reason."""
    if not isinstance(record, dict):
        raise InputProblem(f"{where}: expected a JSON object, got {type(record).__name__}")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise InputProblem(f"{where}: title must be a string")
    if not isinstance(title, str) or not title.strip():
        raise InputProblem(f"{where}: empty or missing title")
    for name in ("text", "buyer"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputProblem(f"{where}: {name} must be a string or null")
    if not CJK.search(title) and not CJK.search(record.get("text") or ""):
        raise InputProblem(f"{where}: no Chinese text in title or text; the classifier reads Chinese notices")
    return record


def jsonl_records(lines: Iterator[str], name: str) -> Iterator[dict[str, Any] | InputProblem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        if len(line) > MAX_LINE_CHARS:
            yield InputProblem(f"{where}: line of {len(line)} characters is over the {MAX_LINE_CHARS} limit")
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield InputProblem(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield check_record(record, where)
        except InputProblem as problem:
            yield problem


def page_records(path: Path, source: str | None) -> Iterator[dict[str, Any] | InputProblem]:
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        yield InputProblem(
            f"{path}: {size / 1e6:.1f} MB is over the {MAX_PAGE_BYTES // (1024 * 1024)} MB limit for a saved page"
        )
        return
    try:
        from crawler.parse import parse_file
    except ImportError as exc:
        yield InputProblem(
            f"{path}: saved pages need the page parser (crawler.parse), which is unavailable: {exc}"
        )
        return
    try:
        notices = parse_file(path, source=source)
    except Exception as exc:  # the parser's own errors name the problem; keep going with other files
        yield InputProblem(f"{path}: could not be parsed ({exc})")
        return
    if not notices:
        yield InputProblem(f"{path}: no notice found in the page")
    for i, notice in enumerate(notices, start=1):
        try:
            yield check_record(notice.to_json(), f"{path} (notice {i})")
        except InputProblem as problem:
            yield problem


def read_inputs(inputs: tuple[str, ...], source: str | None) -> Iterator[dict[str, Any] | InputProblem]:
    for name in inputs or ("-",):
        if name == "-":
            yield from jsonl_records(iter(sys.stdin), "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            yield InputProblem(f"{path}: is a directory, not a file")
        elif not path.is_file():
            yield InputProblem(f"{path}: no such file")
        elif path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with path.open(encoding="utf-8") as handle:
                    yield from jsonl_records(handle, str(path))
            except UnicodeDecodeError as exc:
                yield InputProblem(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        else:
            yield from page_records(path, source)


@click.command("classify", short_help="Add llm, industry, scope, type and scenarios to notices.")
@click.argument("inputs", nargs=-1, metavar="[FILE...|-]")
@click.option(
    "--source", type=click.Choice(["ccgp", "ggzy", "zcy"]), default=None, help="Portal of saved pages."
)
@click.option(
    "--explain",
    is_flag=True,
    help="Add the large-model cue found and the features that weighed most in each decision.",
)
@click.option(
    "--project",
    "project_id",
    default=None,
    metavar="ID",
    help="Instead of inputs: explain a stored project's labels (its notices' answers, the votes, the rule).",
)
@click.pass_context
def command(
    ctx: click.Context, inputs: tuple[str, ...], source: str | None, explain: bool, project_id: str | None
) -> None:
    """Classify notices: JSON lines (.jsonl/.ndjson or - for stdin, each with a title and optionally
    text and buyer) or saved portal pages. Prints each input back as JSON, its other fields (id, url, your
    own columns) unchanged, with llm, industry, in_scope, scope_score, type and scenarios added; bad inputs
    (no title, a title/text/buyer that is not a string) are reported on stderr and skipped (exit code 1).
    --explain adds the large-model cue the llm answer rests on and the features that weighed most.

    \b
    Example:
      echo '{"title": "某市人民医院DeepSeek一体机采购项目中标公告"}' | tenders classify -
      tenders classify notices.jsonl page.html --explain
      tenders --db sqlite:///demo.db classify --project 3f2a…   # why a project is (not) in scope
    """
    if project_id is not None:
        if inputs:
            raise click.UsageError("--project explains a stored project; give no FILE with it")
        click.echo(json.dumps(explain_stored_project(ctx, project_id), ensure_ascii=False, indent=2))
        return
    from classifier.persist import ModelLoadError
    from classifier.predict import load_classifier

    try:
        classifier = load_classifier()
    except ModelLoadError as exc:
        raise click.ClickException(str(exc)) from None
    failed = False
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        for record, result in zip(batch, classifier.classify(batch), strict=True):
            out = dict(record) | result.to_json()
            if explain:
                out["explain"] = classifier.explain(record, result)
            click.echo(json.dumps(out, ensure_ascii=False))
        batch.clear()

    for item in read_inputs(inputs, source):
        if isinstance(item, InputProblem):
            failed = True
            click.echo(f"error: {item}", err=True)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    flush()
    if failed:
        raise click.exceptions.Exit(1)


def explain_stored_project(ctx: click.Context, project_id: str) -> dict[str, Any]:
    """`explain_project` of one stored project, read with the model version that labelled it."""
    # Imported here, as the classifier is below: only this path needs the database (CLI start-up time).
    from sqlmodel import Session

    from linking.classify_stored import notice_labels
    from linking.project_labels import explain_project
    from storage.models import Project
    from tenders.context import open_engine

    with Session(open_engine(ctx)) as session:
        project = session.get(Project, project_id)
        if project is None:
            raise click.ClickException(f"project {project_id}: no such project in the database")
        if project.model_version is None:
            raise click.ClickException(f"project {project_id}: not classified yet (run `tenders process`)")
        labels = notice_labels(project.model_version, session=session, project_id=project_id)
    return {"project_id": project_id, "model_version": project.model_version} | explain_project(
        labels.get(project_id, [])
    )

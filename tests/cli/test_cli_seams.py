"""The command line's common seams: the command list in `tenders --help`, `status --format`, the
global `--db` (which `demo` uses too), and one wording for bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tenders.cli import main, one_liner

SCREEN_LINES = 50


def test_help_fits_a_screen_and_every_one_liner_is_whole() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= SCREEN_LINES, f"{len(lines)} lines"
    listing = lines[lines.index("Commands:") + 1 :]
    rows: dict[str, str] = {}
    name = ""
    for line in listing:
        if not line.strip() or line.strip().startswith("Examples:"):
            break
        if not line.startswith("    "):  # a command's first line; continuation lines are indented further
            name, _, text = line.strip().partition(" ")
            rows[name] = text.strip()
        else:
            rows[name] += " " + line.strip()
    assert sorted(rows) == sorted(main.commands)
    for name, text in rows.items():
        whole = one_liner(main.commands[name])
        # click hyphenates nothing but may break after a hyphen: compare without the breaks' spaces.
        assert text.replace("- ", "-") == whole.replace("- ", "-"), name
        assert not text.endswith("..."), f"{name}: one-liner cut: {text!r}"


def test_one_liner_is_the_first_sentence_not_an_ellipsis() -> None:
    import click

    command = click.Command("x", help="Crawl SOURCE... into the database. More detail here.")
    assert one_liner(command) == "Crawl SOURCE... into the database."
    assert one_liner(click.Command("y", help="One line", short_help="Short.")) == "Short."


def test_status_format_json_and_the_old_flag(database_url: str) -> None:
    runner = CliRunner()
    as_json = runner.invoke(main, ["--db", database_url, "status", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [r["source"] for r in rows] == ["ccgp", "ggzy", "zcy"]
    assert all(r["last_run"] is None and r["fetched"] == 0 for r in rows)
    # --json was the flag before --format; scripts that use it get the same lines, the help shows it no more.
    old = runner.invoke(main, ["--db", database_url, "status", "--json"])
    assert (old.exit_code, old.stdout) == (0, as_json.stdout)
    help_text = runner.invoke(main, ["status", "--help"]).stdout
    assert "--format" in help_text and "--json" not in help_text
    table = runner.invoke(main, ["--db", database_url, "status"])
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split()[:3] == ["source", "last", "run"]


def test_demo_has_no_db_option_of_its_own(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "Error: --db goes before the command: tenders --db URL demo" in result.stderr
    assert "--db" not in CliRunner().invoke(main, ["demo", "--help"]).stdout.split("Options:")[1]


def test_demo_takes_the_global_db(tmp_path: Path) -> None:
    """`tenders --db URL demo` opens that database (here a text file: refused before any crawl)."""
    text = tmp_path / "notes.db"
    text.write_text("not a database\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--db", f"sqlite:///{text}", "demo", "--quiet", "--output-dir", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and str(text) in result.stderr
    assert text.read_text(encoding="utf-8") == "not a database\n"


def test_parse_words_bad_files_like_every_command(tmp_path: Path) -> None:
    """Each bad file: one line `Error: FILE: reason`; the others are parsed; exit code 2 (bad input)."""
    missing = tmp_path / "missing.html"
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["parse", str(missing), str(empty)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"Error: {missing}: ") and lines[1].startswith(f"Error: {empty}: ")


def test_readme_shows_the_real_command_list() -> None:
    """The README's `tenders --help` excerpt is the command list the CLI prints (80 columns)."""
    from domain.paths import REPO_ROOT

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ tenders --help\n") + len("$ tenders --help\n")
    shown = readme[start : readme.index("```", start)]
    printed = CliRunner().invoke(main, ["--help"], terminal_width=80).stdout
    commands = printed[printed.index("Commands:") :]
    commands = commands[: commands.index("\n\n") + 1]
    assert shown == commands

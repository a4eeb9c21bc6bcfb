"""The README's two set-up commands are the ones CI runs, and every command is documented."""

from __future__ import annotations

import re

from click.testing import CliRunner

from domain.paths import REPO_ROOT
from tenders.cli import main


def _readme_commands() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return [line.strip() for line in re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)]


def test_readme_has_the_two_setup_commands() -> None:
    main_job, tests = _readme_commands()[:2]
    assert main_job.endswith("tenders demo")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "tenders " + name in result.output or "Example" in result.output, (
            f"{name} --help has no example"
        )
        assert command.help, name


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in main.commands if f"tenders {name}" not in readme]
    assert not missing, f"commands not in the README: {missing}"

"""Every command documents itself: help text with an Example block."""

from __future__ import annotations

import click
import pytest

from storyline.cli import cli


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


@pytest.mark.parametrize(
    "path,command", list(commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_has_help(runner, path, command) -> None:
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert command.help and len(command.help.strip()) > 20


@pytest.mark.parametrize("name", ["add", "analyze", "export", "stages", "eval"])
def test_top_level_commands_show_an_example(runner, name) -> None:
    result = runner.invoke(cli, [name, "--help"])
    assert "Example:" in result.output

"""The Typer application every command module registers itself on.

Two things differ from Typer's defaults, both for people reading the terminal and scripts
reading stderr:

- a usage error (unknown option, missing argument, a number out of range) is one line,
  `newsevents: error: <problem> (see 'newsevents CMD --help')`, exit code 2, like every other
  error of the program, instead of a framed panel that wraps at the terminal's width;
- `--help` shows each option's metavar (`FILE`, `N`) and nothing for flags, instead of Python
  type placeholders such as `<list[str]>` or `<bool>`.

`newsevents --version` prints the version (`newsevents.__version__`).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from newsevents import __version__


class _Option(TyperOption):
    """An option whose help shows its metavar, or nothing for a flag."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is None and self.name:
            return self.name.upper()
        return self.metavar


class _Argument(TyperArgument):
    """An argument whose help shows its name only (the metavar), never a type placeholder."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required or name.startswith("[") else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


def _plain_params(params: list[Any]) -> None:
    """Give Typer's parameters the help display above (same objects, narrower classes).

    Typer builds the parameter objects itself from the command functions, so their class is
    changed after the fact; the two methods overridden are Typer's own display hooks, and
    tests/cli/test_cli_app.py pins the help and usage lines they produce.
    """
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _Option
        elif type(param) is TyperArgument:
            param.__class__ = _Argument


class Command(TyperCommand):
    """A command with the help display above (`Group` makes every command of the app one)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _plain_params([option])
        return option


class Group(TyperGroup):
    """The `newsevents` group: help display and one-line usage errors (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_params(self.params)
        for command in self.commands.values():
            if type(command) is TyperCommand:
                command.__class__ = Command
                _plain_params(command.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _plain_params([option])
        return option

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        run = functools.partial(
            super().main, args, prog_name, complete_var, windows_expand_args=windows_expand_args, **extra
        )
        if not standalone_mode:
            return run(standalone_mode=False)
        try:
            code = run(standalone_mode=False)
        except typer.TyperException as exc:  # click's usage and parameter errors
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            problem = " ".join(exc.format_message().split()).rstrip(".")
            typer.echo(f"newsevents: error: {problem}{hint}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("newsevents: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    name="newsevents",
    cls=Group,
    help="Turn news reports into PLOVER political event data with evidence.",
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"newsevents {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    # Without a command: the help, and exit code 2 as for any other incomplete command line.
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)

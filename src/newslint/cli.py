"""The command line: parse options, run the data path, echo, exit. No logic of its own."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from newslint import __version__
from newslint.errors import UserError
from newslint.findings import SEVERITY_NAMES, Severity

EXIT_USER_ERROR = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newslint")
def cli() -> None:
    """newslint: find what an editor would cut from news text."""


def _encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from newslint.document import codec_name

    try:
        return codec_name(value)
    except UserError as err:
        raise click.BadParameter(err.message) from None


ENCODING_OPTION = click.option(
    "--encoding", default="utf-8", show_default=True, callback=_encoding,
    help="Text encoding of the files (a UTF-8 byte-order mark is always understood).",
)


def _echo_problems(errors: list[str], notes: list[str]) -> None:
    for note in notes:
        click.echo(f"newslint: note: {note}", err=True)
    for error in errors:
        click.echo(f"newslint: error: {error}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path), help="Extra directory of YAML rule files (repeatable).")
@click.option("--no-default-rules", is_flag=True, help="Do not load the built-in rule pack.")
@click.option("--fail-on", type=click.Choice(SEVERITY_NAMES), default="error", show_default=True, help="Lowest severity that makes the exit code 1.")
@ENCODING_OPTION
def check(paths: tuple[str, ...], output_format: str, rule_dirs: tuple[Path, ...], no_default_rules: bool, fail_on: str, encoding: str) -> None:
    """Check PATHS (files or directories of .txt and .md) and print the findings."""
    from newslint import discover, document, linter, rules
    from newslint.formats import FORMATS

    ruleset = rules.load(list(rule_dirs), include_default=not no_default_rules)
    found, bad_paths = discover.find(list(paths) or ["."])
    docs, errors, notes = document.read_all(found, encoding)
    report = linter.lint(docs, ruleset)
    report.errors[:0] = sorted([str(err) for err in bad_paths] + errors)
    _echo_problems(report.errors, notes)
    click.echo(FORMATS[output_format](report), nl=False)
    sys.exit(report.exit_code(Severity.parse(fail_on)))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes and write nothing.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path), help="Extra directory of YAML rule files (repeatable).")
@click.option("--no-default-rules", is_flag=True, help="Do not load the built-in rule pack.")
@ENCODING_OPTION
def fix(paths: tuple[str, ...], show_diff: bool, check_only: bool, rule_dirs: tuple[Path, ...], no_default_rules: bool, encoding: str) -> None:
    """Remove what findings of fixable rules name (later copies of repeated blocks,
    boilerplate and promo lines) from PATHS, writing each file atomically."""
    from newslint import fix as fixer
    from newslint import rules

    ruleset = rules.load(list(rule_dirs), include_default=not no_default_rules)
    fixes, errors, notes = fixer.run(list(paths) or ["."], ruleset, encoding)
    changed = [f for f in fixes if f.changed]
    written = 0
    for file_fix in changed:
        if show_diff:
            click.echo(file_fix.diff(), nl=False)
        if show_diff or check_only:
            click.echo(("would fix " if check_only else "") + file_fix.summary(), err=show_diff)
            continue
        try:
            fixer.write(file_fix)
        except UserError as err:
            errors.append(str(err))
            continue
        written += 1
        click.echo(f"fixed {file_fix.summary()}")
    _echo_problems(errors, notes)
    verb = "would fix" if show_diff or check_only else "fixed"
    count = len(changed) if show_diff or check_only else written
    click.echo(f"{len(fixes)} file{'s' if len(fixes) != 1 else ''} checked, {verb} {count}", err=show_diff)
    if errors:
        sys.exit(EXIT_USER_ERROR)
    sys.exit(1 if check_only and changed else 0)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops like Ctrl-C: a file being written is left whole


def main() -> None:
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cli.main(standalone_mode=False)
    except UserError as err:
        click.echo(f"newslint: error: {err}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except click.exceptions.Abort:
        click.echo("newslint: aborted", err=True)
        sys.exit(EXIT_USER_ERROR)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_USER_ERROR)
    except BrokenPipeError:
        sys.exit(0)

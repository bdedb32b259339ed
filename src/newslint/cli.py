"""The command line: parse options, run the data path, echo, exit. No logic of its own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newslint import __version__
from newslint.cache import DIRECTORY as CACHE_DIRECTORY
from newslint.errors import UserError
from newslint.findings import SEVERITY_NAMES, Severity

EXIT_USER_ERROR = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newslint")
def cli() -> None:
    """newslint: find what an editor would cut from news text."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path), help="Extra directory of YAML rule files (repeatable).")
@click.option("--no-default-rules", is_flag=True, help="Do not load the built-in rule pack.")
@click.option("--fail-on", type=click.Choice(SEVERITY_NAMES), default="error", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Processes for the per-document work (default 0: all cores).")
@click.option("--no-cache", is_flag=True, help=f"Analyse every file again instead of reusing results cached in {CACHE_DIRECTORY}/.")
def check(paths: tuple[str, ...], output_format: str, rule_dirs: tuple[Path, ...], no_default_rules: bool, fail_on: str, jobs: int, no_cache: bool) -> None:
    """Check PATHS (files or directories of .txt and .md) and print the findings."""
    from newslint import discover, linter, parallel, rules
    from newslint.formats import FORMATS

    ruleset = rules.load(list(rule_dirs), include_default=not no_default_rules)
    files = discover.files(list(paths) or ["."])
    cache_dir = None if no_cache else Path(CACHE_DIRECTORY)
    report = linter.lint_files(files, ruleset, jobs=jobs or parallel.default_jobs(), cache_dir=cache_dir)
    for error in report.errors:
        click.echo(f"newslint: error: {error}", err=True)
    click.echo(FORMATS[output_format](report), nl=False)
    sys.exit(report.exit_code(Severity.parse(fail_on)))


def main() -> None:
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

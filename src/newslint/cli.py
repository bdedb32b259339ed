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


class NewslintGroup(click.Group):
    """Turns a UserError from any command into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as err:
            click.echo(f"newslint: error: {err}", err=True)
            ctx.exit(EXIT_USER_ERROR)


@click.group(cls=NewslintGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--no-cache", is_flag=True, help="Analyse every file again; neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="NEWSLINT_CACHE_DIR", default=CACHE_DIRECTORY, show_default=True, help="Where per-file results are cached (env NEWSLINT_CACHE_DIR).")
def check(paths: tuple[str, ...], output_format: str, rule_dirs: tuple[Path, ...], no_default_rules: bool, fail_on: str, jobs: int, no_cache: bool, cache_dir: Path) -> None:
    """Check PATHS (files or directories of .txt and .md) and print the findings."""
    from newslint import discover, linter, parallel, rules
    from newslint.formats import FORMATS

    ruleset = rules.load(list(rule_dirs), include_default=not no_default_rules)
    files = discover.files(list(paths) or ["."])
    report = linter.lint_files(files, ruleset, jobs=jobs or parallel.default_jobs(), cache_dir=None if no_cache else cache_dir)
    for error in report.errors:
        click.echo(f"newslint: error: {error}", err=True)
    click.echo(FORMATS[output_format](report), nl=False)
    sys.exit(report.exit_code(Severity.parse(fail_on)))


def main() -> None:
    try:
        cli.main(prog_name="newslint")
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly.
        sys.stderr.close()
        sys.exit(0)

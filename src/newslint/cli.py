"""The command line: parse options, run the data path, echo, exit. No logic of its own."""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import click

from newslint import __version__
from newslint.index_commands import index_group, index_option, trust_paths_option, trusted
from newslint.cache import DIRECTORY as CACHE_DIRECTORY
from newslint.errors import UserError
from newslint.findings import SEVERITY_NAMES, Severity
from newslint.formats import FORMATS
from newslint.safe_text import printable, representable
from newslint.style import COLOR_MODES

if TYPE_CHECKING:
    from newslint.progress import Progress

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130
ECHO_CHUNK = 1 << 20  # characters
# Below this many documents a run is too short for a progress bar to help.
PROGRESS_MIN_DOCUMENTS = 100


class NewslintGroup(click.Group):
    """Turns a UserError from any command into one line on stderr and exit code 2.

    An interrupt (Ctrl-C, SIGTERM) exits 130, as shells report it, rather than click's 1,
    which CI would read as "findings".
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as err:
            click.echo(f"newslint: error: {printable(str(err))}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except (KeyboardInterrupt, click.Abort):
            click.echo("newslint: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


@click.group(cls=NewslintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newslint")
def cli() -> None:
    """newslint: find what an editor would cut from news text."""


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeatable, comma-separated selector flags → one tuple."""
    return tuple(s.strip() for value in values for s in value.split(",") if s.strip())


def rule_options(command: Callable) -> Callable:
    """The options that choose the rules: shared by check, rules and explain."""
    options = [
        click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
                     help="Config file to use instead of discovering newslint.yaml, .newslint.yaml or [tool.newslint] in pyproject.toml."),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path),
                     help="Extra directory of YAML rule files (repeatable; adds to rule-dirs)."),
        click.option("--no-default-rules", is_flag=True, help="Do not load the built-in rule pack."),
        click.option("--select", multiple=True, metavar="RULES",
                     help="Run only these rule ids or categories (comma-separated, repeatable; ALL for every rule)."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rule ids or categories (adds to ignore)."),
        click.option("--extend-select", multiple=True, metavar="RULES",
                     help="Run these rule ids or categories as well (adds to extend-select)."),
        trust_paths_option(),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from newslint.document import codec_name

    try:
        return None if value is None else codec_name(value)
    except UserError as err:
        raise click.BadParameter(err.message) from None


def encoding_option(command: Callable) -> Callable:
    return click.option(
        "--encoding", default=None, callback=_encoding,
        help="Text encoding of the files  [default: utf-8, or the config's encoding; a UTF-8 byte-order mark is always understood].",
    )(command)


def echo_problems(errors: list[str], notes: list[str]) -> None:
    # printable: a file name holding a newline or an ESC must not split a message or drive the terminal.
    for note in notes:
        click.echo(f"newslint: note: {printable(note)}", err=True)
    for error in errors:
        click.echo(f"newslint: error: {printable(error)}", err=True)


def load_config(config_file, rule_dirs, no_default_rules, select, ignore, extend_select, **more):
    from newslint import config

    flags = dict(
        rule_dirs=tuple(rule_dirs),
        default_rules=False if no_default_rules else None,
        select=_selectors(select),
        ignore=_selectors(ignore),
        extend_select=_selectors(extend_select),
        trust_config_paths=trusted(),
        **more,
    )
    return config.load(Path.cwd(), config_file, flags)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@rule_options
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default=None,
              help="Output format  [default: table, or the config's format].")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the output to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(SEVERITY_NAMES), default=None,
              help="Lowest severity that makes the exit code 1  [default: error, or the config's fail-on].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (input and config errors still exit 2).")
@click.option("--statistics", is_flag=True, help="Print a count of findings per rule instead of the findings.")
@click.option("--report-unused-suppressions", is_flag=True, help="Report suppression comments that silenced nothing.")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False), help="Hide the findings recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False), help="Record every current finding in this baseline file, then exit 0.")
@click.option("--stdin-filename", metavar="NAME", help="The name to report for '-' (standard input); a .jsonl name reads a corpus.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Processes that check files  [default: 0, all cores].")
@click.option("--no-cache", is_flag=True, help="Check every file afresh; neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), envvar="NEWSLINT_CACHE_DIR", default=CACHE_DIRECTORY,
              show_default=True, help="Where per-file results are kept between runs (env NEWSLINT_CACHE_DIR).")
@index_option()
@click.option("--scheduler", metavar="ADDRESS", help="Check on a Dask cluster: its scheduler's address (tcp://HOST:8786), "
              "or 'local' for one of --jobs processes here; needs newslint[dask] (see docs/cluster.md).")
@encoding_option
@click.option("--color", "color_mode", type=click.Choice(COLOR_MODES), default="auto", show_default=True,
              help="Colour the table: auto colours on a terminal only (NO_COLOR and FORCE_COLOR are honoured).")
@click.option("--show-settings", is_flag=True, help="Print the resolved configuration, each value with where it came from, and exit.")
@click.option("--show-files", is_flag=True, help="Print the files this run would check, one per line, and exit.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary, no notes.")
@click.option("-v", "--verbose", is_flag=True, help="Also say on stderr which config file, how many rules and files.")
def check(paths: tuple[str, ...], output_format: str | None, output: Path | None, fail_on: str | None, exit_zero: bool,
          statistics: bool, report_unused_suppressions: bool, baseline: Path | None, write_baseline: Path | None,
          stdin_filename: str | None, jobs: int, no_cache: bool, cache_dir: Path, location: str | None, encoding: str | None,
          color_mode: str, show_settings: bool, show_files: bool, quiet: bool, verbose: bool,
          scheduler: str | None, **rule_flags) -> None:
    """Check PATHS (files or directories; '-' reads standard input) and print the findings.

    With no PATHS, checks the config's paths (default: the current directory).
    """
    from newslint import atomic, formats, parallel, pipeline, style

    config = load_config(
        **rule_flags,
        format=output_format,
        fail_on=Severity.parse(fail_on) if fail_on else None,
        report_unused_suppressions=True if report_unused_suppressions else None,
        baseline=baseline,
        index=location,
        encoding=encoding,
    )
    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together")
    if show_settings:
        from newslint import settings

        click.echo(settings.describe(config), nl=False)
        sys.exit(0)
    prepared = pipeline.prepare(list(paths), config, stdin=lambda: sys.stdin.buffer.read(), stdin_filename=stdin_filename)
    if show_files:
        for name in [*prepared.files, *prepared.paths]:
            click.echo(printable(name))
        echo_problems(prepared.errors, [])
        sys.exit(EXIT_USER_ERROR if prepared.errors else 0)
    if verbose:
        selected, files = len(prepared.ruleset.enabled()), len(prepared.paths) + len(prepared.files)
        click.echo(f"newslint: config: {config.path or 'none'}; {selected} rule{'s' if selected != 1 else ''} selected; "
                   f"{files} file{'s' if files != 1 else ''} to check", err=True)
    with progress_line(pipeline.expected_documents(prepared, scheduler)) as shown:
        report = pipeline.run(prepared, config, progress=shown and shown.advance, write_baseline=write_baseline,
                              jobs=jobs or parallel.default_jobs(), cache_dir=None if no_cache else cache_dir,
                              corpus_phase=shown and shown.corpus_phase, scheduler=scheduler,
                              keep_texts=config.format in formats.SHOWS_TEXT and not statistics)
    echo_problems(report.errors, [] if quiet else prepared.notes)
    if write_baseline is not None:
        click.echo(f"newslint: wrote {len(report.findings)} findings to {printable(write_baseline.as_posix())}", err=True)
        sys.exit(EXIT_USER_ERROR if report.errors else 0)
    # In pieces: a million findings are ~400 MB of text; built whole, and encoded whole
    # to be written, they would cost several times that.
    # A file gets no colour unless asked for: --output is never a terminal.
    out_style = replace(style.detect(color_mode, None if output is not None else sys.stdout), summary=not quiet)
    if statistics:
        from newslint.formats import statistics as statistics_format

        pieces: Iterable[str] = (statistics_format.render(report),)
    else:
        pieces = formats.pieces(config.format, report, out_style)
    if output is not None:
        atomic.write_pieces(output, formats.chunks(pieces, ECHO_CHUNK))
    else:
        for chunk in formats.chunks(pieces, ECHO_CHUNK):
            click.echo(chunk, nl=False, color=out_style.color or None)
    code = report.exit_code(config.fail_on)
    sys.exit(0 if exit_zero and code == 1 else code)


cli.add_command(index_group)


@contextmanager
def progress_line(total: int) -> Iterator["Progress | None"]:
    """The progress line on stderr, only for long runs and only when stderr is a terminal."""
    if total < PROGRESS_MIN_DOCUMENTS or not sys.stderr.isatty():
        yield None
        return
    from newslint.progress import Progress, stream_width

    shown = Progress(total, sys.stderr, stream_width(sys.stderr))
    try:
        yield shown
    finally:
        shown.close()


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes and write nothing.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply unsafe fixes (bylines, datelines, cuts that may remove a sentence of prose).")
@rule_options
@encoding_option
def fix(paths: tuple[str, ...], show_diff: bool, check_only: bool, unsafe_fixes: bool, encoding: str | None, **rule_flags) -> None:
    """Remove what the safe fixes name from PATHS: later copies of repeated blocks,
    boilerplate lines. --unsafe-fixes adds bylines, datelines and other cuts that may remove
    prose. Claims are never touched; each file is written atomically. With no PATHS, fixes
    the config's paths."""
    from newslint import fix as fixer

    config = load_config(**rule_flags, encoding=encoding)
    run = fixer.run(list(paths), config, unsafe=unsafe_fixes)
    errors = list(run.errors)
    dry = show_diff or check_only
    written = 0
    for file_fix in run.changed:
        if show_diff:
            click.echo(representable(file_fix.diff()), nl=False)  # as the file holds it, so that patch applies it
        if dry:
            click.echo(f"would fix {printable(file_fix.summary())}", err=show_diff)
            continue
        try:
            fixer.write(file_fix)
        except UserError as err:
            errors.append(str(err))
            continue
        written += 1
        click.echo(f"fixed {printable(file_fix.summary())}")
    echo_problems(errors, run.notes)
    files = len(run.fixes)
    done = f"would fix {len(run.changed)}" if dry else f"fixed {written}"
    click.echo(f"{files} file{'s' if files != 1 else ''} checked, {done}", err=show_diff)
    if errors:
        sys.exit(EXIT_USER_ERROR)
    sys.exit(1 if check_only and run.changed else 0)


@cli.command("rules")
@rule_options
@click.option("--format", "output_format", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="table: fitted to the terminal; json: for tools; markdown: the rules reference (docs/rules.md).")
def rules_command(output_format: str, **rule_flags) -> None:
    """List every loaded rule: id, kind, category, severity, fix, whether it is selected, and what it finds."""
    from newslint import explain, pipeline, style

    ruleset = pipeline.load_rules(load_config(**rule_flags))
    if output_format == "json":
        click.echo(explain.rules_json(ruleset), nl=False)
    elif output_format == "markdown":
        click.echo(explain.rules_markdown(ruleset), nl=False)
    else:
        click.echo(explain.rules_table(ruleset, style.terminal_width()), nl=False)


@cli.command("explain")
@click.argument("rule")
@rule_options
def explain_command(rule: str, **rule_flags) -> None:
    """Show RULE's description, message, parameters, example and its kind's documentation;
    for a category (boilerplate, duplicate …), its rules in brief."""
    from newslint import explain, pipeline

    ruleset = pipeline.load_rules(load_config(**rule_flags))
    click.echo(explain.explain_name(ruleset, rule), nl=False)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops like Ctrl-C: a file being written is left whole


def main(args: list[str] | None = None) -> None:
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cli.main(args=args, prog_name="newslint")
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly.
        sys.stderr.close()
        sys.exit(0)

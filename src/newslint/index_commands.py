"""`newslint index add|remove|stats|vacuum`: the archive index's commands. Parsing and printing only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import click

from newslint.errors import UserError

INDEX_HELP = "Archive index: a file path (SQLite, made on first add) or redis://HOST:PORT/DB[?name=NAME]."
# Documents read, sketched and written per transaction: bounds memory on big archives
# and lets another writer's batches interleave.
ADD_BATCH = 1000


def index_option():
    return click.option(
        "--index", "location", envvar="NEWSLINT_INDEX", metavar="LOCATION",
        help=INDEX_HELP + " [env: NEWSLINT_INDEX; default: the config's index]",
    )


TRUST_PATHS = "newslint.trust_config_paths"  # where trust_paths_option leaves its flag, in click's ctx.meta


def trust_paths_option():
    """--trust-config-paths (config.confine): kept in ctx.meta, so that commands need no parameter for it."""

    def keep(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            ctx.meta[TRUST_PATHS] = True

    return click.option(
        "--trust-config-paths", is_flag=True, expose_value=False, callback=keep, envvar="NEWSLINT_TRUST_CONFIG_PATHS",
        help="Let the config file's paths, rule-dirs, baseline and index point outside the directory that holds it "
             "[env: NEWSLINT_TRUST_CONFIG_PATHS].",
    )


def trusted() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(TRUST_PATHS))


def load_config(location: str | None):
    """The config, with the --index flag (or NEWSLINT_INDEX) laid over its `index:`."""
    from newslint import config

    loaded = config.load(Path.cwd(), None, {"index": location, "trust_config_paths": trusted()})
    if loaded.index is None:
        raise click.UsageError("no index given: pass --index LOCATION, set NEWSLINT_INDEX, or add 'index:' to newslint.yaml")
    return loaded


def resolve(location: str | None) -> str:
    return load_config(location).index


@click.group("index")
def index_group() -> None:
    """Keep a near-duplicate index of published articles, for `check --index`."""


@index_group.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@index_option()
@trust_paths_option()
def add(paths: tuple[str, ...], location: str | None) -> None:
    """Add PATHS (files, directories or .jsonl corpora) to the index; a changed file replaces its old entry.

    A document's id is its front matter's `id:` when it has one, else its path as given
    (`file.jsonl:ID` for a corpus record).
    """
    from newslint import archive, discover

    config = load_config(location)
    files = discover.files(list(paths), config)
    index = archive.open_archive(config.index, create=True)
    total = archive.AddSummary()
    errors: list[str] = []
    try:
        for batch in _batches(files, config, errors):
            total += index.add([archive.entry(doc, index.params) for doc in batch])
        count = index.stats().documents
    finally:
        index.close()
    for error in errors:
        click.echo(f"newslint: error: {error}", err=True)
    click.echo(f"{total.added} added, {total.updated} updated, {total.unchanged} unchanged; {count} documents in {index.location}")
    if errors:
        sys.exit(2)


def _batches(files: list[str], config, errors: list[str]) -> Iterator[list]:
    from newslint import document, jsonl

    batch = []
    for path in files:
        try:
            if jsonl.is_corpus(path):
                batch.extend(jsonl.read(path, config.jsonl_text_field, config.jsonl_id_field))
            else:
                batch.append(document.read(path))
        except UserError as err:
            errors.append(str(err))
        if len(batch) >= ADD_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@index_group.command("remove")
@click.argument("names", nargs=-1, required=True)
@index_option()
@trust_paths_option()
def remove(names: tuple[str, ...], location: str | None) -> None:
    """Take documents out of the index, named by id or path (all or nothing)."""
    from newslint import archive

    index = archive.open_archive(resolve(location))
    try:
        removed = index.remove(names)
    finally:
        index.close()
    for doc_id in removed:
        click.echo(f"removed {doc_id}")


@index_group.command("stats")
@index_option()
@trust_paths_option()
@click.option("--list", "list_documents", is_flag=True, help="Also list every document id.")
def stats(location: str | None, list_documents: bool) -> None:
    """What is in the index: documents, paragraphs, size and sketch parameters."""
    from newslint import archive

    index = archive.open_archive(resolve(location))
    try:
        info = index.stats()
        ids = index.documents() if list_documents else []
    finally:
        index.close()
    params = info.params
    click.echo(f"index:      {info.location} ({info.backend})")
    click.echo(f"documents:  {info.documents}")
    click.echo(f"paragraphs: {info.paragraphs}")
    click.echo(f"size:       {info.size_bytes} bytes ({info.size_note})")
    click.echo(
        f"sketch:     num_perm={params.num_perm} seed={params.seed} scheme={params.scheme} shingle={params.shingle} "
        f"min_block_words={params.min_block_words} min_paragraph_words={params.min_paragraph_words}"
    )
    for doc_id in ids:
        click.echo(doc_id)


@index_group.command("vacuum")
@index_option()
@trust_paths_option()
def vacuum(location: str | None) -> None:
    """Compact the index (SQLite VACUUM; on Redis, drop orphaned keys and empty buckets)."""
    from newslint import archive

    index = archive.open_archive(resolve(location))
    try:
        click.echo(index.vacuum())
    finally:
        index.close()

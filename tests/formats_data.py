"""Reports for the format tests, made by the real pipeline from the fixture files."""

from __future__ import annotations

from dataclasses import replace

from conftest import FIXTURES
from newslint import config, pipeline
from newslint.findings import Report


def report(*names: str, **config_values) -> Report:
    """The report `newslint check` makes for fixture files (relative names, as a user would type them)."""
    cfg = replace(config.Config(root=FIXTURES), **config_values)
    prepared = pipeline.prepare([str(FIXTURES / name) for name in names], cfg)
    result = pipeline.run(prepared, cfg)
    prefix = FIXTURES.as_posix() + "/"
    relative = [replace(f, path=f.path.removeprefix(prefix)) for f in result.findings]
    relative = [replace(f, related=replace(f.related, path=f.related.path.removeprefix(prefix))) if f.related else f
                for f in relative]
    return replace(result, findings=relative, files=[p.removeprefix(prefix) for p in result.files])

"""The shipped JSON Schema of the config file: in step with the loader, and every example of the
docs valid against it (and loadable by newslint: the schema and the loader agree)."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT
from newslint import config
from newslint.findings import SEVERITY_NAMES
from newslint.formats import FORMATS

SCHEMA = json.loads((ROOT / "src" / "newslint" / "schema" / "newslint.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", page.read_text(encoding="utf-8"), flags=re.S | re.M)


def config_examples() -> list[tuple[str, dict]]:
    """Every YAML block of docs/configuration.md and the README's configuration section, and the TOML one."""
    found = [(f"configuration.md yaml {n}", yaml.safe_load(b)) for n, b in enumerate(blocks(ROOT / "docs" / "configuration.md", "yaml"))]
    found += [(f"configuration.md toml {n}", tomllib.loads(b)["tool"]["newslint"])
              for n, b in enumerate(blocks(ROOT / "docs" / "configuration.md", "toml"))]
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    found += [(f"README yaml {n}", yaml.safe_load(b)) for n, b in enumerate(re.findall(r"^```yaml\n(.*?)^```", readme, flags=re.S | re.M))]
    return found


EXAMPLES = config_examples()


def test_the_schema_is_a_valid_schema_with_exactly_the_loaders_keys():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert list(SCHEMA["properties"]) == list(config.KEYS)
    assert SCHEMA["additionalProperties"] is False
    assert sorted(SCHEMA["properties"]["fail-on"]["enum"]) == sorted(SEVERITY_NAMES)
    assert SCHEMA["properties"]["format"]["enum"] == list(FORMATS)


def test_the_schema_is_shipped_in_the_package():
    import newslint

    assert (Path(newslint.__file__).parent / "schema" / "newslint.schema.json").is_file()


@pytest.mark.parametrize("name, data", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_every_documented_example_is_valid_and_loads(name, data, tmp_path):
    VALIDATOR.validate(data)
    config.build(data, "newslint.yaml", {}, tmp_path, tmp_path)


def test_the_every_key_example_shows_the_real_defaults(tmp_path):
    [every] = [data for name, data in EXAMPLES if name == "configuration.md yaml 0"]
    loaded, default = config.build(every, "x", {}, tmp_path, tmp_path), config.Config()
    for field in fields(config.Config):
        if field.name not in ("path", "root", "lines", "from_flags", "paths"):
            assert getattr(loaded, field.name) == getattr(default, field.name), field.name


@pytest.mark.parametrize("bad", [{"selct": ["duplicate"]}, {"fail-on": "loud"}, {"jsonl": {"text": "body"}},
                                 {"severity": {"tag-list": "high"}}, {"paths": "articles"}])
def test_what_the_loader_refuses_the_schema_refuses(bad, tmp_path):
    assert list(VALIDATOR.iter_errors(bad))
    with pytest.raises(Exception):
        config.build(bad, "newslint.yaml", {}, tmp_path, tmp_path)

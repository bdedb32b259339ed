"""`.jsonl` corpora, as dataset curators keep them: one JSON object, one article, per line.

The article's text and id are read from the fields the config names (`jsonl:
{text-field: text, id-field: id}`). Each record becomes a Document whose path is
`file.jsonl:ID`, so every rule — corpus rules included — sees records as separate
documents; `attach_records` then splits findings back into the file and a Record
(id, line of the record in the file), which formats print as `file.jsonl:ID:line`
or carry as `record`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from newslint import document
from newslint.document import Document
from newslint.errors import UserError
from newslint.findings import Finding, Record, sort_findings

SUFFIX = ".jsonl"


def is_corpus(name: str) -> bool:
    return name.lower().endswith(SUFFIX)


def read(path: str, text_field: str = "text", id_field: str = "id", data: bytes | None = None) -> list[Document]:
    """Every record of a .jsonl file as a Document; a bad line is a UserError naming file and line."""
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise UserError(f"cannot read file: {err.strerror or err}", path) from None
    text = document.decode(data, path)
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise UserError(f"not valid JSON ({err.msg} at column {err.colno}); each line must be one JSON object", path, number) from None
        if not isinstance(record, dict):
            raise UserError("each line must be a JSON object", path, number)
        body = record.get(text_field)
        if not isinstance(body, str):
            raise UserError(f"record has no string field '{text_field}'; name the text field with jsonl: {{text-field: ...}} in the config", path, number)
        raw_id = record.get(id_field)
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or raw_id == "":
            raise UserError(f"record has no string or integer field '{id_field}'; name the id field with jsonl: {{id-field: ...}} in the config", path, number)
        record_id = str(raw_id)
        if record_id in seen:
            raise UserError(f"duplicate record id '{record_id}' (first on line {seen[record_id]}); ids must be unique", path, number)
        seen[record_id] = number
        doc = document.parse(body, f"{path}:{record_id}")
        docs.append(replace(doc, record=Record(record_id, number)))
    return docs


def file_of(doc: Document) -> str:
    """The .jsonl file a record document came from (its path without ':ID')."""
    assert doc.record is not None
    return doc.path[: -len(doc.record.id) - 1]


def attach_records(findings: Iterable[Finding], docs: Sequence[Document]) -> list[Finding]:
    """Findings on record documents, re-pointed at their file with the record set; sorted."""
    records = {doc.path: (file_of(doc), doc.record) for doc in docs if doc.record is not None}
    if not records:
        return list(findings)
    result = []
    for finding in findings:
        if finding.path in records:
            file, record = records[finding.path]
            finding = replace(finding, path=file, record=record)
        related = finding.related
        if related is not None and related.path in records:
            file, record = records[related.path]
            finding = replace(finding, related=replace(related, path=file, record=record.id))
        result.append(finding)
    return sort_findings(result)

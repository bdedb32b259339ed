"""`archive-near-copy`: a checked document that near-copies an article already in the archive index.

Runs only when `check` is given an index (`--index LOCATION` or `index:` in
newslint.yaml). Each checked document's signature (the union of its prose
paragraphs' word shingles) is looked up in the index and confirmed by its
estimated Jaccard similarity; the finding sits on the document's first line and
names the most similar archived article in `related`. A document never matches
its own entry (same id: the front matter's `id:` or else the path), so checking
articles that are already indexed is safe.

Example:
    - id: archive-near-copy
      kind: archive-near-copy
      category: duplicate-document
      severity: warning
      message: "near-copy of archived {related_path} ({similarity}% similar)"
      threshold: 0.5
      min_words: 50
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Sequence

from newslint import lazy_import, sketch
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding, Related

if TYPE_CHECKING:
    from newslint import archive as archive_index

np = lazy_import.module("numpy")  # imported on first use: see lazy_import
SCOPE = "archive"
PLACEHOLDERS = frozenset({"related_path", "related_id", "similarity"})


@dataclass(frozen=True)
class Params:
    """An archive-near-copy rule's parameters (the module's docstring explains them)."""
    threshold: float = 0.5
    min_words: int = 50  # documents (checked or archived) with fewer prose words are not compared

    def __post_init__(self) -> None:
        sketch.check_params("threshold", self.threshold)
        if self.min_words < 1:
            raise ParamError("min_words", "'min_words' must be at least 1")


def cannot_fix(params: Params) -> str:
    return "a near-copy names a whole document, and newslint never deletes documents"


def check_archive(docs: Sequence[Document], rule, archive: "archive_index.Archive") -> Iterator[Finding]:
    from newslint import archive as archive_index  # here: a run without an index never imports it

    params: Params = rule.params
    entries = [archive_index.entry(doc, archive.params) for doc in docs]
    chosen = [i for i, e in enumerate(entries) if e.words >= params.min_words]
    if not chosen:
        return
    signatures = np.array([entries[i].signature for i in chosen])
    for i, hits in zip(chosen, archive.near_documents(signatures, params.threshold)):
        doc = docs[i]
        hits = [h for h in hits if h.doc_id != entries[i].doc_id and h.words >= params.min_words]
        if not hits:
            continue
        best = hits[0]
        first = doc.blocks[0] if doc.blocks else None
        yield rule.finding(
            doc.path,
            first.line if first else 1,
            first.text if first else "",
            related=Related(best.path, best.line),
            related_path=best.path,
            related_id=best.doc_id,
            similarity=round(best.similarity * 100),
        )

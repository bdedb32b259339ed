"""`archive-repeated`: a paragraph that repeats a paragraph of an article already in the archive index.

Runs only when `check` is given an index. Every paragraph of at least the index's
`min_paragraph_words` (8) words and the rule's `min_words` is looked up among the
archived paragraphs and confirmed by its estimated Jaccard similarity; the finding
is on the paragraph and names the archived article and line in `related`.
Paragraphs of the checked document's own index entry never count.

Off by default (`enabled: false` in the default pack): boilerplate that every
article carries repeats across the archive too. Turn it on with
`--extend-select archive-repeated-paragraph` or `extend-select:` in newslint.yaml.

Example:
    - id: archive-repeated-paragraph
      kind: archive-repeated
      category: duplicate
      severity: warning
      enabled: false
      message: "repeats archived {related_path}:{related_line} ({similarity}% similar)"
      threshold: 0.8
      min_words: 12
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Sequence

from newslint import lazy_import
from newslint.document import Document
from newslint.findings import Finding, Related
from newslint.kinds import archive_copy

if TYPE_CHECKING:
    from newslint import archive as archive_index

np = lazy_import.module("numpy")  # imported on first use: see lazy_import
SCOPE = "archive"
PLACEHOLDERS = frozenset({"related_path", "related_id", "related_line", "similarity"})


@dataclass(frozen=True)
class Params(archive_copy.Params):
    """The same parameters as `archive-near-copy`, checked the same way, with paragraph-sized defaults."""

    threshold: float = 0.8
    min_words: int = 12


def check_archive(docs: Sequence[Document], rule, archive: "archive_index.Archive") -> Iterator[Finding]:
    from newslint import archive as archive_index  # here: a run without an index never imports it
    from newslint import sketch

    params: Params = rule.params
    wanted: list[tuple[Document, str, int]] = []  # (document, its id, block index)
    for doc in docs:
        doc_id = archive_index.document_id(doc)
        for index, block in enumerate(doc.blocks):
            count = archive_index.word_count(block.content)
            if count >= params.min_words and count >= archive.params.min_paragraph_words:
                wanted.append((doc, doc_id, index))
    if not wanted:
        return
    signatures = np.array([sketch.block_signatures(doc, archive.params.shingle)[index] for doc, _, index in wanted])
    for (doc, doc_id, index), hits in zip(wanted, archive.near_paragraphs(signatures, params.threshold)):
        hits = [h for h in hits if h.doc_id != doc_id]
        if not hits:
            continue
        best, block = hits[0], doc.blocks[index]
        yield rule.finding(
            doc.path,
            block.line,
            block.text,
            end_line=block.end_line,
            column=block.column,
            related=Related(best.path, best.line),
            related_path=best.path,
            related_id=best.doc_id,
            related_line=best.line,
            similarity=round(best.similarity * 100),
        )

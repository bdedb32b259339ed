"""CPU seconds of each rule kind over the same parsed documents, in this process. Prints figures; asserts nothing.

    python bench/rule_cpu.py bench/out/lee-1000 --documents 1000 --rounds 2

The rules run in the pack's order on each document, as `linter.check_document` runs them,
so the first rule to ask a fact the rules share (sentences, words, the gate's scan,
signatures) pays for it. Before the timed rounds, 50 documents are checked untimed: the gate
is built and the patterns they use are compiled, as in a long run. Each round parses the
documents afresh (their caches empty) and reports CPU per kind and per document.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from newslint import document, linter, rules, scan, sketch
from newslint.kinds import KINDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    pack = [r for r in rules.load([]).enabled() if KINDS[r.kind].SCOPE != "archive"]
    texts = [(p.read_bytes(), str(p)) for p in sorted(options.folder.rglob("*.txt"))[: options.documents]]
    linter.check_documents([document.from_bytes(data, path) for data, path in texts[:50]], pack)
    for number in range(options.rounds):
        spent: collections.Counter[str] = collections.Counter()
        started = time.process_time()
        docs = [document.from_bytes(data, path) for data, path in texts]
        spent["parse"] += time.process_time() - started
        sketch.sign_together(docs)
        for doc in docs:
            scan.select(rule.params for rule in pack)
            for rule in pack:
                begun = time.process_time()
                if KINDS[rule.kind].SCOPE == "document":
                    list(KINDS[rule.kind].check(doc, rule))
                else:
                    linter.summarize(doc, rule)
                spent[rule.kind] += time.process_time() - begun
        total = time.process_time() - started
        print(f"round {number + 1}: {total:.2f} s, {1000 * total / len(docs):.2f} ms a document | "
              + " ".join(f"{kind} {seconds:.2f}" for kind, seconds in spent.most_common()))


if __name__ == "__main__":
    main()

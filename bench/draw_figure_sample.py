"""Draw a fresh figure-precision sample: unsupported-figure findings on devset-web pages in no earlier sample.

The procedure every held-out sample since held-out-3 follows, written down so that the next one
is drawn the same way: run the default rule pack on all of `<shared>/devset-web/corpus`, keep the
pages with an unsupported-figure finding that no other sample in tests/fixtures/figure_precision.jsonl
uses, let `random.Random(seed)` draw N of those pages (sorted by name first), then for each drawn
page, in name order, draw one of its findings in (line, column) order with the same generator.
It prints one unlabelled JSON record a line (label and reason empty), to be labelled by hand by the
guide in docs/accuracy.md and appended to the fixture *before* any change is tuned.

    python bench/draw_figure_sample.py held-out-4 23 100 > /tmp/held-out-4.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from accuracy import run_newslint, shared_dir  # noqa: E402
from accuracy_claims import FIXTURE, RULE, load_sample  # noqa: E402

FIGURE = re.compile(r'unsupported figure "(.*)" — ')


def draw(sample: str, seed: int, count: int) -> list[dict]:
    findings = [f for f in run_newslint(shared_dir() / "devset-web" / "corpus", ["--no-cache"]) if f["rule"] == RULE]
    # Pages of the *other* samples: so that the draw that made a sample can be repeated after it is in the fixture.
    used = {item.page for item in load_sample(FIXTURE) if item.sample != sample}
    by_page: dict[str, list[dict]] = {}
    for f in findings:
        by_page.setdefault(Path(f["path"]).name, []).append(f)
    candidates = sorted(page for page in by_page if page not in used)
    rng = random.Random(seed)
    pages = sorted(rng.sample(candidates, min(count, len(candidates))))
    records = []
    for page in pages:
        chosen = rng.choice(sorted(by_page[page], key=lambda f: (f["line"], f["column"])))
        match = FIGURE.match(chosen["message"])
        records.append({"sample": sample, "page": page, "line": chosen["line"],
                        "figure": match.group(1) if match else "", "text": chosen["excerpt"],
                        "label": "", "reason": ""})
    return records


def main() -> None:
    sample, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for record in draw(sample, seed, count):
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()

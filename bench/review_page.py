"""The review page (`--format html`) at scale, in headless Chromium. Prints figures; asserts nothing.

    python bench/review_page.py                  # 200 and 1,000 articles
    python bench/review_page.py --sizes 1000     # one size
    python bench/review_page.py --docs-image     # also write docs/img/review.png

For each size it uses the synthetic news corpus of bench/speed.py (written once under
bench/out/, git-ignored) and measures, in the same run:

- `newslint check --format html -o page.html` against `--format json -o` (wall seconds), and
  the page's size;
- the page in Chromium (Debian's, through Selenium; median of --loads fresh loads): time to
  DOMContentLoaded and to the load event from the start of navigation, highlights in the DOM
  after load, and the JavaScript heap;
- an editor's first actions on the loaded page, each timed in the page up to the next layout:
  hiding a category (the largest), pressing `n` (which renders the first article if the page
  keeps bodies for later), and opening the last article.

Then it saves a screenshot of the seed corpus's page to bench/out/review-seed.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import chromium  # noqa: E402  (tests/chromium.py: the one way this project starts the browser)
import speed  # noqa: E402  (bench/speed.py: the synthetic corpus)

NEWSLINT = shutil.which("newslint") or str(Path(sys.executable).with_name("newslint"))
TIMINGS = """
const nav = performance.getEntriesByType('navigation')[0];
return [nav.domContentLoadedEventEnd, nav.loadEventEnd,
        document.querySelectorAll('.hl[data-rule]').length,
        performance.memory ? performance.memory.usedJSHeapSize : 0];
"""
# The largest category's checkbox, clicked; then a layout is forced, so the time is what an editor waits.
FILTER = """
const counts = Array.from(document.querySelectorAll("#filters input[data-group='c']"),
  (box) => [Number(box.parentElement.querySelector('.count').textContent), box]);
counts.sort((a, b) => b[0] - a[0]);
const start = performance.now();
counts[0][1].click();
document.body.getBoundingClientRect(); void document.body.offsetHeight;
return performance.now() - start;
"""
NEXT = """
const start = performance.now();
document.dispatchEvent(new KeyboardEvent('keydown', {key: 'n', bubbles: true}));
void document.body.offsetHeight;
return [performance.now() - start, document.activeElement.id];
"""
OPEN_LAST = """
const links = document.querySelectorAll('.ranking a');
const start = performance.now();
links[links.length - 1].click();
void document.body.offsetHeight;
return performance.now() - start;
"""


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(size: int, out: Path, loads: int) -> None:
    folder = speed.corpus(size, out)
    page = out / f"review-{size}.html"
    base = [NEWSLINT, "check", str(folder), "--no-cache", "--exit-zero"]
    html_s = timed(base + ["--format", "html", "-o", str(page)])
    json_s = timed(base + ["--format", "json", "-o", str(out / f"review-{size}.json")])
    print(f"{size:,} articles: page {page.stat().st_size / 1e6:.1f} MB; "
          f"check --format html {html_s:.2f} s, --format json {json_s:.2f} s (same run)")
    rows = []
    # Precise figures: without the flag, Chromium rounds the heap size to buckets.
    with chromium.browser(1280, 900, flags=("--enable-precise-memory-info",)) as driver:
        for _ in range(loads):
            driver.get("about:blank")
            driver.get(page.as_uri())
            ready, loaded, marks, heap = driver.execute_script(TIMINGS)
            filtered = driver.execute_script(FILTER)
            step, focused = driver.execute_script(NEXT)
            opened = driver.execute_script(OPEN_LAST)
            rows.append((ready, loaded, marks, heap, filtered, step, opened, focused))
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            if errors:
                print(f"  console errors: {errors[:3]}")

    def median(i: int) -> float:
        return statistics.median(row[i] for row in rows)

    print(f"  Chromium, median of {loads} loads: DOMContentLoaded {median(0):.0f} ms, load {median(1):.0f} ms, "
          f"{int(median(2)):,} highlights in the DOM after load, JS heap {median(3) / 1e6:.1f} MB")
    print(f"  hide the largest category {median(4):.1f} ms; `n` {median(5):.1f} ms (to {rows[0][7]}); "
          f"open the last article {median(6):.1f} ms")


def screenshot(out: Path, docs_image: bool) -> None:
    page = (out / "review-seed.html").resolve()
    # Relative paths, as a user in the repository would run it.
    subprocess.run([NEWSLINT, "check", "corpus/", "--no-cache", "--format", "html", "-o", str(page)],
                   check=False, stdout=subprocess.DEVNULL, cwd=ROOT)
    with chromium.browser(1100, 1000) as driver:
        driver.get(page.as_uri())
        # The tooltip of the first repeat, as an editor who pressed `n` twice would see it.
        driver.execute_script("document.querySelector('.hl[data-rule=\"repeated-block\"]').focus({preventScroll: true})")
        target = out / "review-seed.png"
        driver.save_screenshot(str(target))
    print(f"seed report screenshot: {target} ({target.stat().st_size / 1000:.0f} KB)")
    if docs_image:
        image = ROOT / "docs" / "img" / "review.png"
        image.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, image)
        print(f"  copied to {image.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--docs-image", action="store_true", help="copy the screenshot to docs/img/review.png")
    args = parser.parse_args()
    reason = chromium.missing()
    if reason:
        sys.exit(reason)
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for size in args.sizes:
        measure(size, args.dir, args.loads)
    screenshot(args.dir, args.docs_image)


if __name__ == "__main__":
    main()

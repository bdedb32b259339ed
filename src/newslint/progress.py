"""The progress line of a long `check`, on standard error when it is a terminal; never in the report.

Two phases: the documents (done/total, documents per second, an ETA), then the corpus rules
(near-copies, lines shared across documents), which run once over every document after the
last is read and so have no count of their own: that phase shows its elapsed time.

The ETA divides what is left by the rate since the start, not by the last few updates: the
rate of a run that begins with cached files and goes on to new ones would otherwise swing by
orders of magnitude. It is shown once a run is 5% done or 3 s old.
Timing is for this display only; no work is ever limited by the clock.
"""

from __future__ import annotations

import os
import threading
import time
from typing import IO

BAR_WIDTH = 20
REDRAW_SECONDS = 0.1
ETA_AFTER_SHARE = 0.05
ETA_AFTER_SECONDS = 3.0
CORPUS_LABEL = "corpus rules"


def clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, total: int, stream: IO[str], width: int = 80, now=time.monotonic) -> None:
        self.total = max(total, 1)
        self.stream = stream
        self.width = width
        self.now = now
        self.start = now()
        self.done = 0
        self.drawn = 0.0
        self.corpus_start: float | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._lock = threading.Lock()

    def line(self) -> str:
        """The text of the progress line now."""
        elapsed = max(self.now() - self.start, 1e-9)
        if self.corpus_start is not None:
            return f"{CORPUS_LABEL}: comparing {self.done:,} documents  {clock(self.now() - self.corpus_start)}"
        share = min(self.done / self.total, 1.0)
        filled = int(share * BAR_WIDTH)
        rate = self.done / elapsed
        text = (f"checking [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {share:4.0%}  "
                f"{self.done:,}/{self.total:,} documents  {rate:,.0f} docs/s")
        if self.done and (share >= ETA_AFTER_SHARE or elapsed >= ETA_AFTER_SECONDS):
            text += f"  ETA {clock((self.total - self.done) / rate)}"
        return text

    def draw(self) -> None:
        with self._lock:
            self.stream.write("\r\x1b[K" + self.line()[: self.width - 1])
            self.stream.flush()
            self.drawn = self.now()

    def advance(self, documents: int) -> None:
        """`documents` more were checked (the callback the pipeline is given)."""
        self.done += documents
        if self.done >= self.total or self.now() - self.drawn >= REDRAW_SECONDS:
            self.draw()

    def corpus_phase(self) -> None:
        """The documents are done; the corpus rules start. Redrawn every second until close()."""
        self.corpus_start = self.now()
        self.draw()

        def tick() -> None:
            while not self._stop.wait(1.0):
                self.draw()

        self._ticker = threading.Thread(target=tick, name="newslint-progress", daemon=True)
        self._ticker.start()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def stream_width(stream: IO[str], default: int = 80) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or default
    except (OSError, ValueError, AttributeError):
        return default

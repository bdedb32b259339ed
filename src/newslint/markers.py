"""The syntax of a suppression marker line (`<!-- newslint: disable=rule-id -->`).

Its own module because two layers need it: document reading leaves marker lines out of
blocks, and suppress (above the linter) reads what they say.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"^\s*<!--\s*newslint\s*:(?P<body>.*?)-->\s*$", re.IGNORECASE)


def is_marker(line: str) -> bool:
    return MARKER.match(line) is not None

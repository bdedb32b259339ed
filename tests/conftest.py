from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """70 articles: the seed articles, each also in 13 re-edited copies (enough files for a pool)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
        text = seed.read_text(encoding="utf-8")
        for edition in range(1, 14):
            lines = text.splitlines()
            lines.insert(edition % len(lines), f"Edition {edition} of this story, updated with new reporting.")
            (folder / f"{seed.stem}-{edition:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder

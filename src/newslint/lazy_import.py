"""Libraries imported when first used, not when the module that names them is imported.

numpy is ~0.1 s of a one-file check's ~0.3 s of CPU, and a run whose every file comes from the
results cache, or one that only lists rules, never computes with it: it is imported the first
time one of its attributes is read (importlib's LazyLoader, the standard library's mechanism
for exactly this). After that the module is the ordinary module, at no cost per use.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def module(name: str) -> ModuleType:
    """The module `name`, executed on the first read of one of its attributes; the module itself
    when it is already imported. A module newslint cannot find is an ImportError here, at once,
    as a plain `import` would be."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    lazy = importlib.util.module_from_spec(spec)
    sys.modules[name] = lazy  # every later `import name` finds this one (and executes it: it reads __spec__)
    loader.exec_module(lazy)
    return lazy


def load(lazy: ModuleType) -> ModuleType:
    """`lazy`, executed now if it was not yet: before forking workers, which would each import it."""
    getattr(lazy, "__name__")
    return lazy

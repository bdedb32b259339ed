"""newslint: a linter for news text."""

__version__ = "0.1.0"

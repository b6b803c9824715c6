"""sumlint: a linter for Chinese work summaries and official reports."""

__version__ = "0.1.0"

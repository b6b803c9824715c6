"""Output formats, one module each. A reporter gets the run's results and writes them; it knows
nothing of checks. ``get_reporter(name)`` imports only the format asked for."""

from __future__ import annotations

import importlib

FORMATS = ("text", "concise", "json")


def get_reporter(name: str):
    """The ``report(results, out, options)`` function of format ``name``."""
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}_format")
    return module.report

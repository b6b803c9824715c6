"""A per-user folder for data sumlint derives once per machine and reuses in every run.

Start-up cost matters most for the one-file pre-commit run, so what is expensive to derive
(validated rule packs, the word index of the typo detector) is kept here between runs. It is
``$SUMLINT_USER_CACHE_DIR`` when set (``off`` disables it), else ``$XDG_CACHE_HOME/sumlint``,
``%LOCALAPPDATA%\\sumlint`` on Windows, or ``~/.cache/sumlint``. Everything in it is optional:
when the folder cannot be made or written, callers work without it and results are the same.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "SUMLINT_USER_CACHE_DIR"


def user_cache_dir() -> Path | None:
    """The folder (created if needed), or None when disabled or not creatable."""
    chosen = os.environ.get(ENV)
    if chosen is not None and chosen.strip().lower() in ("", "off", "0", "false", "no"):
        return None
    if chosen:
        folder = Path(chosen)
    elif os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        folder = Path(os.environ["LOCALAPPDATA"]) / "sumlint"
    elif os.environ.get("XDG_CACHE_HOME"):
        folder = Path(os.environ["XDG_CACHE_HOME"]) / "sumlint"
    else:
        folder = Path.home() / ".cache" / "sumlint"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never
    a partial one (parallel workers may write the same entry). False when it cannot be written."""
    import tempfile         # here: most runs only read the cache, and the import costs ~3 ms
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False

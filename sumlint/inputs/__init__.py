"""Input formats other than plain text: Markdown (masked code and comments, control comments)
and .docx (paragraphs and table cells). Each turns a file into text plus what is needed to map
positions back; none of them knows anything about rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Directive:
    """An in-file control comment such as ``<!-- sumlint-disable SL101 -->``.

    ``line`` is the 0-based line of the comment's start, ``end_line`` of its end; offsets are into
    the newline-normalised text. ``codes`` holds (word, start, end) for each code or rule name
    written in it; ``action`` is the word after ``sumlint-`` as written (an unknown action is kept,
    so that it can be reported).
    """
    action: str
    line: int
    end_line: int
    start: int
    end: int
    codes: tuple[tuple[str, int, int], ...] = ()
    action_start: int = 0
    action_end: int = 0


ACTIONS = ("disable", "enable", "disable-next-line", "disable-line")

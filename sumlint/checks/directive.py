"""Kind ``directive``: control comments that cannot work.

Markdown files may silence rules with ``<!-- sumlint-disable SL101 -->`` and the like (the engine
applies them). A comment naming a code that no loaded rule has, or an action sumlint does not
know (``sumlint-disabel``), silences nothing; this kind reports it at the word in question.
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..inputs import ACTIONS
from .base import Check, Option


class DirectiveCheck(Check):
    kind = "directive"
    OPTIONS = {
        "action-message": Option(str, "未知的控制注释「sumlint-{action}」（可用：{actions}）",
                                 help="message for an unknown action; {action}, {actions}"),
    }

    def check(self, doc, ctx):
        if not doc.directives:
            return
        known = ctx.rule_ids()
        for d in doc.directives:
            if d.action not in ACTIONS:
                actions = "、".join(f"sumlint-{a}" for a in ACTIONS)
                yield Finding(d.action_start, d.action_end, self.format_message(
                    self.options["action-message"], action=d.action, actions=actions,
                    match=d.action))
                continue
            for word, start, end in d.codes:
                if word not in known:
                    yield Finding(start, end, self.format_message(match=word))


CHECK = DirectiveCheck

"""Check kinds, one module each. A kind is found by name, imported only when a rule uses it,
so a run that needs no segmentation never imports jieba."""

from __future__ import annotations

import importlib

from .base import Check, RuleError


def known_kinds() -> list[str]:
    import pkgutil          # only when a pack is validated: rules from the pack cache skip it
    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(__path__)
                  if m.name != "base" and not m.name.startswith("_"))


def get_kind(name: str) -> type[Check]:
    """The Check class of kind ``name`` (module ``sumlint.checks.<name>`` defines ``CHECK``)."""
    if not isinstance(name, str) or name not in known_kinds():
        raise RuleError(f"未知的检查类型 {name!r}；可用的类型：{', '.join(known_kinds())}",
                        key="kind")
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
    return module.CHECK


__all__ = ["Check", "RuleError", "get_kind", "known_kinds"]

"""Which domain calls to time: the richest the domain offers today, named in the output.

The action log, register and exports are being built alongside the benchmarks, so these are
chosen when the run starts (a filter object if the service takes one, else the plain list) and
each case says what it called. A case that cannot run yet is reported as not measured.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Case:
    label: str
    call: Callable[[], Any] | None
    check: Callable[[Any], bool] | None = None
    missing: str = ""          # why it cannot be measured yet


def _non_empty(result: Any) -> bool:
    return bool(result)


def _construct(cls: type, store: Any, content: Any) -> Any:
    params = inspect.signature(cls).parameters
    return cls(store, content) if "content" in params else cls(store)


def filter_cases(store: Any, content: Any) -> list[Case]:
    from compact_tui.domain import actions as actions_module
    from compact_tui.domain import register as register_module

    cases = []
    actions = _construct(actions_module.ActionsService, store, content)
    action_filter = getattr(actions_module, "ActionFilter", None)
    # filter for what one real action has, so every size (even a tiny one) finds something
    sample = min(store.all("actions"), key=lambda r: r.get("ref", ""), default={})
    word = max(str(sample.get("description", "")).split() or [""], key=len)
    surname = str(sample.get("owner_name", "")).split()[-1:] or [""]
    if action_filter is not None:
        wanted = action_filter(status=str(sample.get("status", "")), text=word)
        cases.append(Case("filter action log (status, text)", lambda: actions.actions(wanted),
                          _non_empty))
        by_owner = action_filter(owner=surname[0])
        cases.append(Case("filter action log (owner)", lambda: actions.actions(by_owner),
                          _non_empty))
    else:
        cases.append(Case("action log: open_actions()", actions.open_actions, _non_empty))

    register = _construct(register_module.RegisterService, store, content)
    register_filter = getattr(register_module, "RegisterFilter", None)
    if register_filter is not None and hasattr(register, "search"):
        wanted_orgs = register_filter(text="brentwood", status="active")
        cases.append(Case("filter register (text, status)", lambda: register.search(wanted_orgs),
                          _non_empty))
    else:
        cases.append(Case("register: organisations()",
                          lambda: register.organisations(include_inactive=False), _non_empty))
    return cases


def export_case(store: Any, content: Any, meeting_id: str) -> Case:
    label = "export one meeting's minutes (Markdown)"
    try:
        exports = importlib.import_module("compact_tui.domain.exports")
        minutes_markdown = exports.minutes_markdown
    except (ImportError, AttributeError) as error:
        return Case(label, None, missing=f"compact_tui.domain.exports.minutes_markdown is not "
                                         f"there yet ({error})")
    params = list(inspect.signature(minutes_markdown).parameters)
    args: list[Any] = [store, meeting_id]
    if len(params) >= 3 and params[2] == "content":
        args.append(content)

    def call() -> str:
        return minutes_markdown(*args)

    return Case(label, call, lambda text: isinstance(text, str) and len(text) > 200)

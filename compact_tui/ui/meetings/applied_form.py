"""The meeting record's forms store their change before closing: a refusal from the domain is
shown in the form, which stays open with everything typed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...store import StoreError
from ..widgets.form import FormScreen


def apply_then_close(form: FormScreen[Any], apply: Callable[[dict[str, Any]], object],
                     result: dict[str, Any],
                     widget_for: Mapping[str, str] | None = None) -> None:
    """Store ``result`` through ``apply``; close with it, or show why not and stay open. A
    form following its record (``widget_for`` names each field's widget) stores only what
    the member changed (``FormScreen.save_edits``) and closes with that."""
    try:
        if widget_for is not None and form.following:
            result = form.save_edits(apply, result, widget_for)
        else:
            apply(dict(result))
    except (ValueError, LookupError, StoreError) as error:
        form.show_error(str(error))
        return
    form.dismiss(result)

"""Typed access, from any screen or widget, to the running app and the services it built."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from ...domain.services import Services
    from ..app import CompactApp


class _InApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


class UsesApp:
    """Mixed into screens (before the Textual base): ``self.compact`` and ``self.services``."""

    @property
    def compact(self: _InApp) -> CompactApp:
        return cast("CompactApp", self.app)

    @property
    def services(self: _InApp) -> Services:
        return cast("CompactApp", self.app).services

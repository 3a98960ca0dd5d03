"""Dialogs whose work runs on a thread worker close with the worker's result.

Closing a screen cancels its workers; a worker that closed its own screen (through
``call_from_thread``) could be cancelled before it returned, and a caller waiting for it saw
it fail. So the worker returns the message to close with, and the screen closes once the
worker has finished.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.worker import Worker, WorkerState


class ClosesWithWorkerResult:
    """Mixed into a screen: a worker returning text closes the screen with that text."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, str):
            assert isinstance(self, Screen)
            self.dismiss(event.worker.result)

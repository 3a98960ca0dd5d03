"""The core (domain, content, store) must import without Textual, as Harlequin proves its own."""

from __future__ import annotations

import subprocess
import sys


def test_core_packages_import_without_textual() -> None:
    script = (
        "import sys\n"
        "import compact_tui.domain, compact_tui.content, compact_tui.store\n"
        "import compact_tui.domain.dashboard, compact_tui.store.check, compact_tui.demo\n"
        "import pkgutil, importlib\n"
        "for pkg in (compact_tui.domain, compact_tui.store):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False", result.stderr

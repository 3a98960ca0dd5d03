"""Settings: where the store is, who is editing, and bad config files."""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui import locations
from compact_tui.config import (
    ConfigError,
    Settings,
    load_settings,
    resolve_store_path,
    save_settings,
)


def test_store_path_order_is_flag_then_environment_then_config_then_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(store=str(tmp_path / "from-config.json"))
    monkeypatch.setenv("COMPACT_TUI_STORE", str(tmp_path / "from-env.json"))
    assert resolve_store_path(str(tmp_path / "flag.json"), settings).name == "flag.json"
    assert resolve_store_path(None, settings).name == "from-env.json"
    monkeypatch.delenv("COMPACT_TUI_STORE")
    assert resolve_store_path(None, settings).name == "from-config.json"
    assert resolve_store_path(None, Settings()) == locations.default_store_path()


def test_settings_round_trip_through_the_config_file() -> None:
    settings = Settings(member="Jo Morgan", member_role="minute taker", theme="textual-light")
    settings.quorum.min_organisations = 5
    save_settings(settings)
    loaded = load_settings()
    assert loaded.member == "Jo Morgan"
    assert loaded.theme == "textual-light"
    assert loaded.quorum.min_organisations == 5
    assert locations.config_file().exists()


@pytest.mark.parametrize("text, fragment", [("member: [unclosed", "not valid YAML"),
                                            ("- a list", "key: value"),
                                            ("colour: blue", "unknown setting"),
                                            ("quorum: 3", "quorum must be a mapping"),
                                            ("member: 42", "member must be text")])
def test_bad_config_files_are_reported_with_the_file_name(text: str, fragment: str) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    with pytest.raises(ConfigError, match=fragment) as caught:
        load_settings()
    assert "config.yaml" in str(caught.value)

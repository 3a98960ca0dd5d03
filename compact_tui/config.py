"""User settings in one typed model, read from and written to a YAML file (platformdirs).

The store path is resolved as: ``--store``, then ``COMPACT_TUI_STORE``, then the config file,
then the embedded ``store/compact.json``.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from . import locations
from .domain.quorum import QuorumRule

__all__ = ["ConfigError", "QuorumRule", "Settings", "load_settings", "resolve_store_path",
           "save_settings"]


SMTP_SECURITIES = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpSettings:
    """The group's SMTP server, from the settings file's ``smtp:`` section (``from`` is the
    sender's address). No password: it is never written to a file."""

    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    sender: str = ""

    def problem(self) -> str:
        """Why these settings cannot send, or ""."""
        if not self.host:
            return ("No SMTP server is set: add an smtp: section (host, port, security, user, "
                    "from) to the settings file, or save drafts instead.")
        if self.security not in SMTP_SECURITIES:
            return (f"smtp: security must be one of {', '.join(SMTP_SECURITIES)} "
                    f"(got {self.security!r}).")
        if not self.sender:
            return "smtp: from is missing: the address the mail comes from."
        return ""

    @classmethod
    def from_mapping(cls, raw: Any, source: str) -> SmtpSettings:
        if not isinstance(raw, dict):
            raise ConfigError(f"{source}: smtp must be lines of 'name: value' (host, port, "
                              "security, user, from)")
        values = dict(raw)
        if "from" in values:
            values["sender"] = values.pop("from")
        if "password" in values:
            raise ConfigError(f"{source}: smtp: never write the password in the settings file; "
                              "it is asked for when sending, or read from "
                              "COMPACT_TUI_SMTP_PASSWORD")
        unknown = sorted(set(values) - {"host", "port", "security", "user", "sender"})
        if unknown:
            raise ConfigError(f"{source}: smtp: unknown setting(s): {', '.join(unknown)} "
                              "(use host, port, security, user, from)")
        port = values.get("port", 587)
        if type(port) is not int or not 0 < port < 65536:
            raise ConfigError(f"{source}: smtp: port must be a number such as 587 "
                              f"(got {port!r})")
        for key in ("host", "security", "user", "sender"):
            if not isinstance(values.get(key, ""), str):
                raise ConfigError(f"{source}: smtp: {key} must be text")
        smtp = cls(host=values.get("host", ""), port=port,
                   security=values.get("security", "starttls"), user=values.get("user", ""),
                   sender=values.get("sender", ""))
        if smtp.security not in SMTP_SECURITIES:
            raise ConfigError(f"{source}: {smtp.problem()}")
        return smtp

    def as_mapping(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port, "security": self.security,
                "user": self.user, "from": self.sender} if self.host else {}


class ConfigError(Exception):
    """The config file is unreadable; the message names the file and the problem."""


@dataclass
class Settings:
    member: str = ""
    member_role: str = ""
    store: str = ""
    theme: str = "textual-dark"
    content_folder: str = ""
    agendas_folder: str = ""
    quorum: QuorumRule = field(default_factory=QuorumRule)
    # meaning -> keys, e.g. {"export": "ctrl+e"}; checked and applied by the app (ui/keys.py)
    keys: dict[str, str] = field(default_factory=dict)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)

    @classmethod
    def from_mapping(cls, raw: dict[str, Any], source: str) -> Settings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ConfigError(f"{source}: unknown setting(s): {', '.join(unknown)}")
        values = dict(raw)
        quorum = values.pop("quorum", None) or {}
        if not isinstance(quorum, dict):
            raise ConfigError(f"{source}: quorum must be a mapping")
        try:
            rule = QuorumRule(**quorum)
        except TypeError as error:
            raise ConfigError(f"{source}: quorum: {error}") from error
        if type(rule.min_organisations) is not int or not 0 <= rule.min_organisations <= 999:
            raise ConfigError(f"{source}: quorum: min_organisations must be a whole number, "
                              f"e.g. 4 (got {rule.min_organisations!r})")
        if not isinstance(rule.both_sectors, bool):
            raise ConfigError(f"{source}: quorum: both_sectors must be true or false "
                              f"(got {rule.both_sectors!r})")
        smtp = SmtpSettings.from_mapping(values.pop("smtp", None) or {}, source)
        keys = values.pop("keys", None) or {}
        if not isinstance(keys, dict):
            raise ConfigError(f"{source}: keys must be lines of 'meaning: key', e.g. "
                              f"'export: ctrl+e' (got {keys!r})")
        for key, value in values.items():
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{source}: {key} must be text, got {value!r}")
        return cls(quorum=rule, keys={str(k): v for k, v in keys.items()}, smtp=smtp,
                   **{k: v or "" for k, v in values.items()})


def load_settings(path: Path | None = None) -> Settings:
    path = path or locations.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: is not UTF-8 text ({error.reason}); save it as UTF-8") \
            from error
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from error
    except ValueError as error:  # Python will not read a number of thousands of digits
        raise ConfigError(f"{path}: a number in it is thousands of digits long; settings "
                          "hold small whole numbers, e.g. min_organisations: 4") from error
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected settings as key: value lines")
    return Settings.from_mapping(raw, str(path))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {k: v for k, v in asdict(settings).items() if v not in ("", None, {})}
    data.pop("smtp", None)
    if settings.smtp.host:
        data["smtp"] = settings.smtp.as_mapping()
    temp = path.with_suffix(".tmp")
    temp.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    os.replace(temp, path)


def resolve_store_path(cli_value: str | None, settings: Settings) -> Path:
    return store_path_and_reason(cli_value, settings)[0]


def store_path_and_reason(cli_value: str | None, settings: Settings) -> tuple[Path, str]:
    """The data file to open, and what chose it (for ``compact-tui where``)."""
    for candidate, reason in ((cli_value, "--store"),
                              (os.environ.get("COMPACT_TUI_STORE"), "COMPACT_TUI_STORE"),
                              (settings.store, "settings: store")):
        if candidate:
            return Path(candidate).expanduser(), reason
    if locations.in_source_checkout():
        return locations.default_store_path(), "default: store/ in this copy of the project"
    return locations.default_store_path(), ("default: the DEMO store in this machine's folder "
                                            "(opening the app asks for your group's file)")

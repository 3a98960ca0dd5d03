"""Two real Syncthing instances keep two folder copies in step while two app processes edit.

Everything stays on 127.0.0.1: global and local discovery, relays, NAT traversal (and with it
STUN), usage reporting, crash reporting and upgrades are all off, and each instance only knows
the other's loopback address. Each instance runs with STMONITORED=yes, so one PID is the whole
instance, and every process the test starts is stopped in ``finally``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from compact_tui.store import open_store

from .sync_workers.helpers import finish, start_writer

SYNCTHING = shutil.which("syncthing")
pytestmark = [
    pytest.mark.syncthing,
    pytest.mark.slow,
    pytest.mark.skipif(SYNCTHING is None, reason="the syncthing binary is not installed "
                       "(apt-get install syncthing; .ci/run does this)"),
]
FOLDER_ID = "compact"
DEADLINE_SECONDS = 85


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    def __init__(self, root: Path, name: str) -> None:
        self.home = root / f"{name}-config"
        self.folder = root / f"{name}-folder"
        self.folder.mkdir(parents=True)
        (self.folder / ".stfolder").mkdir()
        self.gui_port, self.sync_port = free_port(), free_port()
        self.api_key = secrets.token_hex(16)
        out = subprocess.run([SYNCTHING, "generate", f"--home={self.home}",
                              "--no-default-folder", "--skip-port-probing"],
                             capture_output=True, text=True, timeout=30, check=True)
        self.device_id = next(line.split(":", 1)[1].strip()
                              for line in (out.stdout + out.stderr).splitlines()
                              if line.startswith("Device ID:"))
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self, other: Instance) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        assert options is not None
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.sync_port}",
            "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
            "relaysEnabled": "false", "natEnabled": "false", "urAccepted": "-1",
            "autoUpgradeIntervalH": "0", "startBrowser": "false",
            "crashReportingEnabled": "false", "reconnectionIntervalS": "1",
            "announceLANAddresses": "false", "stunKeepaliveStartS": "0",
            "stunKeepaliveMinS": "0", "stunServer": "", "globalAnnounceServer": "",
        }
        for key, value in settings.items():
            node = options.find(key)
            if node is None:
                node = ET.SubElement(options, key)
            node.text = value
        gui = root.find("gui")
        assert gui is not None
        gui.find("address").text = f"127.0.0.1:{self.gui_port}"  # type: ignore[union-attr]
        gui.find("apikey").text = self.api_key  # type: ignore[union-attr]
        mine = root.find("device")
        assert mine is not None
        for address in mine.findall("address"):
            address.text = f"tcp://127.0.0.1:{self.sync_port}"
        theirs = ET.fromstring(ET.tostring(mine))
        theirs.set("id", other.device_id)
        theirs.set("name", "other")
        for address in theirs.findall("address"):
            address.text = f"tcp://127.0.0.1:{other.sync_port}"
        root.insert(list(root).index(mine) + 1, theirs)
        template = root.find("defaults/folder")
        assert template is not None
        folder = ET.fromstring(ET.tostring(template))
        folder.attrib.update({"id": FOLDER_ID, "label": FOLDER_ID, "path": str(self.folder),
                              "fsWatcherDelayS": "1", "rescanIntervalS": "5"})
        shared = ET.fromstring(ET.tostring(folder.find("device")))  # type: ignore[arg-type]
        shared.set("id", other.device_id)
        folder.insert(list(folder).index(folder.find("device")) + 1, shared)  # type: ignore
        root.insert(0, folder)
        tree.write(path)

    def start(self) -> None:
        env = {**os.environ, "STMONITORED": "yes", "STNOUPGRADE": "1",
               "STNODEFAULTFOLDER": "1", "HOME": str(self.home)}
        self.process = subprocess.Popen(
            [SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart",
             "--no-upgrade", f"--logfile={self.home / 'syncthing.log'}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def api(self, path: str) -> dict:
        request = urllib.request.Request(f"http://127.0.0.1:{self.gui_port}{path}",
                                         headers={"X-API-Key": self.api_key})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())

    def wait_for_api(self, deadline: float) -> None:
        while True:
            assert self.process is not None and self.process.poll() is None, "syncthing died"
            try:
                self.api("/rest/system/ping")
                return
            except OSError:
                assert time.monotonic() < deadline, "syncthing's REST API never answered"
                time.sleep(0.2)

    def in_sync_with(self, other: Instance) -> bool:
        status = self.api(f"/rest/db/status?folder={FOLDER_ID}")
        completion = self.api(f"/rest/db/completion?folder={FOLDER_ID}"
                              f"&device={other.device_id}")
        return (status["state"] == "idle" and status["needTotalItems"] == 0
                and completion["completion"] == 100)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def wait_until(condition, deadline: float, what: str) -> None:  # type: ignore[no-untyped-def]
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.3)


def test_two_syncthing_folders_and_two_apps_end_with_every_edit(tmp_path: Path) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    one, two = Instance(tmp_path, "one"), Instance(tmp_path, "two")
    one.configure(two)
    two.configure(one)
    writers: list[subprocess.Popen[str]] = []
    try:
        path_one, path_two = one.folder / "compact.json", two.folder / "compact.json"
        with open_store(path_one, member="Seeder", device="seeder",
                        journal_folder=tmp_path / "seed-journal") as seed:
            shared = seed.insert("actions", {"description": "Circulate the toolkit",
                                             "status": "open"})
        one.start()
        one.wait_for_api(deadline)
        two.start()
        two.wait_for_api(deadline)

        def delivered() -> bool:
            return path_two.exists() and path_two.read_bytes() == path_one.read_bytes()

        wait_until(delivered, deadline, "the seed file reached the second folder")
        go = tmp_path / "go"
        ready = [tmp_path / "ready-priya", tmp_path / "ready-jo"]
        for (member, device, path, value, flag) in (
                ("Priya Shah", "dev-priya", path_one, "done", ready[0]),
                ("Jo Morgan", "dev-jo", path_two, "dropped", ready[1])):
            writers.append(start_writer(path, member, device, [
                ["ready", str(flag)], ["wait", str(go)],
                ["update", "actions", shared, {"status": value}],
                ["inserts", "notes", 3, 0], ["save"],
                ["background", 10], ["close"]], tmp_path / f"home-{device}"))
        wait_until(lambda: all(flag.exists() for flag in ready), deadline, "writers started")
        go.write_text("go")
        logs = [finish(writer, timeout=max(1, deadline - time.monotonic())) for writer in writers]
        inserted = {e["id"] for log in logs for e in log if e["op"] == "insert"}
        assert len(inserted) == 6

        def settled() -> bool:
            return (one.in_sync_with(two) and two.in_sync_with(one)
                    and path_one.read_bytes() == path_two.read_bytes())

        wait_until(settled, deadline, "both folders report idle and in sync")
        for path in (path_one, path_two):
            with open_store(path, member="Checker", read_only=True) as store:
                assert {r["id"] for r in store.all("notes")} == inserted
                final = store.get("actions", shared)["status"]
                [clash] = [c for c in store.conflicts() if c["field"] == "status"]
                assert {clash["kept_value"], clash["lost_value"]} == {"done", "dropped"}
                assert clash["kept_value"] == final
            assert not list(path.parent.glob("*sync-conflict*"))
            archived = list((path.parent / "compact-archive").glob("*")) \
                if (path.parent / "compact-archive").exists() else []
            assert all(".sync-conflict-" in p.name for p in archived)
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait(timeout=10)
        one.stop()
        two.stop()

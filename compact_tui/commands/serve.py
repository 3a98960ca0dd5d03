"""``compact-tui serve``: the same app in a web browser, for members who never open a terminal.

Served through textual-serve: each browser session runs its own app process on the one store
(so the merge guarantees are the same as two members' laptops), and each asks the member's
name, which is not saved. Only on 127.0.0.1 unless ``--host`` says otherwise, and never without
a token: the app lives under ``/<token>/``, a random token printed on start (or read from
``--token-file``); any other address gets a plain refusal and no app. Binding to another
address needs ``--token-file`` (a token the clerk keeps, not one scrolled past in a terminal),
and the command says what that exposes.
"""

from __future__ import annotations

import argparse
import hmac
import secrets
import shlex
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_USAGE, CommandError, add_store_argument, store_path

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MIN_TOKEN = 16


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="open the app in a web browser (textual-serve)",
        description="Serve the app to web browsers on this machine (127.0.0.1), under an "
        "address with a random token that is printed on start. Each browser session is its "
        "own member on the same store. --host binds elsewhere, only with --token-file.")
    add_store_argument(parser, keep_earlier=True)
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--token-file", type=Path, metavar="FILE",
                        help="read the token from FILE (needed with --host)")
    parser.set_defaults(run=run)


def read_token(token_file: Path | None) -> str:
    if token_file is None:
        return secrets.token_urlsafe(24)
    try:
        token = token_file.expanduser().read_text(encoding="utf-8").strip()
    except OSError as error:
        raise CommandError(f"could not read the token file {token_file}: "
                           f"{error.strerror or error}", EXIT_USAGE) from error
    if len(token) < MIN_TOKEN or not token.replace("-", "").replace("_", "").isalnum():
        raise CommandError(f"the token in {token_file} must be at least {MIN_TOKEN} letters, "
                           "digits, - or _ (for example from: python -c 'import secrets; "
                           "print(secrets.token_urlsafe(24))')", EXIT_USAGE)
    return token


def session_command(args: argparse.Namespace) -> str:
    """The command each browser session runs: this app, on this store, asking the name."""
    parts = [sys.executable, "-m", "compact_tui", "--store", str(store_path(args).absolute()),
             "--ask-member"]
    content = getattr(args, "content", None)
    if content:
        parts += ["--content", str(Path(content).absolute())]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port} is not a port number (1 to 65535)", EXIT_USAGE)
    exposed = args.host not in LOCAL_HOSTS
    if exposed and args.token_file is None:
        raise CommandError(
            f"--host {args.host} would let other machines reach the app, and with it every "
            "record in the store (confidential ones too, for anyone who unlocks them). Give "
            "--token-file FILE holding a long random token you share only with members, and "
            "serve over a network you trust (or behind HTTPS).", EXIT_USAGE)
    path = store_path(args)
    if not path.is_file():
        raise CommandError(f"no store at {path}: give --store PATH", EXIT_USAGE)
    token = read_token(args.token_file)
    try:
        server = token_server(session_command(args), args.host, args.port, token)
    except ImportError as error:
        raise CommandError("textual-serve is not installed: pip install textual-serve",
                           EXIT_USAGE) from error
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Open http://{shown_host}:{args.port}/{token}/ in a web browser.", flush=True)
    if exposed:
        print(f"compact-tui: serving on {args.host}: anyone who can reach this machine and "
              "has the token can use the app as a member.", file=sys.stderr)
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    server.serve()
    return 0


def token_server(command: str, host: str, port: int, token: str) -> Any:
    """A textual-serve Server whose app lives only under ``/<token>/``."""
    from aiohttp import web
    from textual_serve.server import Server

    class TokenServer(Server):
        async def _make_app(self) -> web.Application:
            app = web.Application()
            import aiohttp_jinja2
            import jinja2

            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes([
                web.get(f"/{token}/", self.handle_index, name="index"),
                web.get(f"/{token}/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
                web.get("/{tail:.*}", refuse),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: the command has already printed the one address that works."""

    async def refuse(request: web.Request) -> web.Response:
        guess = request.path.strip("/").split("/")[0]
        if hmac.compare_digest(guess.encode(), token.encode()):
            raise web.HTTPFound(f"/{token}/")
        return web.Response(status=403, text="No token, no app: open the address that "
                            "'compact-tui serve' printed.\n")

    return TokenServer(command, host=host, port=port, title="compact-tui")

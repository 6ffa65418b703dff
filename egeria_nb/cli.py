"""``egeria-nb``: serve the embedded platform, seed it, diagnose a daemon, or walk through the seed page."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import tempfile
from collections.abc import Sequence

from egeria_nb.embedded.change_log import DEFAULT_MAX_AGE_S, DEFAULT_PRUNE_INTERVAL_S, ChangeLogLimits
from egeria_nb.embedded.datadir import DataDirectory
from egeria_nb.embedded.server import EmbeddedServer
from egeria_nb.embedded.store import CHANGE_LOG_KEEP
from egeria_nb.errors import EgeriaError

__all__ = ["main"]

DEFAULT_SERVE_PORT = 9080
# argparse prints help text as written: plain words here, no reStructuredText markup (the module
# docstring, written for Sphinx, would show its ``double backticks``).
DESCRIPTION = "egeria-nb: serve the embedded platform, or walk through the seed page in the terminal."
SERVE_HELP = "run the embedded Egeria-compatible platform until Ctrl-C"
SEED_HELP = "load integration-group definitions (the labs' by default) into a metadata server"
DEMO_HELP = "walk through the five integration-group calls in the terminal"
DIAGNOSE_HELP = (
    "check everything an integration daemon depends on and say what to do; the platform comes from "
    "EGERIA_PLATFORM_URL, EGERIA_USER, EGERIA_USER_PASSWORD and EGERIA_API (exit 1 if a check fails)"
)


def _number(text: str) -> object:
    """A number as typed, or the text itself (None for "none"): ChangeLogLimits says what is wrong with it."""
    if text.strip().lower() == "none":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _serve(args: argparse.Namespace) -> int:
    try:
        change_log = ChangeLogLimits(
            _number(args.change_log_keep),  # type: ignore[arg-type]
            _number(args.change_log_max_age),  # type: ignore[arg-type]
            _number(args.change_log_prune_interval),  # type: ignore[arg-type]
        )
    except EgeriaError as error:
        print(f"egeria-nb: {error}", file=sys.stderr)
        return 2
    directory = DataDirectory(args.data_dir)
    if not directory.try_claim():
        # A holder that is itself starting has not announced its URL yet: give it a moment.
        who = directory.describe_holder()
        print(
            f"egeria-nb: the data directory {directory.path} is already served by {who}.\n"
            "Stop that platform first, or pass --data-dir for another directory.",
            file=sys.stderr,
        )
        return 2
    server = EmbeddedServer(
        directory,
        host=args.host,
        port=args.port,
        legacy_api=args.legacy_api,
        extensions=not args.egeria_only,
        change_log=change_log,
    )

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            url = await server.start()
        except OSError as exc:
            print(f"egeria-nb: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
            raise SystemExit(2) from None
        directory.announce(url)
        user_id, _ = directory.admin_credentials()
        print(f"egeria_nb platform serving {url}", flush=True)
        print(f"  data directory: {directory.path}")
        print(f"  credentials:    {directory.credentials_file} (user {user_id!r}; the password is in that file)")
        print('  log in:         POST /api/token with {"userId": ..., "password": ...}')
        print("Press Ctrl-C to stop.", flush=True)
        await stop.wait()
        await server.stop()

    try:
        asyncio.run(run())
    finally:
        directory.release()
    return 0


def _demo(args: argparse.Namespace) -> int:
    from egeria_nb.demo import run_demo

    with tempfile.TemporaryDirectory(prefix="egeria_nb-demo-") as scratch:
        run_demo(args.data_dir or scratch)
    return 0


def _seed(args: argparse.Namespace) -> int:
    from egeria_nb.embedded.platform import start_embedded
    from egeria_nb.errors import EgeriaError
    from egeria_nb.metadata.seed import seed_definitions

    # Connects to the platform serving the data directory if there is one, else serves it for the duration.
    with start_embedded(args.data_dir) as platform:
        try:
            report = seed_definitions(
                platform, args.file, metadata_server=args.metadata_server, samples_dir=args.samples
            )
        except EgeriaError as error:
            print(f"egeria-nb seed: {error}", file=sys.stderr)
            return 2
    print(report.to_string(index=False))
    return 0


def _diagnose(args: argparse.Namespace) -> int:
    from egeria_nb.client import Platform
    from egeria_nb.diagnosis import diagnose

    try:
        with Platform.from_env() as platform:
            diagnosis = diagnose(platform, args.server, timeout_s=args.timeout)
    except EgeriaError as error:
        # The environment or the arguments are wrong: nothing was checked.
        print(f"egeria-nb diagnose: {error}", file=sys.stderr)
        return 2
    print(diagnosis)
    return 0 if diagnosis.ok else 1


def _as_sentence(help_text: str) -> str:
    """A subcommand's one-line help as the description its own --help shows."""
    return help_text[:1].upper() + help_text[1:] + "."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="egeria-nb", description=DESCRIPTION)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the platform does")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help=SERVE_HELP, description=_as_sentence(SERVE_HELP))
    serve.add_argument("--data-dir", help="data directory (default $EGERIA_NB_HOME or ~/.egeria_nb)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    serve.add_argument("--port", type=int, default=DEFAULT_SERVE_PORT, help=f"port (default {DEFAULT_SERVE_PORT})")
    serve.add_argument("--legacy-api", action="store_true", help="also serve Egeria 4.x/5.x /users/{userId} paths")
    serve.add_argument(
        "--egeria-only",
        action="store_true",
        help="serve only what a real Egeria serves (no change feed, no batch catalog call, no audit-log records)",
    )
    serve.add_argument(
        "--change-log-keep",
        metavar="COUNT",
        default=str(CHANGE_LOG_KEEP),
        help=f"newest metadata changes the change feed keeps (default {CHANGE_LOG_KEEP})",
    )
    serve.add_argument(
        "--change-log-max-age",
        metavar="SECONDS",
        default=f"{DEFAULT_MAX_AGE_S:.0f}",
        help=f"drop changes older than this; 'none' for no age limit (default {DEFAULT_MAX_AGE_S:.0f}, 7 days)",
    )
    serve.add_argument(
        "--change-log-prune-interval",
        metavar="SECONDS",
        default=f"{DEFAULT_PRUNE_INTERVAL_S:.0f}",
        help=f"how often the change log is pruned (default {DEFAULT_PRUNE_INTERVAL_S:.0f})",
    )
    serve.set_defaults(func=_serve)

    seed = sub.add_parser("seed", help=SEED_HELP, description=_as_sentence(SEED_HELP))
    seed.add_argument("--file", help="definitions file, JSON or YAML (default: egeria_nb/data/lab-definitions.json)")
    seed.add_argument("--data-dir", help="data directory (default $EGERIA_NB_HOME or ~/.egeria_nb)")
    seed.add_argument(
        "--metadata-server", help="metadata access server (default: the file's, or active-metadata-store)"
    )
    seed.add_argument("--samples", help="folder that replaces {samples} in endpoint addresses")
    seed.set_defaults(func=_seed)

    demo = sub.add_parser("demo", help=DEMO_HELP, description=_as_sentence(DEMO_HELP))
    demo.add_argument("--data-dir", help="data directory (default: a temporary one)")
    demo.set_defaults(func=_demo)

    diagnose = sub.add_parser("diagnose", help=DIAGNOSE_HELP, description=_as_sentence(DIAGNOSE_HELP))
    diagnose.add_argument("server", help="the integration daemon's server name, e.g. integration-daemon")
    diagnose.add_argument("--timeout", type=float, default=10.0, help="seconds each call may take (default 10)")
    diagnose.set_defaults(func=_diagnose)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

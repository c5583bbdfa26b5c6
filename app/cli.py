"""The headless command line: `check`, `adapters`, `--version`. Uses the core alone, never Qt.

Output goes through the streams it is given, so tests and the single-file executable can run
it in-process; it returns an exit code instead of calling `sys.exit`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO, TypeVar, cast

from app import APP_ID, APP_NAME, __version__
from app.core.inputs import (
    DEFAULT_WATCH_BOUND_S,
    PROBE_TIMEOUT_S,
    READINGS,
    WATCH_BOUND_S,
    WATCH_INTERVAL_S,
    Bounds,
    readings_incomplete,
)
from app.core.messages import LANGUAGES, Words, system_language, words_for
from app.core.model import CHECK_IDS, NETWORK_CHECKS, CheckResult, RunInputs, RunReport, Status
from app.core.outputs.compare import (
    ReportFileError,
    compare_reports,
    comparison_document,
    comparison_text,
    load_report,
)
from app.core.outputs.document import ExitCode, exit_code, to_document
from app.core.outputs.firewall import (
    DEFAULT_CHAIN,
    DEFAULT_TABLE,
    FORMATS,
    TABLE_OR_CHAIN,
    firewall_plan,
)
from app.core.outputs.firewall import render as render_firewall
from app.core.outputs.it_request import ItRequest, build_it_request, format_time
from app.core.outputs.refcode import (
    RefCodeError,
    reference_document,
    reference_or_none,
    reference_text,
)
from app.core.outputs.refcode import decode as decode_reference
from app.core.outputs.report_html import write_html_report
from app.core.outputs.text import adapter_card
from app.core.outputs.watch import (
    SYSTEM_CLOCK,
    Clock,
    Transition,
    WatchOutcome,
    WatchRound,
    failing_checks,
    watch,
    watch_document,
)
from app.core.platform import AdapterInfo, UnsupportedPlatform, list_adapters
from app.core.rules import Rules, RulesError, load_rules
from app.core.util.controls import json_text, visible
from app.core.util.files import write_problem
from app.core.util.hosts import is_host, is_ip_address, parse_server, without_root
from app.core.util.versions import EXPECTED_FORM, parse_version


class UsageError(Exception):
    """Bad input from the user: one clear line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own usage errors
        raise UsageError(message)


@dataclass
class Streams:
    out: TextIO
    err: TextIO


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_ID,
        description=f"{APP_NAME}: why a ChargePoint CP6000 or "
        "Express Plus station cannot get online over Ethernet.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this copy of the program: open the window, load the "
        "rules and translations, exit 0 or name what is missing",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = commands.add_parser("check", help="run the diagnosis from the command line")
    check.add_argument("--region", help="us (United States) or ca (Canada); default us")
    check.add_argument(
        "--interface", metavar="NAME", help="adapter to test (default: the wired one)"
    )
    check.add_argument("--endpoint", metavar="HOST", help="VPN endpoint instead of the region's")
    check.add_argument(
        "--ntp-server",
        metavar="HOST[:PORT]",
        action="append",
        default=[],
        help="NTP server to query (repeatable)",
    )
    check.add_argument(
        "--dns-server",
        metavar="ADDRESS[:PORT]",
        action="append",
        default=[],
        help="DNS server to ask instead of the adapter's (repeatable)",
    )
    check.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        help="time-out of every probe (default: from the rules)",
    )
    check.add_argument("--model", help="station model: cp6000 or express-plus")
    check.add_argument(
        "--firmware",
        metavar="VERSION",
        help=f"version read on the station screen, e.g. {EXPECTED_FORM}",
    )
    for name, values in READINGS.items():
        check.add_argument(f"--{name}", choices=values, help=f"the station's {name} reading")
    _add_common(check)
    check.add_argument("--json", action="store_true", help="print the JSON document")
    check.add_argument("--rules", metavar="FILE", help="rules file instead of the built-in one")
    check.add_argument(
        "--only", metavar="CHECK[,CHECK]", help="run only these checks: " + ", ".join(CHECK_IDS)
    )
    check.add_argument("--report", metavar="FILE.html", help="also write the HTML report")
    check.add_argument(
        "--watch",
        metavar="SECONDS",
        type=float,
        help="after the run, retest the failing checks every SECONDS until they pass",
    )
    check.add_argument(
        "--watch-for",
        metavar="SECONDS",
        type=float,
        help=f"stop watching after SECONDS (default {DEFAULT_WATCH_BOUND_S:g})",
    )
    check.add_argument(
        "--it-request",
        action="store_true",
        help="after the run, print a ready-to-send request for the site's IT",
    )
    check.add_argument(
        "--firewall-rules",
        metavar="FORMAT",
        choices=FORMATS,
        help="after the run, print firewall rules for the site's IT: " + ", ".join(FORMATS),
    )
    check.add_argument(
        "--report-all-adapters",
        action="store_true",
        help="show every adapter in the report, MAC addresses included",
    )

    decode = commands.add_parser("decode", help="read back a reference code given on the phone")
    decode.add_argument(
        "code",
        nargs="+",
        metavar="CODE",
        help="the code, e.g. 0N3Q-M476-8B3B-HW8F-PM (case, spaces and dashes ignored)",
    )
    _add_common(decode)
    decode.add_argument("--json", action="store_true", help="print JSON")

    compare = commands.add_parser("compare", help="what changed between two saved JSON reports")
    compare.add_argument("before", metavar="A.json", help="the earlier report (check --json)")
    compare.add_argument("after", metavar="B.json", help="the later report")
    _add_common(compare)
    compare.add_argument("--json", action="store_true", help="print JSON")

    rules_command = commands.add_parser(
        "firewall-rules", help="firewall rules for the site's IT, from a saved JSON report"
    )
    rules_command.add_argument(
        "--from", dest="source", metavar="REPORT.json", required=True, help="the saved report"
    )
    rules_command.add_argument(
        "--format", choices=FORMATS, required=True, help="one of " + ", ".join(FORMATS)
    )
    rules_command.add_argument(
        "--table", default=DEFAULT_TABLE, help=f"nftables: the inet table (default {DEFAULT_TABLE})"
    )
    rules_command.add_argument(
        "--chain", default=DEFAULT_CHAIN, help=f"nftables: the chain (default {DEFAULT_CHAIN})"
    )
    rules_command.add_argument(
        "--rules", metavar="FILE", help="rules file instead of the built-in one"
    )
    _add_common(rules_command)

    # Listed here for --help; `python -m app screenshots` goes straight to the wizard's module.
    shots = commands.add_parser(
        "screenshots",
        help="render every page of the wizard to PNG "
        "files (DIR [--lang en|fr] [--from REPORT.json])",
    )
    shots.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    adapters = commands.add_parser("adapters", help="list network adapters, like ipconfig /all")
    _add_common(adapters)
    adapters.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, help="en or fr (default: system language)")
    # Also after the command, where the crash message's "run again with --debug" puts it.
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks of internal errors",
    )


def main(
    argv: Sequence[str] | None = None,
    streams: Streams | None = None,
    adapters: Callable[[], list[AdapterInfo]] = list_adapters,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """`python -m app ARGV`. `adapters` and `clock` (the watch's) are the system's; tests
    give their own."""
    streams = streams or Streams(sys.stdout, sys.stderr)
    out = _Quiet(streams.out)
    # Everything printed goes out through `visible`: a certificate, a DNS server, a saved
    # report or an adapter's name never reaches the terminal as a control sequence.
    streams = Streams(
        cast(TextIO, _Terminal(cast(TextIO, out))), cast(TextIO, _Terminal(streams.err))
    )
    argv = list(sys.argv[1:] if argv is None else argv)
    code = _main(argv, streams, adapters, clock)
    out.flush()
    if out.error is not None:
        # The output could not be written (a full disk, a failing device): the result was
        # not delivered, which the exit code must not hide.
        words = words_for(_lang_typed(argv))
        error = words.os_error(out.error)
        streams.err.write(f"{APP_ID}: {words.term('OUTPUT_NOT_WRITTEN', {'error': error})}\n")
        return ExitCode.USAGE
    return code


def _main(
    argv: list[str],
    streams: Streams,
    adapters: Callable[[], list[AdapterInfo]],
    clock: Clock,
) -> int:
    debug = "--debug" in argv
    try:
        with _argparse_words(words_for(_lang_typed(argv))):
            args = build_parser().parse_args(argv)
        # The words of the command, in the language it asks for: every line it writes.
        words = words_for(getattr(args, "lang", None) or system_language())
        _refuse_controls(args, words)
        if args.version:
            streams.out.write(f"{APP_NAME} {__version__}\n")
            return ExitCode.OK
        if args.self_test:  # normally dispatched before the command line (app/__main__.py)
            from app.gui.selftest import run_self_test

            return run_self_test()
        if args.command == "adapters":
            return _adapters(args, streams, words, adapters)
        if args.command == "check":
            return _check(args, streams, words, adapters, clock)
        if args.command == "decode":
            return _decode(args, streams, words)
        if args.command == "compare":
            return _compare(args, streams, words)
        if args.command == "firewall-rules":
            return _firewall_rules(args, streams, words)
        if args.command == "screenshots":
            from app.gui.screenshots import main as screenshots_main

            return screenshots_main(args.rest)
        build_parser().print_help(streams.out)
        return ExitCode.USAGE
    except UsageError as exc:
        streams.err.write(f"{APP_ID}: {exc}\n")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.CANCELLED
    except BrokenPipeError:
        # The reader went away (`check | head`): nothing more to say, and nothing to flush.
        _silence(streams.out)
        return ExitCode.OK
    except Exception as exc:  # noqa: BLE001 - no traceback reaches a user without --debug
        if debug:
            streams.err.write(traceback.format_exc())
        else:
            streams.err.write(
                f"{APP_ID}: internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug for details)\n"
            )
        return ExitCode.CRASHED


class _Terminal:
    """Output to a person: the program's own lines pass, any control character in them (from
    the network, a file or the system) is spelled out instead of acting."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text, lines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _Quiet:
    """Output whose reader may go away (`check | head`): the rest is dropped, the command
    goes on to its end and its exit code still tells the result."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.gone = stream, False
        self.error: OSError | None = None
        """Why the output could not be written, when it was not a reader going away."""

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
            except OSError as exc:
                self._lost(exc)
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except OSError as exc:
                self._lost(exc)

    def _lost(self, exc: OSError) -> None:
        self.gone = True
        if not isinstance(exc, BrokenPipeError):
            self.error = exc
        _silence(self.stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _silence(stream: TextIO) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _lang_typed(argv: Sequence[str]) -> str:
    """The language asked for on the command line, read before argparse reads the rest (its
    own error messages need it)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGUAGES:
            return arg.split("=", 1)[1]
    return system_language()


@contextlib.contextmanager
def _argparse_words(words: Words) -> Iterator[None]:
    """argparse's own messages ("unrecognized arguments", "invalid choice"…) in the language
    of `words`: the catalogue's ARGPARSE_* terms hold each of its English messages and their
    translation."""
    english = words_for("en")
    translations = {
        english.term(name): words.term(name)
        for name in words.catalogue.terms
        if name.startswith("ARGPARSE_")
    }
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: translations.get(message, message)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


def parse_inputs(args: argparse.Namespace, words: Words) -> tuple[RunInputs, Rules]:
    """Everything the user typed, checked before any probe is sent."""

    def usage(term: str, **params: str) -> UsageError:
        """One line in the reader's language; the values typed are shown as typed."""
        return UsageError(words.term(term, params))

    def seconds(option: str, bounds: Bounds, got: float) -> UsageError:
        return usage(
            "USAGE_SECONDS",
            option=option,
            low=f"{bounds.low:g}",
            high=f"{bounds.high:g}",
            got=f"{got:g}",
        )

    for name in ("endpoint", "interface", "region", "dns_server", "ntp_server", "rules"):
        value = getattr(args, name)
        if any(
            not one.strip()
            for one in (value if isinstance(value, list) else [value] if value is not None else [])
        ):
            # An unset shell variable must never fall back to the default (the real endpoint).
            raise usage("USAGE_EMPTY", option=_option(name))
    try:
        rules = load_rules(args.rules)
    except RulesError as exc:
        raise UsageError(str(exc)) from None
    region = (args.region or "us").strip().lower()
    if region not in rules.regions:
        raise usage(
            "USAGE_ONE_OF", option="--region", expected=", ".join(rules.regions), got=region
        )
    endpoint = args.endpoint.strip() if args.endpoint is not None else None
    if endpoint is not None and not is_host(endpoint):
        raise usage("USAGE_NOT_A_HOST", option="--endpoint", got=args.endpoint)
    for server in args.dns_server:
        if not _is_server(server, need_address=True):
            raise usage("USAGE_SERVER", option="--dns-server", form="ADDRESS[:PORT]", got=server)
    for server in args.ntp_server:
        if not _is_server(server, need_address=False):
            raise usage("USAGE_SERVER", option="--ntp-server", form="HOST[:PORT]", got=server)
    if args.timeout is not None and not PROBE_TIMEOUT_S.holds(args.timeout):
        raise seconds("--timeout", PROBE_TIMEOUT_S, args.timeout)
    if args.firmware is not None and not args.firmware.strip():
        raise UsageError(
            "--firmware: "
            + words.text(
                "FIRMWARE_INVALID", {"version": args.firmware, "form": EXPECTED_FORM}
            ).explanation
        )
    if bool(args.model) != bool(args.firmware):
        raise usage("USAGE_TOGETHER", option="--model", other="--firmware")
    if args.model and rules.model_for(args.model) is None:
        raise UsageError(
            "--model: "
            + words.text(
                "FIRMWARE_UNKNOWN_MODEL",
                {"model": args.model, "models": list(rules.firmware)},
            ).explanation
        )
    if args.firmware and parse_version(args.firmware) is None:
        raise UsageError(
            "--firmware: "
            + words.text(
                "FIRMWARE_INVALID", {"version": args.firmware, "form": EXPECTED_FORM}
            ).explanation
        )
    if readings_incomplete({name: getattr(args, name) for name in READINGS}):
        raise usage("USAGE_READINGS_TOGETHER")
    if args.watch is not None and not WATCH_INTERVAL_S.holds(args.watch):
        raise seconds("--watch", WATCH_INTERVAL_S, args.watch)
    if args.watch_for is not None and args.watch is None:
        raise usage("USAGE_GOES_WITH", option="--watch-for", other="--watch SECONDS")
    if args.watch_for is not None and not WATCH_BOUND_S.holds(args.watch_for):
        raise seconds("--watch-for", WATCH_BOUND_S, args.watch_for)
    if args.report_all_adapters and not args.report:
        raise usage("USAGE_GOES_WITH", option="--report-all-adapters", other="--report FILE.html")
    if args.report is not None:
        # Before any probe: a run (and a watch) must not end on a report that cannot be saved.
        problem = write_problem(args.report)
        if problem:
            raise UsageError(
                words.term(
                    "REPORT_NOT_WRITTEN",
                    {"path": args.report, "error": words.os_error(problem)},
                )
            )
    only = tuple(part.strip() for part in (args.only or "").split(",") if part.strip())
    if args.only is not None and not only:
        # An empty value (an unset shell variable) must never widen to "every check".
        raise usage("USAGE_ONLY_EMPTY", checks=", ".join(CHECK_IDS))
    unknown = [name for name in only if name not in CHECK_IDS]
    if unknown:
        raise usage("USAGE_ONLY_UNKNOWN", unknown=", ".join(unknown), checks=", ".join(CHECK_IDS))
    inputs = RunInputs(
        region=region,
        interface=args.interface.strip() if args.interface is not None else None,
        # `vpn.example.` is `vpn.example`: a certificate never names the root.
        endpoint=without_root(endpoint) if endpoint is not None else None,
        ntp_servers=tuple(args.ntp_server),
        dns_servers=tuple(args.dns_server),
        timeout=args.timeout,
        model=args.model,
        firmware=args.firmware,
        link=args.link,
        vpn=args.vpn,
        cloud=args.cloud,
        only=only,
        rules_file=args.rules,
    )
    return inputs, rules


def _option(dest: str) -> str:
    """`dns_server` → `--dns-server`: an option's name as the user typed it."""
    return _TYPED_AS.get(dest) or "--" + dest.replace("_", "-")


_TYPED_AS = {"code": "CODE", "before": "A.json", "after": "B.json", "source": "--from"}
"""The values whose name on the command line is not their option's: positionals by their
placeholder, `--from` by its flag."""


def _refuse_controls(args: argparse.Namespace, words: Words) -> None:
    """A line break (a pasted value, a script's variable) or a control character is never part
    of a name, an address, a version, a code or a path the user meant: every command refuses
    it in one line, before anything is read, sent or decoded."""
    for name, value in vars(args).items():
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str) and visible(one) != one:
                raise UsageError(words.term("USAGE_CONTROL", {"option": _option(name), "got": one}))


def _is_server(text: str, need_address: bool) -> bool:
    try:
        host, port = parse_server(text)
        ok_host = is_ip_address(host) if need_address else is_host(host)
    except ValueError:
        return False
    return ok_host and 1 <= port <= 65535


def _check(
    args: argparse.Namespace,
    streams: Streams,
    words: Words,
    adapters: Callable[[], list[AdapterInfo]],
    clock: Clock,
) -> int:
    from app.core.run import run_checks  # the checks and probes load for `check` alone

    inputs, rules = parse_inputs(args, words)
    printer = None if args.json else _LivePrinter(streams.out, words, inputs, rules)
    cancel = threading.Event()

    if printer:
        printer.header()
    report: RunReport = _in_worker(
        lambda: run_checks(
            inputs,
            rules,
            adapters=adapters,
            cancel=cancel,
            on_result=printer.result if printer else None,
        ),
        cancel,
    )
    if printer:
        printer.verdict(report)
        if args.it_request:
            printer.it_request(build_it_request(report, words, rules))
    watched: WatchOutcome | None = None
    bound = DEFAULT_WATCH_BOUND_S if args.watch_for is None else args.watch_for
    if args.watch is not None and not report.cancelled:
        if printer and failing_checks(report):
            printer.watch_start(failing_checks(report), args.watch, bound)
        first = report
        watched = _in_worker(
            lambda: watch(
                first,
                rules,
                interval=args.watch,
                bound=bound,
                adapters=adapters,
                cancel=cancel,
                on_round=printer.watch_round if printer else None,
                on_transition=printer.watch_transition if printer else None,
                clock=clock,
            ),
            cancel,
        )
        report = watched.report
        if printer:
            printer.watch_end(watched, args.watch, bound)
    if args.json:
        document = to_document(report, words, rules.source if args.rules else None)
        if args.it_request:
            it_request = build_it_request(
                report, words, rules, seen_at=watched.seen_at if watched else None
            )
            document["it_request"] = it_request.as_dict() if it_request else None
        if watched is not None:
            document["watch"] = watch_document(watched, args.watch, bound)
        if args.firewall_rules:
            text = render_firewall(firewall_plan(report, rules), words, args.firewall_rules)
            document["firewall_rules"] = {"format": args.firewall_rules, "text": text}
        streams.out.write(json_text(document) + "\n")
    elif args.firewall_rules:
        text = render_firewall(firewall_plan(report, rules), words, args.firewall_rules)
        heading = words.term("FIREWALL_HEADING")
        streams.out.write(f"\n{heading}\n{'-' * len(heading)}\n\n{text}")
    # The result is out before any file is written: a report that cannot be saved loses
    # nothing, and says so on its own line.
    if args.report:
        _write_report(args, streams, report, words, adapters)
    if watched is not None and watched.ended == "cancelled":
        return ExitCode.CANCELLED
    return exit_code(report)


_T = TypeVar("_T")


def _in_worker(work: Callable[[], _T], cancel: threading.Event) -> _T:
    """Run `work` in a thread while the main thread stays free for Ctrl+C, which sets
    `cancel`; the work's exception, if any, is raised here."""
    outcome: dict[str, Any] = {}
    # The main thread waits on this Event, not on Thread.join: on Python 3.11 a join cut
    # by Ctrl+C can leave the thread looking finished while it still runs.
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread as is
            cancel.set()
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="run", daemon=True).start()
    while True:
        try:
            while not done.wait(0.2):
                pass
            break
        except KeyboardInterrupt:
            # Stop the probes; the run ends within a fraction of a second with what it has.
            cancel.set()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _write_report(
    args: argparse.Namespace,
    streams: Streams,
    report: RunReport,
    words: Words,
    adapters: Callable[[], list[AdapterInfo]],
) -> None:
    try:
        others = [a.as_dict() for a in adapters()] if args.report_all_adapters else []
    except UnsupportedPlatform:
        others = []  # the report's adapter check already says why
    try:
        write_html_report(args.report, report, words, other_adapters=others)
    except OSError as exc:
        reason = words.os_error(exc)
        raise UsageError(
            words.term("REPORT_NOT_WRITTEN", {"path": args.report, "error": reason})
        ) from None
    if not args.json:
        streams.out.write(words.term("REPORT_WRITTEN", {"path": args.report}) + "\n")


class _LivePrinter:
    """Prints each check's line as soon as it and every check before it have ended."""

    def __init__(self, out: TextIO, words: Words, inputs: RunInputs, rules: Rules) -> None:
        self.out, self.words, self.inputs, self.rules = out, words, inputs, rules
        from app.core.run import select_checks

        self.order = [check.id for check in select_checks(inputs.only)]
        self.waiting: dict[str, CheckResult] = {}
        self.printed: set[str] = set()
        self.lock = threading.Lock()
        # The status in the reader's language, upper case to stand out, in a column as wide
        # as the language's longest status word.
        self.marks = {status: words.term(f"STATUS_{status.name}").upper() for status in Status}
        self.mark_width = max(len(mark) for mark in self.marks.values())

    def header(self) -> None:
        endpoint = self.rules.endpoint_for(self.inputs)
        region = self.words.term(f"REGION_{self.inputs.region.upper()}")
        self.out.write(f"{APP_NAME} {__version__} · {region} · {endpoint}\n\n")
        self.out.flush()

    def result(self, result: CheckResult) -> None:
        with self.lock:
            if result.id in self.printed:
                # A second word on a check already printed: the adapter's link read again at
                # the end of the run.
                self._line(result)
                self.out.flush()
                return
            self.waiting[result.id] = result
            while self.order and self.order[0] in self.waiting:
                self._line(self.waiting.pop(self.order.pop(0)))
            self.out.flush()

    def _line(self, result: CheckResult) -> None:
        self.printed.add(result.id)
        text = self.words.text(result.code, result.params)
        name = self.words.check_name(result.id)
        mark = f"{self.marks[result.status]:<{self.mark_width}}"
        self.out.write(f"{mark} {name:<22} {result.code:<24} {text.title}\n")
        if result.status != Status.PASS:
            self.out.write(f"{'':<{self.mark_width}} {text.explanation}\n")

    def _label(self, name: str) -> str:
        return self.words.label(self.words.term(name))

    def verdict(self, report: Any) -> None:
        verdict = report.verdict
        text = self.words.text(verdict.code, verdict.params)
        self.out.write(
            f"\n{self._label('LABEL_VERDICT')} {text.title} ({verdict.code})\n{text.explanation}\n"
        )
        if verdict.next_steps:
            self.out.write(f"\n{self._label('LABEL_NEXT_STEPS')}\n")
            for number, next_step in enumerate(verdict.next_steps, 1):
                step_text = self.words.text(next_step.code, next_step.params)
                self.out.write(f"{number:>2}. {step_text.title}\n    {step_text.instruction}\n")
        reference = reference_or_none(report)
        if reference:
            self.out.write(f"\n{self._label('LABEL_REFERENCE')} {reference}\n")
        self.out.flush()

    def _clock(self, at: str) -> str:
        return format_time(at)[11:]

    def _names(self, check_ids: Sequence[str]) -> str:
        return self.words.check_names(check_ids)

    def watch_start(self, checks: Sequence[str], interval: float, bound: float) -> None:
        self.out.write(
            "\n"
            + self.words.term(
                "WATCH_START",
                {
                    "checks": self._names(checks),
                    "interval": f"{interval:g}",
                    "bound": _duration(bound),
                },
            )
            + "\n"
        )
        self.out.flush()

    def watch_transition(self, change: Transition) -> None:
        with self.lock:
            result = change.after
            text = self.words.text(result.code, result.params)
            name = self.words.check_name(result.id)
            news = self.words.term("WATCH_GREEN" if change.green else "WATCH_RED")
            mark = f"{self.marks[result.status]:<{self.mark_width}}"
            label = self.words.label(name)
            self.out.write(
                f"{self._clock(change.at)}  {mark} {label} {news} · {result.code} · {text.title}\n"
            )
            self.out.flush()

    def watch_round(self, done: WatchRound) -> None:
        with self.lock:
            if done.failing:
                line = self.words.term(
                    "WATCH_ROUND",
                    {"round": done.number, "checks": self._names(done.failing)},
                )
                self.out.write(f"{self._clock(done.at)}  {line}\n")
                self.out.flush()

    def watch_end(self, outcome: WatchOutcome, interval: float, bound: float) -> None:
        names = self._names(outcome.failing)
        term = {
            "all_green": "WATCH_ALL_GREEN",
            "time_up": "WATCH_TIME_UP",
            "cancelled": "WATCH_CANCELLED",
            "nothing_to_watch": "WATCH_NOTHING",
        }
        if not any(
            r.id in NETWORK_CHECKS and r.status != Status.SKIP for r in outcome.report.results
        ):
            term["nothing_to_watch"] = "WATCH_NO_NETWORK_CHECK"
        self.out.write(
            "\n"
            + self.words.term(
                term[outcome.ended],
                {"checks": names, "bound": _duration(bound), "rounds": outcome.rounds},
            )
            + "\n"
        )
        if outcome.ended != "nothing_to_watch":
            # The verdict as things are now, with its steps: the station's readings may
            # still need a look even when every laptop check turned green.
            self.verdict(outcome.report)
        self.out.flush()

    def it_request(self, request: ItRequest | None) -> None:
        if request is None:
            self.out.write(f"\n{self.words.term('IT_NOTHING')}\n")
        else:
            heading = self.words.term("IT_HEADING")
            self.out.write(f"\n{heading}\n{'-' * len(heading)}\n\n{request.text()}")
        self.out.flush()


def _adapters(
    args: argparse.Namespace,
    streams: Streams,
    words: Words,
    adapters: Callable[[], list[AdapterInfo]],
) -> int:
    try:
        found = adapters()
    except UnsupportedPlatform as unsupported:
        text = words.text("ADAPTER_UNSUPPORTED_PLATFORM", {"system": unsupported.system})
        streams.err.write(visible(f"{words.label(text.title)} {text.explanation}") + "\n")
        return ExitCode.FAILED
    if args.json:
        streams.out.write(json_text([a.as_dict() for a in found]) + "\n")
        return ExitCode.OK
    for adapter in found:
        streams.out.write(adapter_card(adapter.as_dict(), words) + "\n\n")
    return ExitCode.OK


def _decode(args: argparse.Namespace, streams: Streams, words: Words) -> int:
    typed = " ".join(args.code)
    try:
        reference = decode_reference(typed)
    except RefCodeError as exc:
        reason = words.term(f"REFCODE_{exc.reason.upper()}", exc.detail)
        raise UsageError(
            words.term("REFCODE_NOT_READ", {"code": typed.strip(), "reason": reason})
        ) from None
    if args.json:
        document = reference_document(reference, words)
        streams.out.write(json_text(document) + "\n")
    else:
        streams.out.write(reference_text(reference, words))
    return ExitCode.OK


def _compare(args: argparse.Namespace, streams: Streams, words: Words) -> int:
    try:
        before, after = load_report(args.before), load_report(args.after)
    except ReportFileError as exc:
        raise UsageError(exc.text(words)) from None
    comparison = compare_reports(before, after)
    files = (args.before, args.after)
    if args.json:
        document = comparison_document(comparison, words, files)
        streams.out.write(json_text(document) + "\n")
    else:
        streams.out.write(comparison_text(comparison, words, files))
    return ExitCode.OK


def _firewall_rules(args: argparse.Namespace, streams: Streams, words: Words) -> int:
    for option, name in (("--table", args.table), ("--chain", args.chain)):
        if not TABLE_OR_CHAIN.fullmatch(name):
            raise UsageError(words.term("USAGE_NFT_NAME", {"option": option, "got": name}))
    try:
        rules = load_rules(args.rules)
    except RulesError as exc:
        raise UsageError(str(exc)) from None
    try:
        report = load_report(args.source)
    except ReportFileError as exc:
        raise UsageError(exc.text(words)) from None
    plan = firewall_plan(report, rules)
    streams.out.write(render_firewall(plan, words, args.format, args.table, args.chain))
    return ExitCode.OK


def _duration(seconds: float) -> str:
    """`90 s`, `10 min`, `1 h 30 min`: a watch's bound as people say it."""
    whole = round(seconds)
    if whole < 120 and whole % 60:
        return f"{whole} s"
    hours, minutes = divmod(whole // 60, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"

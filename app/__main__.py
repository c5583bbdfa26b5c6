"""`python -m app`: the wizard with no command; the command line (`check`, `adapters`,
`--version`…) with one; `--self-test` checks a copy of the program. The command line never
loads Qt."""

from __future__ import annotations

import sys

from app.console import bind_console

CANCELLED = 130


def main() -> int:
    # Ctrl+C while the program is still loading (a second or so) ends it quietly too.
    try:
        return _main()
    except KeyboardInterrupt:
        return CANCELLED


def _main() -> int:
    argv = sys.argv[1:]
    if argv:
        bind_console()  # the windowed executable, run from a terminal
    # A pipe or a file gets UTF-8 (a JSON document, a saved letter for IT), not Windows'
    # ANSI code page; a console keeps its own, and an accent it lacks never becomes a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="replace")
    if not argv:
        from app.gui.app import run_gui

        return run_gui(argv)
    if argv[0] == "--self-test":
        from app.gui.selftest import run_self_test

        return run_self_test()
    if argv[0] == "screenshots":
        from app.gui.screenshots import main as screenshots_main

        return screenshots_main(argv[1:])
    from app.cli import main as cli_main  # the window never needs it

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())

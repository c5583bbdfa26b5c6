"""`python -m app`: the wizard with no command; the command line (`check`, `adapters`,
`--version`…) with one. The command line never loads Qt."""

from __future__ import annotations

import sys

from app.cli import main as cli_main


def main() -> int:
    # A console or pipe with a narrow code page must never turn a French accent into a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    argv = sys.argv[1:]
    if not argv:
        from app.gui.app import run_gui

        return run_gui(argv)
    if argv[0] == "screenshots":
        from app.gui.screenshots import main as screenshots_main

        return screenshots_main(argv[1:])
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())

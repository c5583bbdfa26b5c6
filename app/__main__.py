"""`python -m app`: the command line (`check`, `adapters`, `--version`)."""

from __future__ import annotations

import sys

from app.cli import main as cli_main


def main() -> int:
    # A console or pipe with a narrow code page must never turn a French accent into a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())

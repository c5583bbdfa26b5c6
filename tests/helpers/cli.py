"""The command line run in this process, as a user's terminal would see it."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from app.cli import Streams, main


def cli(*argv: str, adapters: Callable[[], list[Any]] | None = None) -> tuple[int, str, str]:
    """`python -m app ARGV...`: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    kwargs = {"adapters": adapters} if adapters else {}
    code = main(list(argv), Streams(out, err), **kwargs)
    return code, out.getvalue(), err.getvalue()

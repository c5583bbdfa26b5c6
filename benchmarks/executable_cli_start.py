"""How long the command line takes from the single-file executable and from source.

    .venv/bin/python benchmarks/executable_cli_start.py [--executable dist/StationNetworkCheck]

Times `--version` and `check --json --only firmware,matrix ...` (which sends nothing on the
network), launch to exit, median of `--runs` after one launch not counted: from the executable
(which unpacks itself at every start) and from source (`python -m app`, the checkout's venv).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from helpers.program import OFFLINE_CHECK, SOURCE, run_program  # noqa: E402

SUFFIX = ".exe" if sys.platform == "win32" else ""
COMMANDS = {"--version": ["--version"], "check --json (firmware, matrix)": list(OFFLINE_CHECK)}


def median_times(commands: list[list[str]], runs: int, cwd: Path) -> list[float]:
    """Median wall time of each command over `runs` rounds, after one round not counted; the
    commands take turns within a round."""
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for index, argv in enumerate(commands):
            started = time.perf_counter()
            done = run_program(argv, cwd=cwd, capture_output=True)
            elapsed = time.perf_counter() - started
            if done.returncode not in (0, 1):
                raise RuntimeError(
                    f"{argv} exited {done.returncode}: {done.stderr.decode()[-500:]}"
                )
            if round_:
                times[index].append(elapsed)
    return [statistics.median(each) for each in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--executable", type=Path, default=REPO / "dist" / ("StationNetworkCheck" + SUFFIX)
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.executable.is_file():
        print(
            f"no executable at {args.executable}: build it with build.spec first", file=sys.stderr
        )
        return 2
    print(
        f"{args.executable} ({args.executable.stat().st_size / 1e6:.1f} MB), "
        f"median of {args.runs}\n"
    )
    print("| command | executable | source (python -m app) | executable / source |")
    print("| --- | --- | --- | --- |")
    for label, command in COMMANDS.items():
        frozen, source = median_times(
            [[str(args.executable.resolve()), *command], [*SOURCE, *command]],
            args.runs,
            REPO,
        )
        print(f"| `{label}` | {frozen:.2f} s | {source:.2f} s | {frozen / source:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How long the command line takes from the single-file executable and from source.

    .venv/bin/python benchmarks/executable_cli_start.py [--executable dist/StationNetworkCheck]

Times `--version` and `check --json --only firmware,matrix ...` (which sends nothing on the
network), launch to exit, median of `--runs` after one launch not counted: from the executable
(which unpacks itself at every start) and from source (`python -m app`, the checkout's venv).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUFFIX = ".exe" if sys.platform == "win32" else ""
COMMANDS = {
    "--version": ["--version"],
    "check --json (firmware, matrix)": [
        "check",
        "--json",
        "--only",
        "firmware,matrix",
        "--model",
        "cp6000",
        "--firmware",
        "2024.03.00.428",
        "--link",
        "up",
        "--vpn",
        "disconnected",
        "--cloud",
        "disconnected",
    ],
}


def median_times(commands: list[list[str]], runs: int, cwd: Path) -> list[float]:
    """Median wall time of each command over `runs` rounds, after one round not counted; the
    commands take turns within a round."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for index, argv in enumerate(commands):
            started = time.perf_counter()
            done = subprocess.run(
                argv, cwd=cwd, env=env, capture_output=True, timeout=120, check=False
            )
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
            [[str(args.executable.resolve()), *command], [sys.executable, "-m", "app", *command]],
            args.runs,
            REPO,
        )
        print(f"| `{label}` | {frozen:.2f} s | {source:.2f} s | {frozen / source:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Prove that bomtrace installs from wheels alone on every supported platform (issue #19).

    python scripts/check_wheels.py [--extras web] [--jobs 2]

For each platform and Python below, asks pip to resolve this project's own
``pyproject.toml`` with its ``[web]`` extra as a user would install it, from wheels only:

    pip install --dry-run --only-binary :all: --platform ... --python-version ...
        --target ... '.[web]'

No compiler and no system library is involved in a wheel, so a resolution that
succeeds here installs on a laptop without either. A dependency that ships no wheel for
a platform (PyICU, which rigour needed, was the reason for this check) fails the run,
and the lines of pip's answer that name the package are printed.

pip may not name it: offered no wheel, it backtracks through every older release of the
packages above it, and after minutes can end with "resolution-too-deep". So a
resolution that fails or runs past ``--timeout`` is tried again with the versions pip
picks on this machine (wheels or not) as constraints; pip then cannot backtrack and says
which of them has no wheel for the platform.

pip resolves against the index it is configured with (``pip config list``), so the run
needs that index (PyPI or a mirror holding every platform's wheels) and takes a minute.
pip evaluates environment markers on this machine, not the target: a dependency only
Windows pulls in (click's colorama) is not in the Windows resolution. Those are pure
Python wheels today; ``uv pip install --python-platform`` would check them too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13")
# Linux: glibc 2.28 and newer (Debian 10+, Ubuntu 20.04+, RHEL 8+), so every manylinux
# tag up to 2.28 is accepted, as pip on such a system accepts them. macOS: Apple silicon
# from macOS 12 (pip adds the older and universal2 tags itself): pyarrow, which the trade
# store needs (#15), publishes its Python 3.13 wheels for macOS 12 and newer only.
_GLIBC = [f"manylinux_2_{minor}" for minor in range(28, 4, -1)]
_LEGACY = ["manylinux2014", "manylinux2010", "manylinux1"]
PLATFORMS: dict[str, list[str]] = {
    "Linux x86_64": [f"{tag}_x86_64" for tag in _GLIBC + _LEGACY],
    "Linux aarch64": [f"{tag}_aarch64" for tag in _GLIBC + _LEGACY[:1]],
    "Windows x64": ["win_amd64"],
    "macOS arm64": ["macosx_12_0_arm64"],
}
# pip's lines that say which requirement failed and why.
_TELLING = ("ERROR", "depends on", "conflict", "requires", "No matching distribution")


def _pip_dry_run(
    options: list[str], requirement: str, timeout: float
) -> tuple[bool, str]:
    """Runs ``pip install --dry-run``; returns (ok, the JSON report or pip's complaint)."""
    with tempfile.TemporaryDirectory(prefix="bomtrace-report-") as folder:
        report = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run"]
        command += [
            "--ignore-installed",
            "--report",
            str(report),
            *options,
            requirement,
        ]
        try:
            done = subprocess.run(
                command,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False, f"pip did not finish in {timeout:.0f} s"
        if done.returncode == 0:
            return True, report.read_text(encoding="utf-8")
    said = (done.stdout + done.stderr).splitlines()
    telling = [
        line.strip()
        for line in said
        if any(word in line for word in _TELLING)
        and "Location" not in line
        and not line.strip()[:2].rstrip(".").isdigit()  # pip's numbered advice
    ]
    return False, "\n      ".join(telling or [line.strip() for line in said[-5:]])


def host_pins(requirement: str, timeout: float) -> str:
    """The versions pip picks on this machine, wheels or source, as constraint lines."""
    ok, said = _pip_dry_run([], requirement, timeout)
    if not ok:
        return ""
    installed = json.loads(said).get("install", [])
    return "".join(
        f"{i['metadata']['name']}=={i['metadata']['version']}\n"
        for i in installed
        if i.get("download_info", {}).get("dir_info") is None  # not the project itself
    )


def _options(platform: str, python: str, target: str) -> list[str]:
    options = ["--only-binary", ":all:", "--target", target]
    for tag in PLATFORMS[platform]:
        options += ["--platform", tag]
    return [*options, "--python-version", python, "--implementation", "cp"]


def resolve(
    platform: str,
    python: str,
    requirement: str,
    timeout: float,
    pins: Path | None = None,
) -> tuple[bool, str]:
    """Resolves the project for one platform and Python from wheels only."""
    with tempfile.TemporaryDirectory(prefix="bomtrace-wheels-") as target:
        options = _options(platform, python, target)
        if pins is not None:
            options += ["-c", str(pins)]
        ok, said = _pip_dry_run(options, requirement, timeout)
    if ok:
        return True, f"{len(json.loads(said).get('install', []))} wheels"
    return False, said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--extras", default="web", help="extras to resolve (default web)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="resolutions run at once")
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds one resolution may take"
    )
    args = parser.parse_args()
    requirement = f".[{args.extras}]" if args.extras else "."
    combos = [(p, v) for p in PLATFORMS for v in PYTHONS]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        answers = list(
            pool.map(lambda c: resolve(*c, requirement, args.timeout), combos)
        )
        if not all(ok for ok, _ in answers):
            # Name the package: again, with the versions pip picks here as constraints.
            with tempfile.TemporaryDirectory(prefix="bomtrace-pins-") as folder:
                pins = Path(folder) / "pins.txt"
                pins.write_text(host_pins(requirement, args.timeout), encoding="utf-8")
                again = pool.map(
                    lambda c: resolve(*c, requirement, args.timeout, pins), combos
                )
                answers = [
                    first
                    if first[0] or second[0]
                    else (
                        False,
                        f"{first[1]}\n      with this machine's versions: {second[1]}",
                    )
                    for first, second in zip(answers, again, strict=True)
                ]
    failed = 0
    print(
        f"wheel-only resolution of '{requirement}' (pip --dry-run --only-binary :all:)"
    )
    for (platform, python), (ok, said) in zip(combos, answers, strict=True):
        failed += not ok
        print(f"  {platform:<14} Python {python}: {'ok, ' if ok else 'FAILED: '}{said}")
    if failed:
        print(
            f"{failed} of {len(combos)} platform/Python pairs cannot install from wheels"
        )
        return 1
    print(f"all {len(combos)} platform/Python pairs install from wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main())

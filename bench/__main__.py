"""``make bench``: run every ``bench/bench_*.py`` module's ``main()`` and print a summary.

Each benchmark measures its own baseline in the same run (a naive loop, an empty view, a plain
GROUP BY…) and reports ratios, so the figures mean the same on any machine. Targets are
printed beside the figures; a missed target makes the exit code 1.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
    only = set(sys.argv[1:])
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")
    )
    failed = []
    for name in names:
        if only and name not in only and name.removeprefix("bench_") not in only:
            continue
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        results = importlib.import_module(f"bench.{name}").main() or []
        for result in results:
            if result.get("passed") is False:
                failed.append(f"{name}: {result.get('name')}")
        print(f"--- {name} took {time.perf_counter() - started:.1f} s", flush=True)
    print("\n=== summary ===")
    if failed:
        print("Targets missed:\n  " + "\n  ".join(failed))
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

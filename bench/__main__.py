"""`make bench` (python -m bench): run every benchmark and print its figures.

python -m bench [reminders | load | upload]...   runs only those, in that order.
"""

import sys

from bench import load, reminder_scan, upload_memory

BENCHMARKS = {
    "reminders": reminder_scan.main,
    "load": load.main,
    "upload": upload_memory.main,
}

if __name__ == "__main__":
    names = sys.argv[1:] or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        raise SystemExit(
            f"Unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )
    for name in names:
        BENCHMARKS[name]()

"""`make bench`: every benchmark, one after another; each writes its figures to bench/results/."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    [sys.executable, str(HERE / "import_people.py")],
    [sys.executable, str(HERE / "http_people_list.py")],
    [sys.executable, str(HERE / "eligibility.py")],
    [sys.executable, str(HERE / "certificates.py")],
    [sys.executable, str(HERE / "council.py")],
    [sys.executable, str(HERE / "indicators.py")],
    [sys.executable, str(HERE / "dashboard.py")],
    [sys.executable, str(HERE / "history.py")],
    [sys.executable, str(HERE / "national.py")],
]


def main() -> int:
    failed = 0
    for cmd in BENCHES:
        print(f"== {' '.join(Path(c).name for c in cmd[1:])}", flush=True)
        failed |= subprocess.call(cmd) != 0
    print(f"Results: {HERE / 'results'}; summary: {HERE / 'README.md'}")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())

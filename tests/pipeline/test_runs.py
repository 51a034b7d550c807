"""The first run of a process freezes its start-up objects out of the garbage collector."""

from __future__ import annotations

import subprocess
import sys


def test_start_up_objects_are_frozen_once_per_process() -> None:
    # In a fresh interpreter: this test process's own collector is left alone.
    code = (
        "import gc\n"
        "from nongrata.pipeline.runs import freeze_startup_objects\n"
        "assert gc.get_freeze_count() == 0\n"
        "assert freeze_startup_objects() is True\n"
        "frozen = gc.get_freeze_count()\n"
        "assert frozen > 1000, frozen\n"
        "later = [[n] for n in range(5000)]\n"
        "assert freeze_startup_objects() is False\n"
        "assert gc.get_freeze_count() == frozen  # a later run's objects stay collectable\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)

"""The machine the figures were measured on, printed with every result: figures mean little without it."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Dict


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def describe() -> Dict[str, str]:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "cpus (nproc)": str(os.cpu_count()),
        "memory": f"{_memory_gb():.1f} GB",
        "cpu model": _cpu_model(),
        "python": platform.python_version(),
        "load average (1, 5, 15 min)": load,
    }


def print_machine() -> None:
    print("Machine: " + "; ".join(f"{key} {value}" for key, value in describe().items()))
    if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
        print("  Note: other work is running on this machine, so timings are noisy.")

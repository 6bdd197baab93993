"""The overview's charts as SVG, drawn by matplotlib (already installed with Rasa) on the server, so the
page needs no chart script from anywhere. Text is drawn as outlines with a font that has Chinese."""

from __future__ import annotations

import io
import threading
from typing import Dict, List, Sequence

import matplotlib

matplotlib.use("Agg")  # no display on a server
from matplotlib import pyplot  # noqa: E402 (after choosing the backend)

matplotlib.rcParams.update(
    {
        "font.sans-serif": ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans"],
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 9,
    }
)
COLOURS = ["#0b5cad", "#e8871e", "#1e6b34", "#b3261e", "#6b4fa0", "#5c6670"]
_lock = threading.Lock()  # pyplot keeps global state


def _svg(figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight")
    pyplot.close(figure)
    return out.getvalue()


def stacked_bars(days: Sequence[str], series: Dict[str, List[int]], title: str) -> str:
    """One bar per day, one colour per series (a channel, a language)."""
    with _lock:
        figure, axes = pyplot.subplots(figsize=(6.4, 2.6))
        bottom = [0] * len(days)
        for colour, (name, values) in zip(COLOURS * 3, series.items(), strict=False):
            axes.bar(days, values, bottom=bottom, label=name, color=colour)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_title(title, loc="left")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.tick_params(axis="x", rotation=60)
        if series:  # beside the bars: on top of them a patch can vanish into a bar of its own colour
            axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(figure)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str, unit: str = "") -> str:
    with _lock:
        figure, axes = pyplot.subplots(figsize=(6.4, 0.4 + 0.32 * max(1, len(labels))))
        positions = list(range(len(labels)))[::-1]
        axes.barh(positions, values, color=COLOURS[0])
        axes.set_yticks(positions, labels=list(labels))
        for position, value in zip(positions, values, strict=True):
            axes.text(value, position, f" {value:g}{unit}", va="center")
        axes.set_title(title, loc="left")
        axes.xaxis.set_visible(False)
        return _svg(figure)

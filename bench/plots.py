"""The chat benchmark's plots, drawn from its JSON report (bench/chat.py writes both).

* ``latency-vs-rate.png``: p50, p95 and p99 delivery against the rate sent, for each
  stepped series (C through two processes, C in one, D's bare server);
* ``memory-vs-connections.png``: the servers' RSS as B's connections open;
* ``latency-by-scenario.png``: each scenario's percentiles side by side.

    uv run python ../bench/plots.py ../bench/results/chat-<time>/report.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

PERCENTILES = (("p50", ":"), ("p95", "--"), ("p99", "-"))


def _series(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    scenarios = report["scenarios"]
    found: dict[str, list[dict[str, Any]]] = {}
    if "C" in scenarios:
        found["C: two processes (via Redis)"] = scenarios["C"]["steps"]
        if "one_process" in scenarios["C"]:
            found["C: one process"] = scenarios["C"]["one_process"]["steps"]
    if "D" in scenarios:
        found["D: bare fan-out, no database"] = scenarios["D"]["bare_fan_out"]["steps"]
    return found


def latency_vs_rate(report: dict[str, Any], output: Path) -> Path | None:
    series = _series(report)
    if not series:
        return None
    figure, axes = plt.subplots(figsize=(9, 5.5))
    for (label, steps), color in zip(series.items(), ("C0", "C2", "C3"), strict=False):
        steps = [s for s in steps if s["latency_ms"]]
        rates = [s["sent_per_second"] for s in steps]
        for name, style in PERCENTILES:
            axes.plot(
                rates,
                [s["latency_ms"][name] for s in steps],
                style,
                color=color,
                marker="o",
                markersize=3,
                label=f"{label} {name}",
            )
    axes.axhline(200, color="grey", linewidth=0.8)
    axes.text(axes.get_xlim()[0], 210, " knee: p99 200 ms", color="grey", fontsize=8)
    axes.set_yscale("log")
    axes.set_xlabel("messages sent per second (1:1 chats)")
    axes.set_ylabel("delivery latency, send to message.new (ms)")
    axes.set_title("Delivery latency against load (generator on the same 2 cores)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=7, ncol=3)
    return _save(figure, output / "latency-vs-rate.png")


def memory_vs_connections(report: dict[str, Any], output: Path) -> Path | None:
    memory = report["scenarios"].get("B", {}).get("memory")
    if not memory or not memory.get("ramp"):
        return None
    figure, axes = plt.subplots(figsize=(8, 5))
    ramp = memory["ramp"]
    axes.plot([c for c, _ in ramp], [mb for _, mb in ramp], marker=".", markersize=3)
    axes.set_xlabel("open WebSocket connections (both processes)")
    axes.set_ylabel("RSS of the two server processes (MB)")
    axes.set_title(
        f"Memory against connections: {memory['kb_per_idle_connection']} KB per idle connection"
    )
    axes.grid(True, alpha=0.3)
    return _save(figure, output / "memory-vs-connections.png")


def latency_by_scenario(report: dict[str, Any], output: Path) -> Path | None:
    rows = [
        (name, row)
        for name, row in report["scenarios"].items()
        if isinstance(row, dict) and row.get("latency_ms")
    ]
    if not rows:
        return None
    figure, axes = plt.subplots(figsize=(8, 5))
    width = 0.2
    for offset, key in enumerate(("p50", "p95", "p99", "max")):
        axes.bar(
            [i + offset * width for i in range(len(rows))],
            [row["latency_ms"][key] for _, row in rows],
            width,
            label=key,
        )
    labels = [
        f"{name}\n{row['connections']:,} conns, {row['sent_per_second']:,.0f}/s"
        for name, row in rows
    ]
    axes.set_xticks([i + 1.5 * width for i in range(len(rows))], labels)
    axes.set_yscale("log")
    axes.set_ylabel("delivery latency (ms)")
    axes.set_title("Delivery latency by scenario")
    axes.grid(True, axis="y", which="both", alpha=0.3)
    axes.legend()
    return _save(figure, output / "latency-by-scenario.png")


def _save(figure: Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def draw(report: dict[str, Any], output: Path) -> list[Path]:
    drawn = [
        latency_vs_rate(report, output),
        memory_vs_connections(report, output),
        latency_by_scenario(report, output),
    ]
    return [path for path in drawn if path is not None]


if __name__ == "__main__":
    report_path = Path(sys.argv[1])
    for path in draw(json.loads(report_path.read_text()), report_path.parent):
        print(path)

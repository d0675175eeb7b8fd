"""Charts of the report as PNG ``data:`` URIs (matplotlib's Agg canvas, no pyplot global state).

- timeline: per target, p50/p99 latency per second, p99 service time, the load shape (users) and the
  GC pauses of that target's nodes, on one time axis relative to the measured-phase start;
- spectrum: the percentile spectrum of every target (HdrHistogram style: x = 1/(1-q), log scale);
- throughput: completed requests/s against the intended rate, and error rate per second.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

from loadtests.report.aggregate import TargetAggregate, quantiles_sorted, spectrum_quantiles

DPI = 100
WIDTH_IN = 11.0
COLORS = ("#1f5fa8", "#d1495b", "#2e933c", "#8e5ac8", "#e08e0b", "#00798c", "#6b6b6b")
PAUSE_COLOR = "#e08e0b"
USERS_COLOR = "#9aa5b1"
SPECTRUM_TICKS = {1.0: "p0", 2.0: "p50", 10.0: "p90", 100.0: "p99", 1000.0: "p99.9", 10000.0: "p99.99"}


def fixed_margins(fig: Figure, top_in: float = 0.35, bottom_in: float = 0.6, hspace: float = 0.3) -> None:
    """Margins in inches (a constrained layout would cost a second full draw of every chart)."""
    height = fig.get_figheight()
    fig.subplots_adjust(
        left=0.075, right=0.925, top=1 - top_in / height, bottom=bottom_in / height, hspace=hspace
    )


def color_of(index: int) -> str:
    return COLORS[index % len(COLORS)]


def png_data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def timeline(targets: list[TargetAggregate], goal_ms: float) -> str:
    rows = max(1, len(targets))
    fig = Figure(figsize=(WIDTH_IN, 2.6 * rows + 0.9))
    fixed_margins(fig, top_in=0.6, hspace=0.25)
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    for index, (ax, target) in enumerate(zip(axes, targets, strict=False)):
        _timeline_panel(ax, target, goal_ms, color_of(index))
    seconds = max((len(t.per_second) for t in targets), default=1)
    axes[-1].set_xlim(0, seconds)
    axes[-1].set_xlabel("seconds since the measured phase started (intended start of each request)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncols=len(labels), frameon=False, fontsize=9)
    return png_data_uri(fig)


def _timeline_panel(ax, target: TargetAggregate, goal_ms: float, color: str) -> None:  # type: ignore[no-untyped-def]
    series = target.per_second
    x = series["second"].to_numpy(np.float64) + 0.5  # the middle of each one-second bin
    p50 = series["lat_p50"].to_numpy(np.float64)
    p99 = series["lat_p99"].to_numpy(np.float64)
    svc = series["svc_p99"].to_numpy(np.float64)
    pauses = target.pauses
    values = np.concatenate([p50, p99, svc, pauses["duration_ms"].to_numpy(np.float64), [goal_ms]])
    values = values[np.isfinite(values) & (values > 0)]
    floor = max(0.05, float(values.min()) / 2) if len(values) else 0.1
    top = float(values.max()) * 2 if len(values) else 10.0
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(floor, top)
    if len(pauses):
        # one stem per pause (or per poll interval with GC time, from node stats: drawn mid-interval),
        # its height the pause length on the latency axis, so a 500 ms pause stands as tall as a 500 ms p99
        span = pauses["span_s"].to_numpy(np.float64) if "span_s" in pauses else np.zeros(len(pauses))
        at = pauses["t"].to_numpy(np.float64) + span / 2
        heights = np.maximum(pauses["duration_ms"].to_numpy(np.float64), floor * 1.01)
        ax.vlines(at, floor, heights, color=PAUSE_COLOR, lw=2.2, alpha=0.8, zorder=2,
                  label=f"GC pause ({target.gc.source}), ms")  # fmt: skip
        ax.plot(at, heights, ls="none", marker="v", ms=4, color=PAUSE_COLOR, zorder=2)
    ax.plot(x, p99, color=color, lw=1.6, label="latency p99", zorder=3)
    ax.plot(x, p50, color=color, lw=1.0, alpha=0.55, label="latency p50", zorder=3)
    ax.plot(x, svc, color="#333333", lw=0.9, ls=":", label="service time p99", zorder=3)
    ax.axhline(goal_ms, color="#b3261e", lw=0.8, ls="--", label=f"p99 goal {goal_ms:g} ms", zorder=2)
    ax.set_ylabel("ms")
    ax.set_title(f"{target.label}", loc="left", fontsize=10, fontweight="bold")
    ax.grid(True, which="major", axis="both", alpha=0.3)
    users = series["users"].to_numpy(np.float64)
    if np.isfinite(users).any():
        twin = ax.twinx()
        twin.fill_between(
            x - 0.5, 0, np.nan_to_num(users), step="post", color=USERS_COLOR, alpha=0.12, zorder=0
        )
        twin.set_ylim(0, max(1.0, float(np.nanmax(users))) * 1.15)
        twin.set_ylabel("users", color="#6b7785")
        twin.tick_params(axis="y", colors="#6b7785")
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)


def spectrum(targets: list[TargetAggregate]) -> str:
    fig = Figure(figsize=(WIDTH_IN, 3.9))
    fixed_margins(fig)
    fig.subplots_adjust(wspace=0.14)
    ax_lat, ax_svc = fig.subplots(1, 2, sharey=True)
    arrays = [a for t in targets for a in (t.latency_sorted_ms, t.service_sorted_ms) if len(a)]
    lows = [float(quantiles_sorted(a, [0.01])[0]) for a in arrays]
    floor = max(0.01, 0.5 * min((v for v in lows if v > 0), default=0.02))
    for index, target in enumerate(targets):
        for ax, values in ((ax_lat, target.latency_sorted_ms), (ax_svc, target.service_sorted_ms)):
            if len(values) == 0:
                continue
            qs = spectrum_quantiles(len(values))
            ax.plot(
                1.0 / (1.0 - qs),
                np.maximum(quantiles_sorted(values, qs), floor),
                color=color_of(index),
                lw=1.6,
                label=target.label,
            )
    for ax, title in (
        (ax_lat, "latency (end \u2212 intended start)"),
        (ax_svc, "service time (end \u2212 actual start)"),
    ):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(FixedLocator(list(SPECTRUM_TICKS)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: SPECTRUM_TICKS.get(v, "")))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_minor_locator(NullLocator())  # minor log ticks cost most of the drawing time
        ax.set_xlim(1.0, 10000.0)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("percentile")
        ax.grid(True, which="major", alpha=0.3)
    ax_lat.set_ylabel("ms (log)")
    ax_lat.legend(fontsize=9, frameon=False)
    return png_data_uri(fig)


def throughput(targets: list[TargetAggregate]) -> str:
    fig = Figure(figsize=(WIDTH_IN, 4.6))
    fixed_margins(fig, top_in=0.15, hspace=0.12)
    ax_rate, ax_err = fig.subplots(2, 1, sharex=True)
    for index, target in enumerate(targets):
        series = target.per_second
        x = series["second"].to_numpy(np.float64)
        completed = series["completed"].to_numpy(np.float64)
        ax_rate.plot(x, completed, color=color_of(index), lw=1.4, label=f"{target.label} completed/s")
        ax_rate.plot(
            x,
            series["intended"].to_numpy(np.float64),
            color=color_of(index),
            lw=0.9,
            ls="--",
            alpha=0.7,
            label=f"{target.label} scheduled/s",
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            error_pct = np.where(
                completed > 0, 100.0 * series["errors"].to_numpy(np.float64) / completed, 0.0
            )
        ax_err.plot(x, error_pct, color=color_of(index), lw=1.2, label=target.label)
    ax_rate.set_ylabel("requests / s")
    ax_rate.set_ylim(bottom=0)
    ax_rate.legend(fontsize=8, frameon=False, ncols=max(1, len(targets)))
    ax_rate.grid(True, alpha=0.3)
    ax_err.set_ylabel("errors, % of completed")
    ax_err.set_ylim(bottom=0, top=max(1.0, ax_err.get_ylim()[1]))
    ax_err.set_xlabel("seconds since the measured phase started")
    ax_err.grid(True, alpha=0.3)
    return png_data_uri(fig)

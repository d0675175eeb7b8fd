"""The p99 report: one self-contained HTML file per load-test run (``loadtest report DIR``).

aggregate (pandas: samples → per-second series, percentiles, GC pauses) → charts (matplotlib PNGs,
base64) → verdict (plain sentences from the numbers) → render (Jinja2 page in the shared look).
"""

# ``loadtest run`` calls ``loadtests.report.render(run_dir)``: the package attribute is the function (bound
# after the submodule is imported, so it stays the function). Import helpers with
# ``from loadtests.report.render import ...``, never ``import loadtests.report.render as ...``.
from loadtests.report.render import render

__all__ = ["render"]

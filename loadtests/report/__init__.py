"""The p99 report: one self-contained HTML file per load-test run (``loadtest report DIR``).

aggregate (pandas: samples → per-second series, percentiles, GC pauses) → charts (matplotlib PNGs,
base64) → verdict (plain sentences from the numbers) → render (Jinja2 page in the shared look).
"""

"""Benchmarks: commands that measure partnernet against real data (not tests).

``python -m benchmarks.load_h2020``: the whole CORDIS H2020 set loaded into a
fresh embedded engine, beside a raw ``UNWIND ... MERGE`` baseline of the same rows.
"""

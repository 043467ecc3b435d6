"""Benchmarks: commands that measure partnernet against real data (not tests).

``python -m benchmarks.load_h2020``: the whole CORDIS H2020 set loaded into a
fresh embedded engine, beside a raw ``UNWIND ... MERGE`` baseline of the same rows.

``python -m benchmarks.explorer_h2020``: the network page of the loaded H2020
network: server response (cold, then warm median of 20) beside a static file of
the same app, and the time until Chromium has drawn the 1,500-node view.

``python -m benchmarks.analytics_h2020``: cold excellence hubs (snapshot,
projection, communities and scores) beside plain networkx Louvain on a freshly
built graph; warm partner search, k=5 paths and recommendations beside networkx
(Yen's k shortest paths, Adamic-Adar).
"""

"""Analytics: pure functions of the graph, read once per graph version.

- :mod:`~graph.analytics.snapshot`: the stored graph read into plain Python;
- :mod:`~graph.analytics.cooperation`: the cooperation graph (organizations
  tied by shared projects and agreements, weighted by how much and how
  recently);
- :mod:`~graph.analytics.communities`, :mod:`~graph.analytics.hubs`: excellence hubs;
- :mod:`~graph.analytics.paths`: cooperation paths;
- :mod:`~graph.analytics.index`, :mod:`~graph.analytics.finder`,
  :mod:`~graph.analytics.recommend`: the partner index, the partner finder
  and recommendations;
- :mod:`~graph.analytics.consortium`: the consortium builder (alternative
  consortia around a lead that meet a call's rules and cover a need);
- :mod:`~graph.analytics.names`: organizations by name;
- :mod:`~graph.analytics.subgraph`: the filtered, laid-out part the explorer draws;
- :mod:`~graph.analytics.analysis`: one :class:`~graph.analytics.analysis.Analysis`
  per graph version: its snapshot, cooperation graph, hubs and partner index,
  each computed once, on first use (the CLI and the web app ask it).

Nothing here imports the web app, the loaders or a database driver; the
snapshot reads through the :class:`graph.store.Store` interface only.
"""

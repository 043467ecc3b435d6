// title: Number of nodes, from the engine's statistics
// description: How many nodes the graph holds, partnernet's own bookkeeping node included. Both engines answer from their statistics without reading a node (Neo4j: NodeCountFromCountStore).
// audience: internal
// returns: n
MATCH (x)
RETURN count(x) AS n

// title: Number of nodes
// description: How many nodes the graph holds, leaving out partnernet's own bookkeeping node. Reads every node: Store.counts() answers from the engine's statistics instead (count_all_nodes).
// audience: internal
// param meta (text): Label of the bookkeeping node, left out of the count.
// returns: n
// example: {"meta": "PartnernetMeta"}
MATCH (x)
WHERE NOT $meta IN labels(x)
RETURN count(x) AS n

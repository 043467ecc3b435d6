// title: Nodes by label
// description: How many nodes carry each label (a node with two labels counts under both). Reads every node: Store.counts() answers from the engine's statistics instead (count_nodes_with_label).
// audience: internal
// param meta (text): Label of the bookkeeping node, left out of the counts.
// returns: label, n
// example: {"meta": "PartnernetMeta"}
MATCH (x)
UNWIND labels(x) AS label
WITH label
WHERE label <> $meta
RETURN label, count(*) AS n
ORDER BY label

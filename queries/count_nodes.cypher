// title: Number of nodes
// description: How many nodes the graph holds, leaving out partnernet's own bookkeeping node.
// audience: internal
// param meta (text): Label of the bookkeeping node, left out of the count.
// returns: n
// example: {"meta": "PartnernetMeta"}
MATCH (x)
WHERE NOT $meta IN labels(x)
RETURN count(x) AS n

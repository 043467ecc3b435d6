// title: Nodes of one label, by a scan
// description: How many nodes carry a label given as a parameter: every node is read (count_nodes_with_label answers from statistics). Store.counts() uses it only for a label that is not an identifier (a space, a backquote...), never written into a query's text.
// audience: internal
// param label (text): The label.
// returns: n
// example: {"label": "Organization"}
MATCH (x)
WHERE $label IN labels(x)
RETURN count(x) AS n

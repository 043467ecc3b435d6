// title: Nodes of one label, from the engine's statistics
// description: How many nodes carry one label, answered from the engine's own statistics (Neo4j: NodeCountFromCountStore; FalkorDB: the label's matrix) without reading a node. Cypher takes no parameter for a label in a pattern: Store.counts() puts a label that count_labels gave, checked to be an identifier, in backquotes in place of the placeholder label NAME of this text (as it stands, the query counts the nodes labelled NAME).
// audience: internal
// returns: n
MATCH (x:`NAME`)
RETURN count(x) AS n

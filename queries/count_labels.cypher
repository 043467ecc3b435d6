// title: Labels known to the engine
// description: The node labels the engine keeps (its own list: no node is read). A label may have no node left; Store.counts() counts each one with count_nodes_with_label.
// audience: internal
// returns: label
CALL db.labels() YIELD label
RETURN label

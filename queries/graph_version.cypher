// title: Graph version
// description: The counter that changes on every write (0 or no row before the first write), and when the graph's meta node was created (tells a graph from one deleted and made again).
// audience: internal
// param key (text): Key of the meta node ("graph").
// returns: version, created
// example: {"key": "graph"}
MATCH (m:PartnernetMeta {key: $key})
RETURN m.version AS version, m.created AS created

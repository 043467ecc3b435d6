// title: Graph version
// description: The counter that changes on every write (0 or no row before the first write).
// audience: internal
// param key (text): Key of the meta node ("graph").
// returns: version
// example: {"key": "graph"}
MATCH (m:PartnernetMeta {key: $key})
RETURN m.version AS version

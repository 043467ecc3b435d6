// title: Bump the graph version
// description: Increments the counter that changes on every write, so that caches of the graph know it changed.
// param key: Key of the meta node ("graph").
// returns: version
// example: {"key": "graph"}
// mode: write
MERGE (m:PartnernetMeta {key: $key})
SET m.version = coalesce(m.version, 0) + 1
RETURN m.version AS version

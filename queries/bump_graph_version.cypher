// title: Bump the graph version
// description: Increments the counter that changes on every write, so that caches of the graph know it changed. The meta node's `created` (a timestamp set once) tells this graph from one deleted and made again.
// param key: Key of the meta node ("graph").
// returns: version, created
// example: {"key": "graph"}
// mode: write
MERGE (m:PartnernetMeta {key: $key})
SET m.version = coalesce(m.version, 0) + 1, m.created = coalesce(m.created, timestamp())
RETURN m.version AS version, m.created AS created

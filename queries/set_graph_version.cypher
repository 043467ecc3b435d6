// title: Set the graph version
// description: Sets the counter that changes on every write to a number never handed out before (the embedded engine sends it in one transaction with the write it versions: both land in the append-only file, or neither). The meta node's `created` (a timestamp set once) tells this graph from one deleted and made again.
// audience: internal
// param key (text): Key of the meta node ("graph").
// param version (integer): The new version.
// returns: version, created
// example: {"key": "graph", "version": 7}
// mode: write
MERGE (m:PartnernetMeta {key: $key})
SET m.version = $version, m.created = coalesce(m.created, timestamp())
RETURN m.version AS version, m.created AS created

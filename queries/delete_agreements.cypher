// title: Delete agreements
// description: Deletes the Agreement nodes with the given keys, and their relationships.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (a:Agreement {id: k})
DETACH DELETE a
RETURN count(*) AS n

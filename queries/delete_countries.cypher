// title: Delete countries
// description: Deletes the Country nodes with the given keys, and their relationships.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (c:Country {code: k})
DETACH DELETE c
RETURN count(*) AS n

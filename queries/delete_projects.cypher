// title: Delete projects
// description: Deletes the Project nodes with the given keys, and their relationships.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (p:Project {id: k})
DETACH DELETE p
RETURN count(*) AS n

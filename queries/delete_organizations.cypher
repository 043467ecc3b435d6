// title: Delete organizations
// description: Deletes the Organization nodes with the given ids, and their relationships.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (o:Organization {id: k})
DETACH DELETE o
RETURN count(*) AS n

// title: Delete memberships
// description: Deletes the MEMBER_OF relationships with the given [from, to] keys.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (a:Organization {id: k[0]})-[r:MEMBER_OF]->(b:Organization {id: k[1]})
DELETE r
RETURN count(*) AS n

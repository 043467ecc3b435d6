// title: Delete fundings
// description: Deletes the FUNDS relationships with the given [from, to] keys.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (a:Organization {id: k[0]})-[r:FUNDS]->(b:Project {id: k[1]})
DELETE r
RETURN count(*) AS n

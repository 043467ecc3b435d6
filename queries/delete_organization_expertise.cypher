// title: Delete organization_expertise
// description: Deletes the HAS_EXPERTISE relationships with the given [from, to] keys.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (a:Organization {id: k[0]})-[r:HAS_EXPERTISE]->(b:Expertise {id: k[1]})
DELETE r
RETURN count(*) AS n

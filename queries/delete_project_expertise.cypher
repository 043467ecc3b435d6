// title: Delete project_expertise
// description: Deletes the ADDRESSES relationships with the given [from, to] keys.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (a:Project {id: k[0]})-[r:ADDRESSES]->(b:Expertise {id: k[1]})
DELETE r
RETURN count(*) AS n

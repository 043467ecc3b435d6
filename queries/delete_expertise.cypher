// title: Delete expertise
// description: Deletes the Expertise nodes with the given keys, and their relationships.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (e:Expertise {id: k})
DETACH DELETE e
RETURN count(*) AS n

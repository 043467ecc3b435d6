// title: Delete agreement_parties
// description: Deletes the PARTY_TO relationships with the given [agreement, organization] keys.
// param keys: Keys of what to delete.
// returns: n
// mode: write
UNWIND $keys AS k
MATCH (a:Organization {id: k[1]})-[r:PARTY_TO]->(b:Agreement {id: k[0]})
DELETE r
RETURN count(*) AS n

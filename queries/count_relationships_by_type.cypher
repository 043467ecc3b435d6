// title: Relationships by type
// description: How many relationships of each type the graph holds. Reads every relationship: Store.counts() answers from the engine's statistics instead (count_relationships_with_type).
// audience: internal
// returns: type, n
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS n
ORDER BY type

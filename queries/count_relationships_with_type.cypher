// title: Relationships of one type, from the engine's statistics
// description: How many relationships have one type, answered from the engine's own statistics (Neo4j: RelationshipCountFromCountStore; FalkorDB: the type's matrix) without reading a relationship. Cypher takes no parameter for a type in a pattern: Store.counts() puts a type that count_relationship_types gave, checked to be an identifier, in backquotes in place of the placeholder type NAME of this text (as it stands, the query counts the relationships of type NAME).
// audience: internal
// returns: n
MATCH ()-[r:`NAME`]->()
RETURN count(r) AS n

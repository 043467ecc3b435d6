// title: Relationship types known to the engine
// description: The relationship types the engine keeps (its own list: no relationship is read). A type may have no relationship left; Store.counts() counts each one with count_relationships_with_type.
// audience: internal
// returns: type
CALL db.relationshipTypes() YIELD relationshipType
RETURN relationshipType AS type

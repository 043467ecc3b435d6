// title: Schema
// description: Range indexes on the identifiers of nodes; the store adds a unique constraint on each. Idempotent.
// returns: nothing
// mode: write
CREATE INDEX FOR (x:Organization) ON (x.id);
CREATE INDEX FOR (x:Country) ON (x.code);
CREATE INDEX FOR (x:Expertise) ON (x.id);
CREATE INDEX FOR (x:Project) ON (x.id);
CREATE INDEX FOR (x:Agreement) ON (x.id);
CREATE INDEX FOR (x:PartnernetMeta) ON (x.key);

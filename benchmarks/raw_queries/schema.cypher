// title: Raw baseline schema
// description: The same range indexes on node identifiers as partnernet's schema (no uniqueness constraints), created on the raw baseline's fresh graph before any row is written.
// returns: nothing
// mode: write
CREATE INDEX FOR (x:Organization) ON (x.id);
CREATE INDEX FOR (x:Country) ON (x.code);
CREATE INDEX FOR (x:Expertise) ON (x.id);
CREATE INDEX FOR (x:Project) ON (x.id);

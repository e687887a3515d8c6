/* migrations.c — the schema, one numbered step at a time (see migrations.h). */
#include "migrations.h"

const struct migration migrations[] = {
    {1, "programs",
     "CREATE TABLE programs ("
     " id {{ID}},"
     " name TEXT NOT NULL UNIQUE,"
     " kind TEXT NOT NULL"
     "  CHECK (kind IN ('inpatient', 'community', 'peer_desk')),"
     " time_zone TEXT NOT NULL,"
     " unit_rounding TEXT NOT NULL"
     "  CHECK (unit_rounding IN ('eight_minute', 'whole_units', 'any_part')),"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL);"
     "CREATE TABLE program_crisis_lines ("
     " program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,"
     " position INTEGER NOT NULL,"
     " label TEXT NOT NULL,"
     " number TEXT NOT NULL,"
     " PRIMARY KEY (program_id, position));"},
};
const int migration_count = sizeof migrations / sizeof migrations[0];

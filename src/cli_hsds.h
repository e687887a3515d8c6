/* cli_hsds.h — `waypoint import hsds` and `waypoint export hsds`. */
#ifndef WAYPOINT_CLI_HSDS_H
#define WAYPOINT_CLI_HSDS_H

#include "core/config.h"

/* import hsds --db URL FILE|DIR: path is the FILE|DIR word. */
int cli_import_hsds(const struct config *cfg, const char *path);
/* export hsds --db URL --out DIR */
int cli_export_hsds(const struct config *cfg);

#endif

/* cli_resources.h — the `resources` commands (issue 23). */
#ifndef WAYPOINT_CLI_RESOURCES_H
#define WAYPOINT_CLI_RESOURCES_H

#include "core/config.h"

int cmd_resources_reindex(struct config *cfg);

#endif

/* sql_log.c — preloaded into the server by bench/today.sh (LD_PRELOAD,
 * SQLite only): each statement the server runs is appended to the file
 * WAYPOINT_SQL_LOG, with its bound values (sqlite3_expanded_sql), one a
 * line, as its first step begins.  The bench then asks sqlite3 for the
 * plan of each: the statements a page really runs, whatever the code that
 * makes them looks like, so the plans shown never go stale. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sqlite3_step(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	static int fd = -2;
	if (!real)
		real = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_step");
	if (fd == -2) {
		const char *path = getenv("WAYPOINT_SQL_LOG");
		fd = path ? open(path, O_WRONLY | O_CREAT | O_APPEND, 0600) : -1;
	}
	if (fd >= 0 && !sqlite3_stmt_busy(st)) {
		char *sql = sqlite3_expanded_sql(st);
		if (sql) {
			size_t n = strlen(sql);
			for (size_t i = 0; i < n; i++) /* one statement a line */
				if (sql[i] == '\n')
					sql[i] = ' ';
			char *line = malloc(n + 2);
			if (line) {
				memcpy(line, sql, n);
				memcpy(line + n, ";\n", 2);
				/* one write: O_APPEND keeps the threads' lines whole */
				if (write(fd, line, n + 2) < 0) {
				}
				free(line);
			}
			sqlite3_free(sql);
		}
	}
	return real(st);
}

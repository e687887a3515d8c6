/* config.h — the process configuration: one struct, one table.
 *
 * Every setting is a command-line flag with an environment twin, declared
 * once in config_options[] (config.c).  That table drives parsing, the
 * environment and `waypoint --help`, so the three cannot disagree. */
#ifndef WAYPOINT_CONFIG_H
#define WAYPOINT_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

struct config {
	const char *db_url; /* file path (SQLite) or postgres:// URL */
	const char *listen; /* ADDR:PORT */
	long threads; /* worker threads, each with its own db connection */
	bool demo;    /* fill an empty database with demo data */
	const char *wellness_plan_label; /* "WRAP" is a trademark: the name
	                                    is the installation's to choose */
	long max_body;        /* request body limit, bytes (413 above) */
	long max_header;      /* per-connection memory for the request head */
	long max_connections; /* total open connections */
	long max_per_ip;      /* open connections from one address */
	long idle_timeout;    /* seconds a connection may sit idle */
	long header_timeout;  /* seconds for a request's line and headers */
	long session_idle;    /* seconds without a request that end a session */
	long session_max;     /* seconds after sign-in that end any session */
	const char *tls_cert; /* PEM file; with tls_key turns on HTTPS */
	const char *tls_key;
	const char *audit_key;         /* key file (audit_key.h) */
	const char *audit_checkpoints; /* signed heads (audit_checkpoint.h) */
	long checkpoint_every;         /* seconds between checkpoints */
	const char *app_role;          /* init, PostgreSQL: the server's role */
	const char *backup_key;        /* backup key file (backup_box.h) */
	const char *backup_dir;        /* serve: scheduled backups go here */
	long backup_every;             /* seconds between them */
	long backup_keep;              /* most backups kept in backup_dir */
	long backup_max_age;           /* days a backup is kept; 0: no limit */
	long disk_min_free;            /* MiB free below which /healthz warns */
	const char *metrics_from;      /* addresses that may read /metrics */
	const char *metrics_token;     /* file of the token that may too */
	const char *log_format;        /* "text" or "json" request log */
	bool force;                    /* restore over a non-empty database */
	const char *out;               /* backup/export destination */
	const char *in;                /* restore/import source */
	const char *email, *name, *role; /* user add */
	bool password_stdin;
};

enum config_type { CONFIG_STRING, CONFIG_LONG, CONFIG_BOOL };

struct config_option {
	const char *flag; /* without the leading "--" */
	const char *env;  /* environment twin */
	enum config_type type;
	const char *fallback; /* default, as text; NULL for none */
	long min, max;        /* bounds for CONFIG_LONG */
	const char *help;
	size_t offset; /* into struct config */
};

extern const struct config_option config_options[];
extern const size_t config_option_count;

/* config_defaults fills c from the table's defaults, then the environment. */
int config_defaults(struct config *c, char *err, size_t errlen);

/* config_parse_args reads --flag value / --flag=value pairs from argv;
 * non-flag words are returned in order through words (at most max_words).
 * Returns 0, or -1 with a message naming the flag in err (a usage error). */
int config_parse_args(struct config *c, int argc, char **argv,
                      const char **words, int max_words, int *nwords, char *err,
                      size_t errlen);

/* config_print_help writes the option table as `waypoint --help` shows it. */
void config_print_help(FILE *f);

#endif

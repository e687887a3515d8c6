/* config.c — see config.h. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define OPT(flag, env, type, def, lo, hi, field, help)                         \
	{                                                                      \
		flag, env, type, def, lo, hi, help,                            \
		    offsetof(struct config, field)                             \
	}

/* The one list of settings.  Secure defaults: listen on loopback only, a
 * 1 MiB body, bounded connections, idle time and time to send headers. */
const struct config_option config_options[] = {
    OPT("db", "WAYPOINT_DB", CONFIG_STRING, "./waypoint.db", 0, 0, db_url,
        "database: a file path (SQLite) or postgres://... URL"),
    OPT("listen", "WAYPOINT_LISTEN", CONFIG_STRING, "127.0.0.1:8080", 0, 0,
        listen, "address and port to serve on"),
    OPT("threads", "WAYPOINT_THREADS", CONFIG_LONG, "0", 0, 256, threads,
        "requests served at once, each with its own database connection; 0: "
        "per CPU core 16 (SQLite) or 4 (PostgreSQL), at most 256"),
    OPT("wellness-plan-label", "WAYPOINT_WELLNESS_PLAN_LABEL", CONFIG_STRING,
        "Wellness plan", 0, 0, wellness_plan_label,
        "what the wellness plan (WRAP sections) is called on its pages"),
    OPT("demo", "WAYPOINT_DEMO", CONFIG_BOOL, "0", 0, 0, demo,
        "fill an empty database with fictional demo data at start-up"),
    OPT("max-body", "WAYPOINT_MAX_BODY", CONFIG_LONG, "1048576", 1024,
        1073741824, max_body, "largest request body in bytes (413 above)"),
    OPT("max-header", "WAYPOINT_MAX_HEADER", CONFIG_LONG, "32768", 4096,
        1048576, max_header, "memory for one request's line and headers"),
    OPT("max-connections", "WAYPOINT_MAX_CONNECTIONS", CONFIG_LONG, "1024", 1,
        65536, max_connections,
        "most open connections in all; the oldest unfinished ones are "
        "closed when fewer than an eighth are free"),
    /* a sixteenth of the connections: a few addresses cannot fill the
     * table (issue 22); behind a reverse proxy, raise it */
    OPT("max-per-ip", "WAYPOINT_MAX_PER_IP", CONFIG_LONG, "64", 1, 65536,
        max_per_ip, "most open connections from one client address"),
    OPT("idle-timeout", "WAYPOINT_IDLE_TIMEOUT", CONFIG_LONG, "30", 1, 3600,
        idle_timeout, "seconds before an idle connection is closed"),
    OPT("header-timeout", "WAYPOINT_HEADER_TIMEOUT", CONFIG_LONG, "10", 1, 3600,
        header_timeout,
        "seconds for a request line and headers to arrive, from the "
        "connection's opening (kept alive: from its next request line)"),
    OPT("session-idle", "WAYPOINT_SESSION_IDLE", CONFIG_LONG, "900", 1, 86400,
        session_idle,
        "seconds without a request before a session ends (sign-in again)"),
    OPT("session-max", "WAYPOINT_SESSION_MAX", CONFIG_LONG, "43200", 1, 604800,
        session_max, "seconds after sign-in when any session ends"),
    OPT("tls-cert", "WAYPOINT_TLS_CERT", CONFIG_STRING, NULL, 0, 0, tls_cert,
        "PEM certificate file; with --tls-key serves HTTPS"),
    OPT("tls-key", "WAYPOINT_TLS_KEY", CONFIG_STRING, NULL, 0, 0, tls_key,
        "PEM private key file"),
    OPT("audit-key", "WAYPOINT_AUDIT_KEY", CONFIG_STRING, NULL, 0, 0, audit_key,
        "the audit log's key file, kept out of the database and its "
        "backups; default: beside an SQLite file (x.db: x-audit.key), "
        "needed with PostgreSQL; `waypoint init` creates it"),
    OPT("audit-checkpoints", "WAYPOINT_AUDIT_CHECKPOINTS", CONFIG_STRING, NULL,
        0, 0, audit_checkpoints,
        "file of signed audit checkpoints the server appends to and "
        "`audit verify` checks; default: beside an SQLite file "
        "(x.db: x-audit.checkpoints), else beside the key file"),
    OPT("checkpoint-every", "WAYPOINT_CHECKPOINT_EVERY", CONFIG_LONG, "300", 1,
        86400, checkpoint_every,
        "seconds between the server's audit checkpoints (when the log has "
        "grown)"),
    OPT("app-role", "WAYPOINT_APP_ROLE", CONFIG_STRING, NULL, 0, 0, app_role,
        "init, PostgreSQL: grant this role what the server needs, the audit "
        "log only read and appended to; serve with a URL naming it"),
    OPT("backup-key", "WAYPOINT_BACKUP_KEY", CONFIG_STRING, NULL, 0, 0,
        backup_key,
        "backup, restore: the backups' key file (not the audit key), kept "
        "apart from the backups; default: beside an SQLite file (x.db: "
        "x-backup.key, made by the first backup), needed with PostgreSQL"),
    OPT("backup-dir", "WAYPOINT_BACKUP_DIR", CONFIG_STRING, NULL, 0, 0,
        backup_dir,
        "serve: write a backup into this folder every --backup-every "
        "seconds, verify it, and remove the oldest (see --backup-keep)"),
    OPT("backup-every", "WAYPOINT_BACKUP_EVERY", CONFIG_LONG, "86400", 1,
        2592000, backup_every,
        "serve, with --backup-dir: seconds between backups; /healthz warns "
        "when the newest is older than twice this"),
    OPT("backup-keep", "WAYPOINT_BACKUP_KEEP", CONFIG_LONG, "14", 1, 100000,
        backup_keep, "serve, with --backup-dir: most backups kept there"),
    OPT("backup-max-age", "WAYPOINT_BACKUP_MAX_AGE", CONFIG_LONG, "0", 0, 36500,
        backup_max_age,
        "serve, with --backup-dir: days a backup is kept (the newest is "
        "always kept); 0: no limit but --backup-keep"),
    OPT("disk-min-free", "WAYPOINT_DISK_MIN_FREE", CONFIG_LONG, "1024", 0,
        1073741824, disk_min_free,
        "MiB free on the database's (and backups') disk below which "
        "/healthz reports degraded"),
    OPT("metrics-from", "WAYPOINT_METRICS_FROM", CONFIG_STRING, NULL, 0, 0,
        metrics_from,
        "client addresses that may read /metrics, separated by commas "
        "(e.g. 127.0.0.1,::1); none by default"),
    OPT("metrics-token", "WAYPOINT_METRICS_TOKEN", CONFIG_STRING, NULL, 0, 0,
        metrics_token,
        "file holding a token that lets a scraper read /metrics from any "
        "address (Authorization: Bearer TOKEN)"),
    OPT("log-format", "WAYPOINT_LOG_FORMAT", CONFIG_STRING, "text", 0, 0,
        log_format, "request log lines as text or json (one object a line)"),
    OPT("force", "WAYPOINT_FORCE", CONFIG_BOOL, "0", 0, 0, force,
        "restore: replace a database that already holds tables"),
    OPT("out", "WAYPOINT_OUT", CONFIG_STRING, NULL, 0, 0, out,
        "output file or folder (backup, export)"),
    OPT("in", "WAYPOINT_IN", CONFIG_STRING, NULL, 0, 0, in,
        "input file (restore, import)"),
    OPT("email", "WAYPOINT_EMAIL", CONFIG_STRING, NULL, 0, 0, email,
        "user add: e-mail address"),
    OPT("name", "WAYPOINT_NAME", CONFIG_STRING, NULL, 0, 0, name,
        "user add: full name"),
    OPT("role", "WAYPOINT_ROLE", CONFIG_STRING, NULL, 0, 0, role,
        "user add: role"),
    OPT("password-stdin", "WAYPOINT_PASSWORD_STDIN", CONFIG_BOOL, "0", 0, 0,
        password_stdin, "user add: read the password from standard input"),
};
const size_t config_option_count =
    sizeof config_options / sizeof config_options[0];

static int set_value(struct config *c, const struct config_option *o,
                     const char *value, const char *source, char *err,
                     size_t errlen)
{
	void *field = (char *)c + o->offset;
	switch (o->type) {
	case CONFIG_STRING:
		*(const char **)field = value;
		return 0;
	case CONFIG_BOOL:
		if (!strcmp(value, "1") || !strcmp(value, "true") ||
		    !strcmp(value, "yes")) {
			*(bool *)field = true;
			return 0;
		}
		if (!strcmp(value, "0") || !strcmp(value, "false") ||
		    !strcmp(value, "no") || !*value) {
			*(bool *)field = false;
			return 0;
		}
		break;
	case CONFIG_LONG: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < o->min || v > o->max) {
			snprintf(
			    err, errlen,
			    "%s %s: expected a whole number from %ld to %ld",
			    source, o->flag, o->min, o->max);
			return -1;
		}
		*(long *)field = v;
		return 0;
	}
	}
	snprintf(err, errlen, "%s %s: expected true or false", source, o->flag);
	return -1;
}

int config_defaults(struct config *c, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < config_option_count; i++) {
		const struct config_option *o = &config_options[i];
		if (o->fallback &&
		    set_value(c, o, o->fallback, "default", err, errlen))
			return -1;
		const char *env = getenv(o->env);
		if (env && set_value(c, o, env, "environment", err, errlen))
			return -1;
	}
	return 0;
}

static const struct config_option *find_option(const char *name, size_t n)
{
	for (size_t i = 0; i < config_option_count; i++)
		if (strlen(config_options[i].flag) == n &&
		    !strncmp(config_options[i].flag, name, n))
			return &config_options[i];
	return NULL;
}

int config_parse_args(struct config *c, int argc, char **argv,
                      const char **words, int max_words, int *nwords, char *err,
                      size_t errlen)
{
	*nwords = 0;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (strncmp(arg, "--", 2) != 0) {
			if (*nwords >= max_words) {
				snprintf(err, errlen, "unexpected argument: %s",
				         arg);
				return -1;
			}
			words[(*nwords)++] = arg;
			continue;
		}
		const char *name = arg + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		const struct config_option *o = find_option(name, n);
		if (!o) {
			snprintf(err, errlen, "unknown option: --%.*s", (int)n,
			         name);
			return -1;
		}
		const char *value = eq ? eq + 1 : NULL;
		if (!value && o->type == CONFIG_BOOL)
			value = "1";
		if (!value) {
			if (i + 1 >= argc) {
				snprintf(err, errlen,
				         "option --%s needs a value", o->flag);
				return -1;
			}
			value = argv[++i];
		}
		if (set_value(c, o, value, "option", err, errlen))
			return -1;
	}
	return 0;
}

void config_print_help(FILE *f)
{
	fputs("Options (each also read from its environment variable):\n", f);
	for (size_t i = 0; i < config_option_count; i++) {
		const struct config_option *o = &config_options[i];
		char left[64];
		snprintf(left, sizeof left, "--%s%s", o->flag,
		         o->type == CONFIG_BOOL ? "" : " VALUE");
		fprintf(f, "  %-26s %-26s %s", left, o->env, o->help);
		if (o->fallback && o->type != CONFIG_BOOL)
			fprintf(f, " (default %s)", o->fallback);
		fputc('\n', f);
	}
}

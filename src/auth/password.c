/* password.c — see password.h. */
#include "password.h"
#include "../core/text.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <pwquality.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* OWASP's Argon2id floor is 19 MiB and 2 passes.  64 MiB and 3 passes
 * puts one sign-in at about 90 ms of CPU here (bench/: the accounts issue
 * asks for 50-500 ms), and with PASSWORD_MAX_CONCURRENT = 4 hashing never
 * holds more than 256 MiB. */
#define OPS_LIMIT 3ULL
#define MEM_LIMIT (64ULL * 1024 * 1024)

static sem_t hash_slots;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
static void slots_init(void)
{
	sem_init(&hash_slots, 0, PASSWORD_MAX_CONCURRENT);
}

/* Waits up to 10 s for a hashing slot. */
static bool slot_take(void)
{
	pthread_once(&slots_once, slots_init);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	while (sem_timedwait(&hash_slots, &until) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

static void slot_give(void)
{
	sem_post(&hash_slots);
}

int password_hash(const char *password, char out[PASSWORD_HASH_SIZE])
{
	if (!slot_take())
		return -1;
	int rc =
	    crypto_pwhash_str_alg(out, password, strlen(password), OPS_LIMIT,
	                          MEM_LIMIT, crypto_pwhash_ALG_ARGON2ID13);
	slot_give();
	return rc == 0 ? 0 : -1;
}

/* A hash of a password nobody knows, made once, for unknown users. */
static char dummy_hash[PASSWORD_HASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void dummy_init(void)
{
	char random[33];
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(random, sizeof random, raw, sizeof raw);
	if (crypto_pwhash_str_alg(dummy_hash, random, strlen(random), OPS_LIMIT,
	                          MEM_LIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		abort(); /* out of memory: cannot continue safely */
}

enum password_result password_verify(const char *stored, const char *password,
                                     bool *rehash)
{
	*rehash = false;
	pthread_once(&dummy_once, dummy_init);
	bool real = stored && *stored;
	if (!slot_take())
		return PASSWORD_BUSY;
	int rc = crypto_pwhash_str_verify(real ? stored : dummy_hash, password,
	                                  strlen(password));
	slot_give();
	if (rc != 0 || !real)
		return PASSWORD_MISMATCH;
	*rehash =
	    crypto_pwhash_str_needs_rehash(stored, OPS_LIMIT, MEM_LIMIT) != 0;
	return PASSWORD_MATCH;
}

/* Does haystack contain needle, ignoring ASCII case?  Short needles are
 * ignored: "al" in a password says nothing. */
static bool contains_word(const char *haystack, const char *needle, size_t n)
{
	if (n < 4)
		return false;
	for (const char *p = haystack; *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

/* The program's own names, which a guesser tries first. */
static const char *const local_words[] = {"waypoint", "peer", "recovery",
                                          "password", NULL};

static pthread_mutex_t pwq_lock = PTHREAD_MUTEX_INITIALIZER;

const char *password_problem(const char *password, const char *email,
                             const char *name)
{
	size_t len = strlen(password);
	if (len > PASSWORD_MAX)
		return "Passwords can be at most 1024 characters.";
	if (!utf8_valid(password, len))
		return "The password is not valid text.";
	if (utf8_length(password) < PASSWORD_MIN)
		return "Use at least 8 characters; a few words together make a "
		       "strong password.";
	const char *at = email ? strchr(email, '@') : NULL;
	if (email && contains_word(password, email,
	                           at ? (size_t)(at - email) : strlen(email)))
		return "The password must not contain your e-mail address.";
	for (const char *p = name; p && *p;) { /* each part of the name */
		size_t n = strcspn(p, " -'");
		if (contains_word(password, p, n))
			return "The password must not contain your name.";
		p += n + (p[n] ? 1 : 0);
	}
	for (const char *const *w = local_words; *w; w++) {
		size_t n = strlen(*w);
		if (len <= n + 4 && contains_word(password, *w, n))
			return "That password is too easy to guess: it is "
			       "mostly a common word.";
	}
	/* libpwquality: the cracklib dictionary and common patterns. */
	pthread_mutex_lock(&pwq_lock);
	static pwquality_settings_t *pwq;
	if (!pwq) {
		pwq = pwquality_default_settings();
		pwquality_read_config(pwq, NULL, NULL);
		pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH,
		                        PASSWORD_MIN);
		pwquality_set_int_value(pwq, PWQ_SETTING_MIN_CLASS, 0);
		pwquality_set_int_value(pwq, PWQ_SETTING_DICT_CHECK, 1);
	}
	void *aux = NULL;
	int score = pwquality_check(pwq, password, NULL, NULL, &aux);
	pthread_mutex_unlock(&pwq_lock);
	if (score >= 0)
		return NULL;
	switch (score) {
	case PWQ_ERROR_CRACKLIB_CHECK:
		return "That password is too easy to guess: it is in a "
		       "dictionary of common passwords or words.";
	case PWQ_ERROR_PALINDROME:
	case PWQ_ERROR_MAX_CONSECUTIVE:
	case PWQ_ERROR_MAX_SEQUENCE:
	case PWQ_ERROR_MAX_CLASS_REPEAT:
	case PWQ_ERROR_MIN_CLASSES:
	case PWQ_ERROR_MIN_DIGITS:
	case PWQ_ERROR_MIN_LOWERS:
	case PWQ_ERROR_MIN_UPPERS:
	case PWQ_ERROR_MIN_OTHERS:
	case PWQ_ERROR_MIN_LENGTH:
		return "That password is too simple: try a few unrelated "
		       "words.";
	default:
		return "That password is too easy to guess.";
	}
}

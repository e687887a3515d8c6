/* The security core's pure parts: tokens, password rules and hashing,
 * TOTP codes, the role table; the staff account's field table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/password.h"
#include "auth/permissions.h"
#include "auth/secret.h"
#include "auth/totp.h"
#include "core/buf.h"
#include "features/staff/users_admin.h"

static int setup(void **state)
{
	(void)state;
	return secret_init();
}

static void tokens_are_long_random_and_hashed(void **state)
{
	(void)state;
	char a[SECRET_TOKEN_SIZE], b[SECRET_TOKEN_SIZE];
	secret_token(a);
	secret_token(b);
	assert_int_equal(strlen(a), 43); /* 256 bits, base64url */
	assert_string_not_equal(a, b);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	                           "qrstuvwxyz0123456789-_"),
	                 43);
	char h1[SECRET_HASH_SIZE], h2[SECRET_HASH_SIZE];
	secret_hash(a, h1);
	secret_hash(a, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
	assert_null(strstr(h1, a));
	assert_true(secret_equal(a, a));
	assert_false(secret_equal(a, b));
	assert_false(secret_equal("abc", "abcd"));
}

static void password_rules(void **state)
{
	(void)state;
	const char *email = "jordan.rivers@example.org",
	           *name = "Jordan Rivers";
	assert_null(password_problem("sunny meadow lantern 42", email, name));
	assert_null(password_problem("ünïcödé ßtrañge wörds", email, name));
	char long_one[200];
	memset(long_one, 0, sizeof long_one);
	for (int i = 0; i < 19; i++)
		memcpy(long_one + i * 10, "lantern42 ",
		       10); /* 190 characters */
	assert_null(password_problem(long_one, email, name));
	assert_non_null(password_problem("short", email, name));
	assert_non_null(password_problem("password1", email, name));
	assert_non_null(password_problem("qwertyuiop", email, name));
	assert_non_null(password_problem("Jordan2026!!", email, name));
	assert_non_null(password_problem("jordan.rivers-99", email, name));
	assert_non_null(password_problem("Waypoint123", email, name));
	assert_non_null(password_problem("aaaaaaaaaaaa", email, name));
	char huge[PASSWORD_MAX + 2];
	memset(huge, 'x', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	assert_non_null(password_problem(huge, email, name));
	assert_non_null(password_problem("bad\xff utf8 here", email, name));
}

static void argon2id_round_trip(void **state)
{
	(void)state;
	char hash[PASSWORD_HASH_SIZE];
	assert_int_equal(password_hash("sunny meadow lantern 42", hash), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_non_null(strstr(hash, "m=65536")); /* 64 MiB */
	bool rehash = true;
	assert_int_equal(
	    password_verify(hash, "sunny meadow lantern 42", &rehash),
	    PASSWORD_MATCH);
	assert_false(rehash);
	assert_int_equal(
	    password_verify(hash, "sunny meadow lantern 43", &rehash),
	    PASSWORD_MISMATCH);
	assert_int_equal(password_verify(NULL, "anything", &rehash),
	                 PASSWORD_MISMATCH);
	/* weaker parameters than today's ask for a rehash */
	char weak[PASSWORD_HASH_SIZE];
	assert_int_equal(crypto_pwhash_str_alg(weak, "pw", 2, 2, 8 << 20,
	                                       crypto_pwhash_ALG_ARGON2ID13),
	                 0);
	assert_int_equal(password_verify(weak, "pw", &rehash), PASSWORD_MATCH);
	assert_true(rehash);
}

/* RFC 6238 appendix B: secret "12345678901234567890", T = 59 s →
 * 94287082; the last six digits are the 6-digit code. */
static void totp_matches_rfc_6238(void **state)
{
	(void)state;
	const char *secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	char code[7];
	assert_int_equal(totp_code(secret, 59, code), 0);
	assert_string_equal(code, "287082");
	assert_true(totp_check(secret, "287082", 59));
	assert_true(
	    totp_check(secret, "287082", 59 + 30)); /* one step of drift */
	assert_false(totp_check(secret, "287082", 59 + 90));
	assert_false(totp_check(secret, "287083", 59));
	assert_false(totp_check(secret, "28708", 59));
	assert_false(totp_check(secret, "2870820", 59));
	assert_false(totp_check(secret, "abcdef", 59));
	assert_false(totp_check(NULL, "287082", 59));
	/* the step the code is of, whichever side of now it falls */
	assert_int_equal(totp_step(secret, "287082", 59), 1);
	assert_int_equal(totp_step(secret, "287082", 59 + 30), 1);
	assert_int_equal(totp_step(secret, "287082", 59 - 30), 1);
	assert_int_equal(totp_step(secret, "287082", 59 + 90), -1);
	assert_int_equal(totp_step(secret, "28708x", 59), -1);
	assert_int_equal(totp_step(NULL, "287082", 59), -1);
	char fresh[TOTP_SECRET_SIZE];
	totp_new_secret(fresh);
	assert_int_equal(strlen(fresh), 32);
}

static void role_table(void **state)
{
	(void)state;
	assert_false(permission_granted(ROLE_ANONYMOUS, PERM_PROGRAMS_READ));
	assert_false(permission_granted(ROLE_ANONYMOUS, PERM_SIGNED_IN));
	assert_true(permission_granted(ROLE_PEER_TRAINEE, PERM_PROGRAMS_READ));
	assert_false(
	    permission_granted(ROLE_PEER_SPECIALIST, PERM_PROGRAMS_WRITE));
	assert_true(
	    permission_granted(ROLE_PROGRAM_MANAGER, PERM_PROGRAMS_WRITE));
	assert_false(
	    permission_granted(ROLE_PROGRAM_MANAGER, PERM_USERS_ADMIN));
	assert_true(permission_granted(ROLE_ADMIN, PERM_AUDIT_READ));
	assert_false(permission_granted(ROLE_TOKEN_READ, PERM_PROGRAMS_WRITE));
	assert_false(permission_granted(ROLE_TOKEN_READ_WRITE, PERM_SIGNED_IN));
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_true(permission_granted((enum role)r, PERM_PUBLIC));
		assert_false(permission_granted((enum role)r, PERM_NONE));
	}
	assert_int_equal(role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(role_parse("anonymous"), ROLE_ANONYMOUS);
	assert_int_equal(role_parse("api_token_read"), ROLE_ANONYMOUS);
	assert_int_equal(role_parse(NULL), ROLE_ANONYMOUS);
}

/* API tokens: none is staff or signed in, none reaches a page or a staff
 * permission; only a persons token reads a person, only the contacts kind
 * adds a note, and no persons token reads programs or the directory. */
static void token_roles(void **state)
{
	(void)state;
	int tokens = 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!role_is_token((enum role)r))
			continue;
		tokens++;
		assert_false(role_is_staff((enum role)r));
		assert_int_equal(role_parse(role_name((enum role)r)),
		                 ROLE_ANONYMOUS);
		for (int p = PERM_SIGNED_IN; p < PERM_COUNT; p++) {
			bool allowed = p == PERM_PROGRAMS_READ ||
			               p == PERM_PROGRAMS_WRITE ||
			               p == PERM_PERSONS_READ ||
			               p == PERM_CONTACTS_ADD ||
			               p == PERM_DIRECTORY;
			if (!allowed)
				assert_false(permission_granted(
				    (enum role)r, (enum permission)p));
		}
	}
	assert_int_equal(tokens, 4);
	assert_false(permission_granted(ROLE_TOKEN_READ, PERM_PERSONS_READ));
	assert_true(permission_granted(ROLE_TOKEN_READ, PERM_DIRECTORY));
	assert_false(
	    permission_granted(ROLE_TOKEN_PERSONS_READ, PERM_DIRECTORY));
	assert_false(
	    permission_granted(ROLE_TOKEN_READ_WRITE, PERM_DIRECTORY_EDIT));
	assert_false(
	    permission_granted(ROLE_TOKEN_READ_WRITE, PERM_PERSONS_READ));
	assert_false(
	    permission_granted(ROLE_TOKEN_READ_WRITE, PERM_CONTACTS_ADD));
	assert_true(
	    permission_granted(ROLE_TOKEN_PERSONS_READ, PERM_PERSONS_READ));
	assert_false(
	    permission_granted(ROLE_TOKEN_PERSONS_READ, PERM_CONTACTS_ADD));
	assert_false(
	    permission_granted(ROLE_TOKEN_PERSONS_READ, PERM_PROGRAMS_READ));
	assert_true(
	    permission_granted(ROLE_TOKEN_PERSONS_CONTACTS, PERM_CONTACTS_ADD));
	assert_false(permission_granted(ROLE_TOKEN_PERSONS_CONTACTS,
	                                PERM_PROGRAMS_WRITE));
	for (int r = ROLE_PEER_TRAINEE; r <= ROLE_ADMIN; r++) {
		assert_false(role_is_token((enum role)r));
		assert_true(
		    permission_granted((enum role)r, PERM_PERSONS_READ));
		assert_true(
		    permission_granted((enum role)r, PERM_CONTACTS_ADD));
	}
	assert_false(role_is_token(ROLE_ANONYMOUS));
}

/* The invite form's role choices are exactly the roles an account may
 * have, by the names the API uses. */
static void staff_roles_match_the_role_table(void **state)
{
	(void)state;
	int staff = 0;
	for (int r = 0; r < ROLE_COUNT; r++)
		staff += role_is_staff((enum role)r);
	assert_int_equal(staff_role_count, staff);
	for (int i = 0; i < staff_role_count; i++) {
		enum role r = role_parse(staff_roles[i].code);
		assert_true(role_is_staff(r));
		assert_string_equal(role_name(r), staff_roles[i].code);
	}
}

/* Which field an invitation is refused for, and why; NULL when good. */
static const char *invite_fault(struct arena *a, struct staff_account s,
                                const char **why)
{
	struct field_error e;
	if (!fields_validate(a, staff_fields, staff_field_count, &s, &e))
		return NULL;
	*why = e.message;
	return e.field;
}

static void staff_fields_name_the_field_at_fault(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *why = NULL;
	struct staff_account ok = {.email = "a@example.org",
	                           .name = "Ann Example",
	                           .role = "supervisor"};
	assert_null(invite_fault(&a, ok, &why));
	struct staff_account s = ok;
	s.email = "";
	assert_string_equal(invite_fault(&a, s, &why), "email");
	assert_string_equal(why, "E-mail address is required.");
	s = ok;
	s.name = "two\nlines";
	assert_string_equal(invite_fault(&a, s, &why), "name");
	assert_string_equal(why, "Full name must be on one line.");
	char long_name[2 * (USER_NAME_MAX + 1) + 1] = "";
	for (int i = 0; i < USER_NAME_MAX; i++)
		strcat(long_name, "\xc3\xa9"); /* characters count, not bytes */
	s.name = long_name;
	assert_null(invite_fault(&a, s, &why));
	strcat(long_name, "\xc3\xa9");
	assert_string_equal(invite_fault(&a, s, &why), "name");
	assert_string_equal(why, "Full name must be at most 120 characters.");
	s = ok;
	s.role = "anonymous";
	assert_string_equal(invite_fault(&a, s, &why), "role");
	assert_string_equal(why, "Role must be peer_trainee, peer_specialist, "
	                         "supervisor, program_manager or admin.");
	arena_free(&a);
}

/* The account answer: its members in the API's order, the password and
 * two-step secret only as whether they are set. */
static void staff_account_json(void **state)
{
	(void)state;
	struct user u = {.id = 7,
	                 .email = "a@example.org",
	                 .name = "Ann \"A\"",
	                 .role = ROLE_ADMIN,
	                 .password_hash = "$argon2id$secret",
	                 .totp_secret = "SECRET",
	                 .totp_enabled = true,
	                 .created_at = "2026-01-02T03:04:05Z"};
	struct staff_account s = staff_account_of(&u);
	struct buf b = {0};
	fields_json(&b, staff_fields, staff_field_count, &s);
	assert_string_equal(
	    b.data, "\"id\":7,\"email\":\"a@example.org\",\"name\":\"Ann "
	            "\\\"A\\\"\",\"role\":\"admin\",\"disabled\":false,"
	            "\"has_password\":true,\"two_step\":true,"
	            "\"created_at\":\"2026-01-02T03:04:05Z\"");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tokens_are_long_random_and_hashed),
	    cmocka_unit_test(password_rules),
	    cmocka_unit_test(argon2id_round_trip),
	    cmocka_unit_test(totp_matches_rfc_6238),
	    cmocka_unit_test(role_table),
	    cmocka_unit_test(token_roles),
	    cmocka_unit_test(staff_roles_match_the_role_table),
	    cmocka_unit_test(staff_fields_name_the_field_at_fault),
	    cmocka_unit_test(staff_account_json),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

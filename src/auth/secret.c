/* secret.c — see secret.h. */
#include "secret.h"

#include <sodium.h>
#include <string.h>

int secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void secret_token(char out[SECRET_TOKEN_SIZE])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_SIZE, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void secret_hash(const char *text, char out[SECRET_HASH_SIZE])
{
	unsigned char digest[32];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)text,
	                   strlen(text), NULL, 0);
	sodium_bin2hex(out, SECRET_HASH_SIZE, digest, sizeof digest);
}

bool secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

void secret_code(char *out, size_t n)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[n] = '\0';
}

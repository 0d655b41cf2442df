/* creditcode.c — normalising and checking unified social credit codes (GB 32100-2015). */
#include "core/creditcode.h"

#include <stddef.h>	/* before err.h, which uses size_t */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

/* 3^(i-1) mod 31 for positions 1..17. */
static const unsigned creditcode_weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

/* GB 11714 weights for the eight body characters of the organisation code. */
static const unsigned org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

/* Value 0–30 of an upper-case character in the alphabet, or -1. */
static int char_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(CREDITCODE_ALPHABET, c);
	return p ? (int)(p - CREDITCODE_ALPHABET) : -1;
}

char creditcode_check_char(const char first17[17])
{
	unsigned sum = 0;
	int i;

	for (i = 0; i < 17; i++) {
		int v = char_value(first17[i]);
		if (v < 0)
			return '\0';
		sum += (unsigned)v * creditcode_weights[i];
	}
	return CREDITCODE_ALPHABET[(31 - sum % 31) % 31];
}

char creditcode_org_check_char(const char body[8])
{
	unsigned sum = 0, c;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned v;
		if (body[i] >= '0' && body[i] <= '9')
			v = (unsigned)(body[i] - '0');
		else if (body[i] >= 'A' && body[i] <= 'Z')
			v = (unsigned)(body[i] - 'A') + 10;
		else
			return '\0';
		sum += v * org_weights[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

/*
 * Decodes the code point at s into *cp and returns its length, or 0 for a
 * malformed sequence. Only needs to be good enough to name a bad character:
 * anything that is not one of the few characters we map is rejected anyway.
 */
static size_t next_char(const unsigned char *s, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		c = s[0] & 0x1F, n = 2;
	else if ((s[0] & 0xF0) == 0xE0)
		c = s[0] & 0x0F, n = 3;
	else if ((s[0] & 0xF8) == 0xF0)
		c = s[0] & 0x07, n = 4;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

static bool is_dropped(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
	case '-':
	case 0x3000:	/* ideographic (full-width) space */
	case 0xFF0D:	/* full-width hyphen-minus */
		return true;
	}
	return false;
}

/* The ASCII upper-case form of cp, or 0 if there is none. */
static char to_ascii_upper(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		cp = cp - 0xFF10 + '0';
	else if (cp >= 0xFF21 && cp <= 0xFF3A)
		cp = cp - 0xFF21 + 'A';
	else if (cp >= 0xFF41 && cp <= 0xFF5A)
		cp = cp - 0xFF41 + 'A';
	if (cp >= 'a' && cp <= 'z')
		cp = cp - 'a' + 'A';
	if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z'))
		return (char)cp;
	return 0;
}

int creditcode_check(const char *in, char out[CREDITCODE_LEN + 1], bool *org_warning,
		     struct err *e)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	char code[CREDITCODE_LEN + 1];
	size_t len = 0;
	char want;

	out[0] = '\0';
	if (org_warning)
		*org_warning = false;

	while (*s) {
		uint32_t cp;
		size_t n = next_char(s, &cp);
		char c;

		if (!n)
			return err_setf(e, ERR_CREDIT_FORMAT, CREDITCODE_FIELD,
					"\\x%02X (%zu)", *s, len + 1);
		if (is_dropped(cp)) {
			s += n;
			continue;
		}
		c = to_ascii_upper(cp);
		if (!c || char_value(c) < 0)
			/* Quote the character as typed, full-width or not. */
			return err_setf(e, ERR_CREDIT_FORMAT, CREDITCODE_FIELD,
					"%.*s (%zu)", (int)n, (const char *)s, len + 1);
		if (len < CREDITCODE_LEN)
			code[len] = c;
		len++;
		s += n;
	}
	if (len == 0)
		return err_set(e, ERR_REQUIRED, CREDITCODE_FIELD, NULL);
	if (len != CREDITCODE_LEN)
		return err_setf(e, ERR_CREDIT_LENGTH, CREDITCODE_FIELD, "%zu", len);
	code[CREDITCODE_LEN] = '\0';

	want = creditcode_check_char(code);
	if (code[17] != want) {
		char arg[2] = { want, '\0' };
		memcpy(out, code, sizeof(code));
		return err_set(e, ERR_CREDIT_CHECK, CREDITCODE_FIELD, arg);
	}
	if (org_warning)
		*org_warning = creditcode_org_check_char(code + 8) != code[16];
	memcpy(out, code, sizeof(code));
	return 0;
}

int creditcode_classify(const char *in, char out[CREDITCODE_LEN + 1],
			enum creditcode_result *result, struct err *e)
{
	bool warn;

	if (creditcode_check(in, out, &warn, e) < 0)
		return -1;
	*result = warn ? CREDITCODE_ORG_MISMATCH : CREDITCODE_OK;
	return 0;
}

void creditcode_complete(char code[CREDITCODE_LEN + 1])
{
	int i;

	for (i = 0; i < 16; i++) {
		if (char_value(code[i]) < 0) {
			fprintf(stderr, "creditcode_complete: bad character at position %d\n", i + 1);
			abort();
		}
	}
	/* The alphabet has only digits and letters, so the org check cannot fail. */
	code[16] = creditcode_org_check_char(code + 8);
	code[17] = creditcode_check_char(code);
	code[18] = '\0';
}

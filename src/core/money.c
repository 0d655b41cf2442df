/* money.c — parsing and formatting int64 fen amounts with integer arithmetic only. */
#include "core/money.h"

#include <stdbool.h>
#include <string.h>

#include "core/err.h"

/* Longest figure we look at, in characters; a real amount is far shorter. */
#define MONEY_MAX_CHARS 64
/* How much of a bad input is echoed back in the error. */
#define MONEY_ECHO_BYTES 48

/*
 * Maps one code point to the ASCII character the parser works on:
 * digits, ',', '.', '+', '-', ' ', and '$' for either yuan sign;
 * 0 for anything else.
 */
static char money_ascii(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (char)cp;
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (char)(cp - 0xFF10 + '0');
	switch (cp) {
	case ',': case 0xFF0C:
		return ',';
	case '.': case 0xFF0E:
		return '.';
	case '+': case 0xFF0B:
		return '+';
	case '-': case 0xFF0D: case 0x2212:	/* minus sign, as Word writes it */
		return '-';
	case ' ': case '\t': case 0x3000:
		return ' ';
	case 0xA5: case 0xFFE5:			/* ¥ and full-width ￥ */
		return '$';
	}
	return 0;
}

/* Decodes one UTF-8 code point; returns its length or 0 if malformed. */
static size_t money_utf8(const unsigned char *s, uint32_t *cp)
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

/*
 * Writes magnitude mag, a fixed-point figure with `decimals` decimals, into
 * buf (n bytes, cut short if need be, always terminated when n > 0). By
 * hand rather than with snprintf, so no compiler has to prove the fit.
 */
static void money_print_fixed(bool neg, uint64_t mag, int decimals, char *buf, size_t n)
{
	char tmp[32];	/* "-" + 20 digits + "." + NUL with room to spare */
	char *p = tmp + sizeof(tmp);
	bool nonzero = mag != 0;
	size_t len;
	int i;

	*--p = '\0';
	for (i = 0; i < decimals; i++) {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	}
	if (decimals)
		*--p = '.';
	do {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (neg && nonzero)
		*--p = '-';
	if (!n)
		return;
	len = (size_t)(tmp + sizeof(tmp) - 1 - p);
	if (len >= n)
		len = n - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
}

static int money_invalid(const char *s, const char *field, struct err *e)
{
	size_t len = strlen(s);

	if (len > MONEY_ECHO_BYTES) {
		/* Cut on a character boundary so the message stays valid UTF-8. */
		len = MONEY_ECHO_BYTES;
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
		return err_setf(e, ERR_INVALID, field, "%.*s…", (int)len, s);
	}
	return err_setf(e, ERR_INVALID, field, "%s", s);
}

/*
 * Parses s as a fixed-point figure with at most `decimals` decimals (more
 * only if zero) into *out = value * 10^decimals, the amount in fen when the
 * unit is 10^decimals fen, as it is for yuan (2) and 万元 (6).
 */
static int money_parse(const char *s, unsigned flags, int decimals, const char *field,
		       int64_t *out, struct err *e)
{
	const unsigned char *p = (const unsigned char *)s;
	char a[MONEY_MAX_CHARS + 1];
	size_t len = 0, i, start, end;
	bool neg = false, have_sign = false, have_yuan = false, any_digit = false;
	uint64_t mag = 0;
	bool commas = false;	/* a thousands separator was seen */
	int run = 0;		/* integer digits since the start or the last comma */
	int frac = -1;		/* decimals seen; -1 before the point */
	char limit[MONEY_BUF_SIZE];

	if (!s)
		return err_set(e, ERR_REQUIRED, field, NULL);
	while (*p) {
		uint32_t cp;
		size_t k = money_utf8(p, &cp);
		char c = k ? money_ascii(cp) : 0;

		if (!c || len == MONEY_MAX_CHARS)
			return money_invalid(s, field, e);
		a[len++] = c;
		p += k;
	}
	a[len] = '\0';

	for (start = 0; start < len && a[start] == ' '; start++)
		;
	for (end = len; end > start && a[end - 1] == ' '; end--)
		;
	if (start == end)
		return err_set(e, ERR_REQUIRED, field, NULL);

	/* One sign and one yuan mark, in either order, spaces between allowed. */
	for (i = start; i < end; i++) {
		if ((a[i] == '+' || a[i] == '-') && !have_sign) {
			have_sign = true;
			neg = a[i] == '-';
		} else if (a[i] == '$' && !have_yuan) {
			have_yuan = true;
		} else if (a[i] != ' ') {
			break;
		}
	}

	for (; i < end; i++) {
		char c = a[i];
		unsigned d;

		if (c == ',') {
			/* Groups: 1–3 digits first, then exactly three each. */
			if (frac >= 0 || run == 0 || run > 3 || (commas && run != 3))
				return money_invalid(s, field, e);
			commas = true;
			run = 0;
			continue;
		}
		if (c == '.') {
			if (frac >= 0 || (commas && run != 3))
				return money_invalid(s, field, e);
			frac = 0;
			continue;
		}
		if (c < '0' || c > '9')
			return money_invalid(s, field, e);
		d = (unsigned)(c - '0');
		any_digit = true;
		if (frac >= 0) {
			if (frac >= decimals) {
				if (d)		/* never round money silently */
					return money_invalid(s, field, e);
				continue;
			}
			frac++;
		} else {
			run++;
		}
		if (mag > ((uint64_t)INT64_MAX - d) / 10)
			goto range;
		mag = mag * 10 + d;
	}
	if (!any_digit || (frac < 0 && commas && run != 3))
		return money_invalid(s, field, e);
	/* Scale by the decimals not typed: "12.5" yuan is 1250 fen. */
	for (frac = frac < 0 ? 0 : frac; frac < decimals; frac++) {
		if (mag > (uint64_t)INT64_MAX / 10)
			goto range;
		mag *= 10;
	}
	if (neg && mag && !(flags & MONEY_ALLOW_NEGATIVE))
		return err_set(e, ERR_RANGE, field, ">= 0");
	*out = neg ? -(int64_t)mag : (int64_t)mag;
	return 0;

range:
	if (neg && !(flags & MONEY_ALLOW_NEGATIVE))
		return err_set(e, ERR_RANGE, field, ">= 0");
	money_print_fixed(false, (uint64_t)INT64_MAX, decimals, limit, sizeof(limit));
	return err_setf(e, ERR_RANGE, field, "%s%s", neg ? ">= -" : "<= ", limit);
}

int money_parse_yuan_flags(const char *s, unsigned flags, const char *field, int64_t *fen,
			   struct err *e)
{
	return money_parse(s, flags, 2, field, fen, e);
}

int money_parse_yuan(const char *s, const char *field, int64_t *fen, struct err *e)
{
	return money_parse(s, 0, 2, field, fen, e);
}

int money_parse_wanyuan_flags(const char *s, unsigned flags, const char *field, int64_t *fen,
			      struct err *e)
{
	return money_parse(s, flags, 6, field, fen, e);
}

int money_parse_wanyuan(const char *s, const char *field, int64_t *fen, struct err *e)
{
	return money_parse(s, 0, 6, field, fen, e);
}

/* |fen| without overflow, INT64_MIN included. */
static uint64_t money_abs(int64_t fen)
{
	return fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;
}

void money_format_yuan(int64_t fen, char *buf, size_t n)
{
	money_print_fixed(fen < 0, money_abs(fen), 2, buf, n);
}

/* Formats fen in units of `unit` fen with two decimals, rounded half away from zero. */
static void money_format_unit(int64_t fen, uint64_t unit, char *buf, size_t n)
{
	uint64_t step = unit / 100;	/* fen in 0.01 of the unit */
	uint64_t mag = money_abs(fen);
	/* mag <= 2^63 and step/2 < 2^62, so the sum cannot wrap. */
	uint64_t hundredths = (mag + step / 2) / step;

	money_print_fixed(fen < 0, hundredths, 2, buf, n);
}

void money_format_wanyuan(int64_t fen, char *buf, size_t n)
{
	money_format_unit(fen, MONEY_FEN_PER_WANYUAN, buf, n);
}

void money_format_yiyuan(int64_t fen, char *buf, size_t n)
{
	money_format_unit(fen, MONEY_FEN_PER_YIYUAN, buf, n);
}

/* pinyin.c — pinyin initials of UTF-8 text through the generated pinyin_table. */
#include "core/pinyin.h"
#include "core/strbuf.h"

#include <stddef.h>

char pinyin_initial(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (char)cp;
	if (cp >= 'a' && cp <= 'z')
		return (char)cp;
	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	/* Full-width forms, as typed with a Chinese input method left in that mode. */
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (char)(cp - 0xFF10 + '0');
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return (char)(cp - 0xFF21 + 'a');
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return (char)(cp - 0xFF41 + 'a');
	if (cp == 0x3007)	/* 〇 sits outside the ideograph block */
		return 'l';
	if (cp >= PINYIN_TABLE_FIRST && cp <= PINYIN_TABLE_LAST) {
		char c = pinyin_table[cp - PINYIN_TABLE_FIRST];
		return c >= 'a' && c <= 'z' ? c : 0;
	}
	return 0;
}

/*
 * Decodes one code point at s, storing it in *cp and returning its length in
 * bytes, or 0 if s does not start a well-formed sequence (overlong forms,
 * surrogates and values past U+10FFFF included), so the caller skips a byte.
 */
static size_t decode_utf8(const unsigned char *s, uint32_t *cp)
{
	uint32_t c, min;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		c = s[0] & 0x1F, n = 2, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		c = s[0] & 0x0F, n = 3, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		c = s[0] & 0x07, n = 4, min = 0x10000;
	} else {
		return 0;
	}
	/* A NUL terminator fails the continuation test, so we never read past it. */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

void pinyin_initials(const char *utf8, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)utf8;

	while (*s) {
		uint32_t cp;
		size_t n = decode_utf8(s, &cp);
		char c;

		if (!n) {
			s++;
			continue;
		}
		s += n;
		c = pinyin_initial(cp);
		if (c)
			strbuf_addch(out, c);
	}
}

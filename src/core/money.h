/* money.h — amounts of money as int64 fen: parsing typed figures and formatting 元/万元/亿元.
 *
 * Money is stored and computed as an integer number of fen (分, 0.01 yuan);
 * nothing here touches floating point, so a figure typed in, stored and
 * shown again comes back exactly. Amounts range over ±INT64_MAX fen
 * (about ±922 trillion yuan); INT64_MIN is never produced by parsing.
 */
#ifndef CORE_MONEY_H
#define CORE_MONEY_H
#include <stddef.h>
#include <stdint.h>

struct err;

#define MONEY_FEN_PER_YUAN	100LL
#define MONEY_FEN_PER_WANYUAN	1000000LL		/* 万元 */
#define MONEY_FEN_PER_YIYUAN	10000000000LL		/* 亿元 */

/* Big enough for any int64 amount formatted by the functions below. */
#define MONEY_BUF_SIZE 24

/* Flags for money_parse_yuan_flags() and money_parse_wanyuan_flags(). */
#define MONEY_ALLOW_NEGATIVE 0x1	/* refunds, corrections; rejected by default */

/*
 * Parses an amount in yuan into *fen. Accepted, as people type and as Excel
 * and Chinese input methods write them:
 *   - digits, ASCII or full-width (０–９), with an optional decimal point
 *     ('.' or '．') and at most two decimals (more only if they are zeros:
 *     "1.500" is 150 fen, "1.005" is an error, never silently rounded);
 *   - thousands separators ',' or '，' in groups of exactly three digits
 *     ("1,234.5"), so that a decimal comma such as "1,5" is an error, not 15;
 *   - an optional ¥ or ￥ and an optional sign, '+' or '-' (full-width too);
 *   - spaces (ASCII or full-width) around the figure.
 * A negative amount is an error unless flags has MONEY_ALLOW_NEGATIVE.
 *
 * Returns 0, or -1 with e filled for field:
 *   ERR_REQUIRED  s is NULL or holds nothing but spaces;
 *   ERR_INVALID   not a figure of the form above; arg is the input (cut short);
 *   ERR_RANGE     negative when not allowed (arg ">= 0") or beyond ±INT64_MAX
 *                 fen (arg the limit in yuan).
 * *fen is left alone on error.
 */
int money_parse_yuan(const char *s, const char *field, int64_t *fen, struct err *e);
int money_parse_yuan_flags(const char *s, unsigned flags, const char *field, int64_t *fen,
			   struct err *e);

/*
 * As money_parse_yuan(), for a figure in 万元 (the unit of most statistical
 * forms): up to six decimals, which is exact to the fen ("12.345678" is
 * 12345678 fen). Seven or more non-zero decimals are an error.
 */
int money_parse_wanyuan(const char *s, const char *field, int64_t *fen, struct err *e);
int money_parse_wanyuan_flags(const char *s, unsigned flags, const char *field, int64_t *fen,
			      struct err *e);

/*
 * Formats fen as yuan with exactly two decimals and no grouping, the form
 * that parses back and that Excel reads as a number: 123456 → "1234.56",
 * -1 → "-0.01", 0 → "0.00". Writes at most n bytes, always NUL-terminated
 * when n > 0 (use MONEY_BUF_SIZE).
 */
void money_format_yuan(int64_t fen, char *buf, size_t n);

/*
 * Formats fen in 万元 or 亿元 with two decimals, rounded half away from zero
 * as Chinese statistical tables round (四舍五入): 123456789 fen is
 * 1234567.89 yuan → "123.46" 万元 → "0.01" 亿元; -5000 fen → "-0.01" 万元.
 * A figure that rounds to zero prints "0.00", never "-0.00".
 */
void money_format_wanyuan(int64_t fen, char *buf, size_t n);
void money_format_yiyuan(int64_t fen, char *buf, size_t n);
#endif

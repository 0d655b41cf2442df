/* pinyin.h — pinyin initials of Chinese text, for search ("tbdg" finds 特变电工).
 *
 * The initials come from a generated table (pinyin_table.c, made by
 * tools/gen-pinyin.mjs from the pinyin-pro dictionary; see data/pinyin.SOURCE.md)
 * that gives each CJK Unified Ideograph U+4E00..U+9FA5 the first letter of its
 * most common reading. Polyphonic characters get one letter only (行 → x,
 * 长 → c, 重 → z), so a search index should also keep the name itself.
 * Initials are single letters: zh, ch and sh give z, c and s, as in the
 * first-letter search boxes of Chinese admin systems.
 */
#ifndef CORE_PINYIN_H
#define CORE_PINYIN_H
#include <stdint.h>

struct strbuf;

#define PINYIN_TABLE_FIRST 0x4E00
#define PINYIN_TABLE_LAST  0x9FA5

/* One lower-case letter per code point PINYIN_TABLE_FIRST..LAST, '-' where
 * no reading is known; NUL-terminated. Use pinyin_initial() rather than this. */
extern const char pinyin_table[PINYIN_TABLE_LAST - PINYIN_TABLE_FIRST + 2];

/*
 * The search letter for one code point: the pinyin initial of a CJK
 * character ('a'..'z'), an ASCII or full-width letter or digit lower-cased
 * and made ASCII, 'l' for 〇 (ling); 0 for anything else (punctuation, spaces,
 * characters without a known reading).
 */
char pinyin_initial(uint32_t cp);

/*
 * Appends to out the search letters of the NUL-terminated UTF-8 string utf8,
 * one per code point for which pinyin_initial() gives one; everything else is
 * dropped. Invalid UTF-8 bytes are skipped one at a time, never fatal.
 * 特变电工 → "tbdg"; "新疆TBEA 2号" → "xjtbea2h".
 */
void pinyin_initials(const char *utf8, struct strbuf *out);
#endif

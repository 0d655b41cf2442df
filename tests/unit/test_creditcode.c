/* test_creditcode.c — unit tests of the unified social credit code checker (GB 32100-2015). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/creditcode.h"
#include "core/err.h"

/*
 * The code used throughout, worked by hand.
 *
 * Positions 1–16 are chosen: 9 (registration authority: market regulation),
 * 1 (category: enterprise), 650100 (乌鲁木齐市), MA775G3K (an organisation
 * code body of the post-2015 "MA" form).
 *
 * Position 17, the GB 11714 check over MA775G3K, letters A=10 ... Z=35:
 *
 *   char    M   A   7   7   5   G   3   K
 *   value  22  10   7   7   5  16   3  20
 *   weight  3   7   9  10   5   8   4   2
 *   product 66 70  63  70  25 128  12  40   sum 474
 *
 *   474 mod 11 = 1 (11 * 43 = 473); 11 - 1 = 10, written 'X'.
 *
 * Position 18, over positions 1–17 with GB 32100 values (0–9, then
 * A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26 U27
 * W28 X29 Y30) and weights 3^(i-1) mod 31:
 *
 *   pos     1   2   3   4   5   6   7   8   9  10  11  12  13  14  15  16  17
 *   char    9   1   6   5   0   1   0   0   M   A   7   7   5   G   3   K   X
 *   value   9   1   6   5   0   1   0   0  21  10   7   7   5  16   3  19  29
 *   weight  1   3   9  27  19  26  16  17  20  29  25  13   8  24  10  30  28
 *   product 9   3  54 135   0  26   0   0 420 290 175  91  40 384  30 570 812
 *
 *   sum 3039; 3039 mod 31 = 1 (31 * 98 = 3038); (31 - 1) mod 31 = 30, 'Y'.
 */
#define HAND_CODE "91650100MA775G3KXY"

/*
 * All zeros in the organisation code: GB 11714 sum 0, 11 - 0 = 11, written
 * '0'. Position 18: 9*1 + 1*3 + 6*9 + 5*27 + 0*19 + 1*26 = 227, the rest 0;
 * 227 mod 31 = 10 (31 * 7 = 217); 31 - 10 = 21, 'M'.
 */
#define ZERO_ORG_CODE "91650100000000000M"

/*
 * A check character of '0': 9*1 + 2*3 + 6*9 + 5*27 + 0*19 + 1*26 + 0*16 +
 * 2*17 + M21*20 + A10*29 + 7*25 + 0 + 0 + 0 + 0 + 6*30 + 9*28 = 1581 =
 * 31 * 51, so (31 - 0) mod 31 = 0. Organisation check over MA700006:
 * 22*3 + 10*7 + 7*9 + 6*2 = 211, 211 mod 11 = 2, 11 - 2 = 9.
 */
#define ZERO_CHECK_CODE "92650102MA70000690"

/* Position 17 changed from X to 1, position 18 recomputed: sum 3039 - 812 +
 * 1*28 = 2255, 2255 mod 31 = 23, 31 - 23 = 8. */
#define ORG_BAD_CODE "91650100MA775G3K18"

static void check_ok(const char *in, const char *want, bool want_warning)
{
	char out[CREDITCODE_LEN + 1];
	bool warn = !want_warning;
	struct err e = { 0 };

	if (creditcode_check(in, out, &warn, &e) != 0)
		fail_msg("%s: rejected with %s (%s)", in, err_name(e.code), e.arg);
	assert_string_equal(out, want);
	assert_int_equal(warn, want_warning);
}

static void check_fails(const char *in, enum err_code code, const char *arg)
{
	char out[CREDITCODE_LEN + 1];
	bool warn = true;
	struct err e = { 0 };

	assert_int_equal(creditcode_check(in, out, &warn, &e), -1);
	assert_int_equal(e.code, code);
	assert_string_equal(e.field, "credit_code");
	if (arg)
		assert_string_equal(e.arg, arg);
	assert_false(warn);
}

static void test_hand_worked(void **state)
{
	assert_int_equal(creditcode_org_check_char("MA775G3K"), 'X');
	assert_int_equal(creditcode_check_char("91650100MA775G3KX"), 'Y');
	check_ok(HAND_CODE, HAND_CODE, false);

	assert_int_equal(creditcode_org_check_char("00000000"), '0');
	assert_int_equal(creditcode_check_char(ZERO_ORG_CODE), 'M');
	check_ok(ZERO_ORG_CODE, ZERO_ORG_CODE, false);

	assert_int_equal(creditcode_org_check_char("MA700006"), '9');
	assert_int_equal(creditcode_check_char(ZERO_CHECK_CODE), '0');
	check_ok(ZERO_CHECK_CODE, ZERO_CHECK_CODE, false);
}

static void test_published_codes(void **state)
{
	/* Widely published codes of large enterprises: both checks pass. */
	check_ok("914403001922038216", "914403001922038216", false);
	check_ok("91440300708461136T", "91440300708461136T", false);
	check_ok("91110000802100433B", "91110000802100433B", false);
}

static void test_wrong_check_char(void **state)
{
	char out[CREDITCODE_LEN + 1];
	bool warn = true;
	struct err e = { 0 };
	char msg[256];

	assert_int_equal(creditcode_check("91650100MA775G3KX0", out, &warn, &e), -1);
	assert_int_equal(e.code, ERR_CREDIT_CHECK);
	assert_string_equal(e.field, "credit_code");
	assert_string_equal(e.arg, "Y");
	/* The normalised code is kept so that an import report can show it. */
	assert_string_equal(out, "91650100MA775G3KX0");
	assert_false(warn);
	err_message(&e, LANG_ZH, msg, sizeof(msg));
	assert_non_null(strstr(msg, "应为 Y"));
	err_message(&e, LANG_EN, msg, sizeof(msg));
	assert_non_null(strstr(msg, "should be Y"));

	check_fails("91650100000000000N", ERR_CREDIT_CHECK, "M");
	check_fails("926501 02MA70000691", ERR_CREDIT_CHECK, "0");
	/* A change anywhere in 1–17 moves the check character. */
	check_fails("81650100MA775G3KXY", ERR_CREDIT_CHECK, NULL);
	check_fails("91650200MA775G3KXY", ERR_CREDIT_CHECK, NULL);
	/* Two neighbours swapped. */
	check_fails("91651000MA775G3KXY", ERR_CREDIT_CHECK, NULL);
}

static void test_org_mismatch_is_warning(void **state)
{
	char out[CREDITCODE_LEN + 1];
	enum creditcode_result res = CREDITCODE_OK;
	struct err e = { 0 };

	check_ok(ORG_BAD_CODE, ORG_BAD_CODE, true);
	assert_int_equal(creditcode_classify(ORG_BAD_CODE, out, &res, &e), 0);
	assert_int_equal(res, CREDITCODE_ORG_MISMATCH);
	assert_int_equal(creditcode_classify(HAND_CODE, out, &res, &e), 0);
	assert_int_equal(res, CREDITCODE_OK);
	assert_int_equal(creditcode_classify("91650100MA775G3KX1", out, &res, &e), -1);
	assert_int_equal(e.code, ERR_CREDIT_CHECK);

	/* The warning pointer may be NULL when the caller does not care. */
	assert_int_equal(creditcode_check(ORG_BAD_CODE, out, NULL, &e), 0);
}

static void test_lower_case(void **state)
{
	check_ok("91650100ma775g3kxy", HAND_CODE, false);
	check_ok("91650100Ma775G3kXy", HAND_CODE, false);
}

static void test_full_width(void **state)
{
	check_ok("９１６５０１００ＭＡ７７５Ｇ３ＫＸＹ", HAND_CODE, false);
	check_ok("９１６５０１００ｍａ７７５ｇ３ｋｘｙ", HAND_CODE, false);
	check_ok("91650100ＭＡ775G3KXY", HAND_CODE, false);
}

static void test_spaces_and_hyphens(void **state)
{
	check_ok(" 91650100MA775G3KXY ", HAND_CODE, false);
	check_ok("9165 0100 MA77 5G3K XY", HAND_CODE, false);
	check_ok("91650100-MA775G3K-X-Y", HAND_CODE, false);
	check_ok("\t91650100　MA775G3KXY\r\n", HAND_CODE, false);	/* U+3000 inside */
	check_ok("91650100－MA775G3KXY", HAND_CODE, false);	/* U+FF0D */
	check_ok("　９１６５　０１００－ｍａ７７　５ｇ３ｋ　ｘｙ　", HAND_CODE, false);
}

static void test_wrong_length(void **state)
{
	check_fails("91650100MA775G3KX", ERR_CREDIT_LENGTH, "17");
	check_fails("91650100MA775G3KXYY", ERR_CREDIT_LENGTH, "19");
	check_fails("9", ERR_CREDIT_LENGTH, "1");
	check_fails("91650100MA775G3KXY91650100MA775G3KXY", ERR_CREDIT_LENGTH, "36");
	/* Spaces do not count towards the length. */
	check_fails("9165 0100 MA77 5G3K X", ERR_CREDIT_LENGTH, "17");
	check_fails("", ERR_REQUIRED, "");
	check_fails("  - 　", ERR_REQUIRED, "");
	check_fails(NULL, ERR_REQUIRED, "");
}

static void test_forbidden_letters(void **state)
{
	static const char forbidden[] = "IOSVZ";
	size_t i;

	for (i = 0; i < sizeof(forbidden) - 1; i++) {
		char code[] = HAND_CODE;
		char arg[8];

		code[8] = forbidden[i];		/* position 9 */
		snprintf(arg, sizeof(arg), "%c (9)", forbidden[i]);
		check_fails(code, ERR_CREDIT_FORMAT, arg);
		/* Lower-case is reported as typed. */
		code[8] = (char)(forbidden[i] - 'A' + 'a');
		snprintf(arg, sizeof(arg), "%c (9)", code[8]);
		check_fails(code, ERR_CREDIT_FORMAT, arg);
	}
	/* Positions count after normalising; full-width is quoted as typed. */
	check_fails("9165 0100 ＯA775G3KXY", ERR_CREDIT_FORMAT, "Ｏ (9)");
	/* The digit 0 is allowed where the letter O is not: only the check fails. */
	check_fails("91650100MA775G3KX0", ERR_CREDIT_CHECK, "Y");
}

static void test_other_characters(void **state)
{
	check_fails("特变电工", ERR_CREDIT_FORMAT, "特 (1)");
	check_fails("91650100MA775G3K.Y", ERR_CREDIT_FORMAT, ". (17)");
	check_fails("91650100MA775G3K_XY", ERR_CREDIT_FORMAT, "_ (17)");
	check_fails("9165\xff", ERR_CREDIT_FORMAT, "\\xFF (5)");
	check_fails("9165\xe7\x89", ERR_CREDIT_FORMAT, "\\xE7 (5)");
	/* Full-width punctuation outside the mapped ranges stays an error. */
	check_fails("91650100MA775G3KX＋", ERR_CREDIT_FORMAT, "＋ (18)");
}

static void test_check_char_rejects_bad_input(void **state)
{
	assert_int_equal(creditcode_check_char("91650100MA775G3KI"), '\0');
	assert_int_equal(creditcode_check_char("91650100ma775g3kx"), '\0');
	assert_int_equal(creditcode_org_check_char("MA775G3-"), '\0');
	assert_int_equal(creditcode_org_check_char("ma775g3k"), '\0');
}

static void test_complete(void **state)
{
	char code[CREDITCODE_LEN + 1] = "91650100MA775G3K";
	unsigned seed = 12345;
	int n;

	creditcode_complete(code);
	assert_string_equal(code, HAND_CODE);

	/* Any prefix from the alphabet completes to a code with no warning. */
	for (n = 0; n < 2000; n++) {
		char c[CREDITCODE_LEN + 1];
		char out[CREDITCODE_LEN + 1];
		bool warn = true;
		struct err e = { 0 };
		int i;

		for (i = 0; i < 16; i++) {
			seed = seed * 1103515245u + 12345u;
			c[i] = CREDITCODE_ALPHABET[(seed >> 16) % 31];
		}
		creditcode_complete(c);
		assert_int_equal(strlen(c), 18);
		assert_int_equal(creditcode_check(c, out, &warn, &e), 0);
		assert_string_equal(out, c);
		assert_false(warn);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked),
		cmocka_unit_test(test_published_codes),
		cmocka_unit_test(test_wrong_check_char),
		cmocka_unit_test(test_org_mismatch_is_warning),
		cmocka_unit_test(test_lower_case),
		cmocka_unit_test(test_full_width),
		cmocka_unit_test(test_spaces_and_hyphens),
		cmocka_unit_test(test_wrong_length),
		cmocka_unit_test(test_forbidden_letters),
		cmocka_unit_test(test_other_characters),
		cmocka_unit_test(test_check_char_rejects_bad_input),
		cmocka_unit_test(test_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* creditcode.h — the unified social credit code (统一社会信用代码) checker, GB 32100-2015.
 *
 * A code is 18 characters from CREDITCODE_ALPHABET, each worth its index
 * there (0–30; I, O, S, V and Z are never used):
 *
 *   position  1     registration authority (登记管理部门代码)
 *             2     category (机构类别代码)
 *             3–8   administrative division of the registering authority
 *             9–17  organisation code (组织机构代码, GB 11714), 17 is its check
 *             18    check character over positions 1–17
 *
 * Check character (an error when wrong): with weights W_i = 3^(i-1) mod 31,
 *   C18 = (31 - (sum of value_i * W_i for i = 1..17) mod 31) mod 31.
 * Organisation code (a warning when wrong, because codes issued before the
 * reform do not always carry a valid one): values are GB 11714's, 0–9 and
 * A–Z = 10–35, weights 3, 7, 9, 10, 5, 8, 4, 2 over positions 9–16,
 *   C17 = 11 - (sum mod 11), written 'X' for 10 and '0' for 11.
 * Positions 3–8 are not checked against the division list: divisions are
 * renamed and merged, while the codes registered under them stay valid.
 *
 * Input is normalised, not rejected, for what people paste from documents:
 * ASCII whitespace, hyphens and full-width spaces and hyphens are dropped,
 * full-width digits and letters (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A)
 * become ASCII, and letters are upper-cased.
 */
#ifndef CORE_CREDITCODE_H
#define CORE_CREDITCODE_H
#include <stdbool.h>

struct err;

#define CREDITCODE_LEN 18
#define CREDITCODE_ALPHABET "0123456789ABCDEFGHJKLMNPQRTUWXY"
#define CREDITCODE_FIELD "credit_code"

enum creditcode_result {
	CREDITCODE_OK,
	CREDITCODE_ORG_MISMATCH,	/* valid, with a warning */
};

/*
 * Normalises in (NUL-terminated UTF-8; NULL is taken as "") and checks it.
 *
 * Returns 0 when the code is valid: out holds it normalised (18 characters
 * and a NUL) and *org_warning (if not NULL) says whether the organisation
 * code check failed, which the caller reports as a warning.
 *
 * Returns -1 and fills e (field CREDITCODE_FIELD) when it is not:
 *   ERR_REQUIRED       nothing left after normalising;
 *   ERR_CREDIT_FORMAT  a character outside the alphabet, arg "X (n)" with the
 *                      character and its 1-based position after normalising;
 *   ERR_CREDIT_LENGTH  the wrong length, arg the number of characters found;
 *   ERR_CREDIT_CHECK   the 18th character is wrong, arg the expected one.
 * out holds the normalised code after ERR_CREDIT_CHECK (so an import report
 * can show it) and "" after the others.
 */
int creditcode_check(const char *in, char out[CREDITCODE_LEN + 1], bool *org_warning,
		     struct err *e);

/* As creditcode_check(), but says the outcome as an enum; -1 still means invalid. */
int creditcode_classify(const char *in, char out[CREDITCODE_LEN + 1],
			enum creditcode_result *result, struct err *e);

/*
 * The check character (position 18) for the normalised positions 1–17;
 * '\0' if any of them is not in CREDITCODE_ALPHABET.
 */
char creditcode_check_char(const char first17[17]);

/*
 * The GB 11714 organisation-code check character (position 17) for
 * positions 9–16 given as body[8] (digits and upper-case A–Z): '0'–'9' or
 * 'X'; '\0' if a character is neither a digit nor an upper-case letter.
 */
char creditcode_org_check_char(const char body[8]);

/*
 * Makes a valid code for demo and test data: code[0..15] must hold positions
 * 1–16 from CREDITCODE_ALPHABET; sets position 17 to the organisation check,
 * position 18 to the check character and code[18] to NUL. Aborts on a bad
 * prefix, which is a programming error.
 */
void creditcode_complete(char code[CREDITCODE_LEN + 1]);
#endif

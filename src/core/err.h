/* err.h — errors as a code, the field at fault and an argument.
 *
 * Functions return 0 on success and -1 on failure (pointers: NULL), filling a
 * struct err. `return err_set(e, ERR_REQUIRED, "name", NULL);` is the idiom.
 * ERR_LIST is the one table mapping each code to its HTTP status and to the
 * message shown in zh-CN and in English; "%s" in a message takes err.arg.
 */
#ifndef CORE_ERR_H
#define CORE_ERR_H
#include <stddef.h>

#define ERR_LIST(X) \
	X(NONE,            200, "成功", "ok") \
	X(BAD_JSON,        400, "请求体不是有效的 JSON：%s", "request body is not valid JSON: %s") \
	X(BAD_REQUEST,     400, "请求无效：%s", "bad request: %s") \
	X(REQUIRED,        400, "必填项不能为空", "is required") \
	X(TYPE,            400, "类型错误，应为%s", "has the wrong type, expected %s") \
	X(UNKNOWN_FIELD,   400, "不是可识别的字段", "is not a known field") \
	X(TOO_LONG,        400, "长度超过上限（%s）", "is too long (at most %s)") \
	X(TOO_SHORT,       400, "长度不足（至少 %s）", "is too short (at least %s)") \
	X(RANGE,           400, "数值超出允许范围（%s）", "is out of range (%s)") \
	X(INVALID,         400, "格式不正确：%s", "is not valid: %s") \
	X(BAD_UTF8,        400, "包含无效的 UTF-8 字符", "contains invalid UTF-8") \
	X(NOT_IN_LIST,     400, "不在允许的取值中：%s", "is not one of the allowed values: %s") \
	X(CREDIT_CHECK,    400, "校验位错误（第18位应为 %s）", "the check character is wrong (the 18th should be %s)") \
	X(CREDIT_FORMAT,   400, "含有不允许的字符：%s（括号内为位置）", "has a character that is not allowed: %s (position in brackets)") \
	X(CREDIT_LENGTH,   400, "应为 18 位，实际为 %s 位", "must have 18 characters, not %s") \
	X(UNAUTHENTICATED, 401, "未登录或会话已过期", "not signed in or the session has expired") \
	X(BAD_LOGIN,       401, "用户名或密码错误", "wrong user name or password") \
	X(CSRF,            403, "缺少或错误的 CSRF 令牌", "missing or wrong CSRF token") \
	X(FORBIDDEN,       403, "无权执行此操作", "not allowed for your role or data scope") \
	X(SCOPE,           403, "超出您的数据范围：%s", "outside your data scope: %s") \
	X(NOT_FOUND,       404, "未找到：%s", "not found: %s") \
	X(METHOD,          405, "不支持该请求方法", "method not allowed") \
	X(CONFLICT,        409, "数据已被他人修改，请刷新后重试", "the record was changed by someone else; reload and try again") \
	X(STATE,           409, "当前状态（%s）下不能执行此操作", "not allowed in the current state (%s)") \
	X(REPORT_LOCKED,   409, "已过填报期并锁定，需经信厅解锁后方可修改", "locked after its window; an officer must unlock it first") \
	X(NOT_LOCKED,      409, "填报期尚未结束，无需解锁", "the window is still open; there is nothing to unlock") \
	X(NOT_EMPTY,       409, "目标数据库已有数据（%s），如需覆盖请加 --force", "the target already holds data (%s); add --force to replace it") \
	X(DUPLICATE,       409, "已存在相同的记录：%s", "already exists: %s") \
	X(CHANGE_PENDING,  409, "该项目已有待审批的变更申请（编号 %s），请等待审批或撤回后再申请", "a change request for this project is already pending (no. %s); wait for its decision or withdraw it first") \
	X(CHANGE_STALE,    409, "提出申请后项目已被修改（申请基于版本 %s），请撤回后按现有内容重新申请", "the project changed after this request was made (it was based on version %s); withdraw it and request again from the current record") \
	X(EDIT_DIRECTLY,   409, "项目当前状态为%s，请直接修改项目信息；变更申请仅用于已批准或在建项目", "the project is %s: edit the record directly; change requests are for approved or in-progress projects") \
	X(NO_FILES_DIR,    503, "服务器未配置附件存储目录（%s）", "no directory for attachments is configured on the server (%s)") \
	X(TOO_LARGE,       413, "请求体过大（上限 %s）", "request body too large (at most %s)") \
	X(MEDIA_TYPE,      415, "不支持的内容类型：%s", "unsupported content type: %s") \
	X(IMPORT_ROWS,     422, "导入文件有 %s 行错误，未写入任何数据", "the file has %s bad rows; nothing was written") \
	X(UNPROCESSABLE,   422, "无法处理：%s", "cannot be processed: %s") \
	X(LOCKED,          429, "尝试次数过多，请 %s 秒后再试", "too many attempts; try again in %s seconds") \
	X(INTERNAL,        500, "服务器内部错误", "internal server error") \
	X(UNAVAILABLE,     503, "服务暂不可用，请稍后重试", "service unavailable; retry shortly")

enum err_code {
#define ERR_ENUM(name, status, zh, en) ERR_##name,
	ERR_LIST(ERR_ENUM)
#undef ERR_ENUM
	ERR__COUNT
};

struct err {
	enum err_code code;
	char field[64];  /* JSON field or column at fault, "" if none */
	char arg[192];   /* fills the message's %s */
	const char *label_zh, *label_en; /* the field's name for people, or NULL */
};

enum lang { LANG_ZH, LANG_EN };

/* Sets e (if not NULL) and returns -1. field and arg may be NULL. */
int err_set(struct err *e, enum err_code code, const char *field, const char *arg);
int err_setf(struct err *e, enum err_code code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void err_clear(struct err *e);   /* NULL-safe, as err_set is */
/* Says the error lies in element i of an array member: field "code" becomes
 * "measures[2].code" (cut to fit). Returns -1. */
int err_in_element(struct err *e, const char *array, size_t i);
/* Names the field for people: messages then read "企业名称：必填项不能为空". */
void err_label(struct err *e, const char *zh, const char *en);
int err_status(enum err_code code);
const char *err_name(enum err_code code);   /* "not_found" etc. */
/* The message in lang, with the argument substituted, into buf. */
void err_message(const struct err *e, enum lang lang, char *buf, size_t size);
#endif

/*
 * event.c: the kinds of event the log holds, one name table.
 *
 * Writers name a kind by its enum, so a misspelt kind does not compile;
 * the log stores the word, ticket(5) lists the words, and people read
 * the Chinese label.  Queries over the log write a kind @word, which
 * db.c spells out from this table: a kind is spelt here alone.  The
 * order of the table is the enum's; words are never renamed, because
 * the log and the archive keep them for good.
 */
#include "ticket.h"

const struct tk_enum tk_event_kinds[] = {
	[TK_EV_INTAKE] =		{ "intake", "受理" },
	[TK_EV_UNROUTED] =		{ "unrouted", "待人工派单" },
	[TK_EV_PROPOSE] =		{ "propose", "拟直办" },
	[TK_EV_ANSWER] =		{ "answer", "直接答复" },
	[TK_EV_DIRECT] =		{ "direct", "直办" },
	[TK_EV_ESCALATE] =		{ "escalate", "呈办" },
	[TK_EV_INSTRUCT] =		{ "instruct", "批示" },
	[TK_EV_DISPATCH] =		{ "dispatch", "派单" },
	[TK_EV_REDISPATCH] =		{ "redispatch", "改派" },
	[TK_EV_SUBDISPATCH] =		{ "subdispatch", "下派" },
	[TK_EV_SIGN] =			{ "sign", "签收" },
	[TK_EV_ACCEPTED] =		{ "accepted", "视为签收" },
	[TK_EV_RETURN] =		{ "return", "退回" },
	[TK_EV_RETURN_APPROVED] =	{ "return_approved", "退回通过" },
	[TK_EV_RETURN_DENIED] =		{ "return_denied", "退回驳回" },
	[TK_EV_CONTACT] =		{ "contact", "联系诉求人" },
	[TK_EV_REPLY] =			{ "reply", "答复" },
	[TK_EV_BOUNCE] =		{ "bounce", "答复退回" },
	[TK_EV_APPROVE] =		{ "approve", "答复审核通过" },
	[TK_EV_REPLIED] =		{ "replied", "已答复" },
	[TK_EV_EXTENSION_ASKED] =	{ "extension_asked", "延期申请" },
	[TK_EV_EXTENSION_APPROVED] =	{ "extension_approved", "延期批准" },
	[TK_EV_EXTENSION_DENIED] =	{ "extension_denied", "延期驳回" },
	[TK_EV_DUE_MOVED] =		{ "due_moved", "期限顺延" },
	[TK_EV_CARD] =			{ "card", "亮牌" },
	[TK_EV_FLAG] =			{ "flag", "追责" },
	[TK_EV_SURVEY] =		{ "survey", "短信回访" },
	[TK_EV_CALLBACK] =		{ "callback", "回访" },
	[TK_EV_REOPEN] =		{ "reopen", "重办" },
	[TK_EV_CLOSE] =			{ "close", "办结" },
	[TK_EV_ARCHIVE] =		{ "archive", "归档" },
	[TK_EV_CORRECT] =		{ "correct", "更正" },
	[TK_EV_MERGE] =			{ "merge", "并单" },
	[TK_EV_SPLIT] =			{ "split", "拆分" },
	[TK_EV_WITHDRAW] =		{ "withdraw", "撤回" },
	[TK_EV_ADD] =			{ "add", "增派" },
	[TK_EV_NOTE] =			{ "note", "备注" },
	[TK_EV_EMERGENCY_REDIRECT] =	{ "emergency_redirect", "紧急转接" },
	[TK_EV_EMERGENCY_CLEAR] =	{ "emergency_clear", "排除紧急" },
	[TK_EV_ATTACH] =		{ "attach", "附件" },
	[TK_EV_ATTACH_PUBLIC] =		{ "attach_public", "附件公开" },
	[TK_EV_UNIT_IMPORT] =		{ "unit_import", "单位导入" },
	[TK_EV_RULES_IMPORT] =		{ "rules_import", "派单规则导入" },
	[TK_EV_KB_IMPORT] =		{ "kb_import", "知识库导入" },
	[TK_EV_CALENDAR_IMPORT] =	{ "calendar_import", "日历导入" },
	[TK_EV_ARCHIVE_IMPORT] =	{ "archive_import", "归档导入" },
	[TK_EV_ERASE] =			{ "erase", "删除个人信息" },
	[TK_EV_ACCOUNT] =		{ "account", "账号变更" },
	[TK_EV_NKINDS] =		{ NULL, NULL }
};

const char *
tk_event_word(enum tk_event_kind k)
{
	return tk_event_kinds[k].word;
}

/* The kind a stored word names, or TK_EV_NKINDS for none. */
enum tk_event_kind
tk_event_kind(const char *word)
{
	int k = word != NULL ? tk_enum_find(tk_event_kinds, word) : -1;

	return k == -1 ? TK_EV_NKINDS : (enum tk_event_kind)k;
}

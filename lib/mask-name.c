/*
 * mask-name.c: what masking finds from its context, not its shape: the
 * names a ticket knows (even written with spaces), third parties' names
 * the ticket does not know, QQ and WeChat ids, and the numbers of an
 * address.  Pure, like mask.c: candidates only, on the original text.
 *
 * A name the ticket does not know is found from the words around it,
 * never alone: a surname of the lexicon (mask-word.c) right after whom
 * it is (邻居, 丈夫, 老板, 名叫), after 姓, before a title (先生, 师傅,
 * 经理) or before what someone says or asks (说, 称, 要求).  The name
 * is the surname and one character, and a third when the lexicon knows
 * both as characters of given names (王小明).  After whom and before a
 * title, what looks like a name is masked whatever it is: a starred
 * ordinary word costs less than a leaked name.  Before 说 and the like,
 * where ordinary words stand more often (来电称, 小区表示), two
 * characters that the lexicon has as a word are a name only when the
 * second is also a given-name character.  A known name is masked
 * wherever it appears, with a space or a middle dot between its
 * characters or not.
 */
#include <string.h>

#include "ticket.h"
#include "mask-int.h"

static const char *const relations[] = {
	"邻居", "丈夫", "老公", "妻子", "老婆", "爱人", "前夫", "前妻",
	"男友", "女友", "男朋友", "女朋友", "儿子", "女儿", "父亲", "母亲",
	"爸爸", "妈妈", "哥哥", "姐姐", "弟弟", "妹妹", "婆婆", "公公",
	"岳父", "岳母", "儿媳", "女婿", "老板", "房东", "租客", "租户",
	"同事", "朋友", "同学", "室友", "业主", "工友", "包工头", "工头",
	"负责人", "联系人", "店主", "店长", "司机", "保安", "楼长",
	"网格员", "员工", "工人", "医生", "护士", "老师", "校长", "律师",
	"中介", "雇主", "对方", "男子", "女子", "当事人", "投诉人",
	"来电人", "名叫", "叫做", "姓名", "名字", "署名", NULL
};

/* Between whom and the name: 邻居叫王平, 老板是刘强, 联系人：李明. */
static const char *const infixes[] = {
	"叫", "是", "：", ":", " ", "\xe3\x80\x80", NULL
};

static const char *const titles[] = {
	"先生", "女士", "小姐", "师傅", "经理", "老师", "阿姨", "大爷",
	"大妈", "大姐", "大哥", "叔叔", "老板", "主任", "科长", "局长",
	"处长", "书记", "所长", "站长", "队长", "村长", "组长", "院长",
	"校长", "医生", "律师", "警官", NULL
};

static const char *const verbs[] = {
	"说", "称", "要求", "表示", "反映", "讲", "告诉", "承诺", "答应",
	"声称", "拒绝", "认为", "回复", "威胁", "殴打", "打了", "打伤",
	"骂", NULL
};

/* Characters that end a name: what follows a name, never part of it. */
static const char stops[] =
    "的了在和与说是把被将也都又就还不没要有会让给对从向跟同及等们称讲这那个人家";

static const char *const adorns[] = { "老", "小", "阿", NULL };

static const char *const accounts[] = {
	"QQ号码", "QQ号", "QQ", "qq", "Qq", "扣扣", "微信号", "微信",
	"WeChat", "wechat", "Wechat", "weixin", "VX", "vx", "Vx", "WX", "wx",
	"V信", "v信", "抖音号", "支付宝账号", "支付宝", NULL
};

static const char *const fillers[] = {
	" ", "\xe3\x80\x80", ":", "：", "号码", "号", "是", "为", "账号",
	"ID", "id", NULL
};

static const char *const units_after[] = {
	"号楼", "号院", "单元", "栋", "幢", "号", "室", "楼", "层", "弄",
	"巷", "户", "座", NULL
};

/* A number after these is a room or a floor: 3栋2单元501. */
static const char *const units_before[] = {
	"号楼", "单元", "栋", "幢", "楼", "座", "号院", NULL
};

/* After these a Chinese numeral alone is a number of an address. */
static const char *const strong_units[] = {
	"号楼", "号院", "单元", "栋", "幢", "室", "弄", NULL
};

/* Dates (3月5号) and ordinals (第3层) are no address. */
static const char *const notbefore[] = { "月", "第", NULL };

static int
ishan(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned int c;

	if (tk_mask_u8len(p) != 3)
		return 0;
	c = (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 | (u[2] & 0x3fu);
	return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff);
}

static int
isstop(const char *p)
{
	size_t k;

	for (k = 0; k + 3 < sizeof(stops); k += 3)
		if (memcmp(p, stops + k, 3) == 0)
			return 1;
	return 0;
}

/* A character that may be part of a name: Han, not a stop. */
static int
namechar(const char *p)
{
	return ishan(p) && !isstop(p);
}

static size_t
surname(const char *p)
{
	if (tk_lex_has(&tk_lex_surname2_t, p))
		return 6;
	return tk_lex_has(&tk_lex_surname1_t, p) ? 3 : 0;
}

/* A space or a middle dot inside a name (王 平, 王·平). */
static size_t
namesep(const char *p)
{
	if (*p == ' ' || *p == '.')
		return 1;
	if (strncmp(p, "\xc2\xb7", 2) == 0)
		return 2;
	return strncmp(p, "\xe3\x80\x80", 3) == 0 ? 3 : 0;
}

/* Two characters the lexicon has as a word are no name, unless the
 * second is a given-name character too. */
static int
wordlike(const char *p)
{
	return tk_lex_has(&tk_lex_words2_t, p) &&
	    !tk_lex_has(&tk_lex_given_t, p + 3);
}

/*
 * Bytes of the name starting at p, 0 if none; strong after whom it is,
 * where even a word of the lexicon is taken for a name.
 */
static size_t
name_at(const char *p, int strong)
{
	size_t s, q, r;

	if ((s = surname(p)) == 0)
		return 0;
	q = s + namesep(p + s);
	/* 张先生: the title's own rule takes the surname alone. */
	if (!namechar(p + q) || tk_mask_word(p + q, titles) > 0 ||
	    (!strong && s == 3 && q == 3 && wordlike(p)))
		return 0;
	r = q + 3 + namesep(p + q + 3);
	if (namechar(p + r) && tk_lex_has(&tk_lex_given1_t, p + q) &&
	    tk_lex_has(&tk_lex_given2_t, p + r) &&
	    !(s == 3 && q == 3 && r == 6 && tk_lex_has(&tk_lex_words3_t, p)))
		return r + 3;
	return q + 3;
}

/*
 * Bytes of a name that may end at text[i], by rule: a compound surname
 * and two characters (欧阳娜娜说), three characters the lexicon knows,
 * a compound surname and one character, two characters, a compound
 * surname alone, three characters of which it knows the second as a
 * given name's (宋雨桐称); before a title a surname alone (王先生),
 * unless it ends a word (公司老板) that does not follow whom it is
 * (房东魏女士); after 老, 小 or 阿 a surname (老王说), unless that is a
 * word (小区).  0 if the rule does not fit.
 */
static size_t
fits(const char *text, size_t i, int rule, int title)
{
	static const size_t len[] = { 12, 9, 9, 6, 6, 9, 3, 3 };
	const char *p;
	int ok;

	if (i < len[rule])
		return 0;
	p = text + i - len[rule];
	switch (rule) {
	case 0:
		ok = surname(p) == 6 && namechar(p + 6) && namechar(p + 9);
		break;
	case 1:
		ok = surname(p) == 3 && name_at(p, 0) == 9;
		break;
	case 2:
		ok = surname(p) == 6 && namechar(p + 6);
		break;
	case 3:
		ok = surname(p) == 3 && name_at(p, 0) >= 6;
		break;
	case 4:
		ok = surname(p) == 6;
		break;
	case 5:
		ok = surname(p) == 3 && tk_lex_has(&tk_lex_given_t, p + 3) &&
		    namechar(p + 6) && !wordlike(p) &&
		    !tk_lex_has(&tk_lex_words2_t, p + 3);
		break;
	case 6:
		ok = title && surname(p) == 3 && (i < 6 ||
		    !tk_lex_has(&tk_lex_words2_t, p - 3) ||
		    tk_mask_word_before(text, i - 3, relations) > 0);
		break;
	default:
		ok = surname(p) == 3 && i >= 6 &&
		    tk_mask_word(p - 3, adorns) == 3 &&
		    !tk_lex_has(&tk_lex_words2_t, p - 3);
	}
	return ok ? len[rule] : 0;
}

/* Bytes of the name ending at text[i], 0 if none; title: one before a
 * title, where a surname alone is a name. */
static size_t
name_before(const char *text, size_t i, int title)
{
	size_t n;
	int rule;

	/* 张先生说: the title before 说 is no name. */
	if (tk_mask_word_before(text, i, titles) > 0 ||
	    tk_mask_word_before(text, i, relations) > 0)
		return 0;
	for (rule = 0; rule <= 7; rule++)
		/* 房东张女士: whom it is comes before the name. */
		if ((n = fits(text, i, rule, title)) > 0 &&
		    tk_mask_word(text + i - n, relations) == 0)
			return n;
	return 0;
}

static int
push_name(const char *text, struct candv *cv, size_t off, size_t len)
{
	/* A surname alone is hidden whole; a longer name keeps it. */
	return tk_mask_push(cv, TK_MASK_NAME, off, len,
	    surname(text + off) == len ? 0 : 1, 0);
}

/* 邻居王平, 丈夫李四, 老板是刘强. */
static int
after_whom(const char *text, size_t i, struct candv *cv)
{
	size_t j, n;

	if ((n = tk_mask_word(text + i, relations)) == 0)
		return 0;
	j = i + n;
	j += tk_mask_word(text + j, infixes);
	if ((n = name_at(text + j, 1)) == 0)
		return 0;
	return push_name(text, cv, j, n);
}

/* 姓王的, 姓欧阳. */
static int
after_xing(const char *text, size_t i, struct candv *cv)
{
	size_t n;

	if (strncmp(text + i, "姓", 3) != 0 || (n = surname(text + i + 3)) == 0)
		return 0;
	return tk_mask_push(cv, TK_MASK_NAME, i + 3, n, 0, 0);
}

/* 王先生, 张师傅, 王平经理; 张三说, 老王称. */
static int
before_word(const char *text, size_t i, struct candv *cv)
{
	size_t n;
	int title;

	if (tk_mask_word(text + i, titles) > 0)
		title = 1;
	else if (tk_mask_word(text + i, verbs) > 0)
		title = 0;
	else
		return 0;
	if ((n = name_before(text, i, title)) == 0)
		return 0;
	return push_name(text, cv, i - n, n);
}

/* 王 平: a space between a surname and a given-name character. */
static int
spaced(const char *text, size_t i, struct candv *cv)
{
	size_t s, q;

	/* Most characters are followed by no space: asked first. */
	if (tk_mask_u8len(text + i) != 3 || (namesep(text + i + 3) == 0 &&
	    (tk_mask_u8len(text + i + 3) != 3 || namesep(text + i + 6) == 0)))
		return 0;
	if ((s = surname(text + i)) == 0 || (q = namesep(text + i + s)) == 0 ||
	    *(text + i + s) == '.' ||
	    !tk_lex_has(&tk_lex_given_t, text + i + s + q))
		return 0;
	return push_name(text, cv, i, s + q + 3);
}

static int
isasciialpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static size_t
idcharlen(const char *p)
{
	char c;

	if (isasciialpha((unsigned char)*p) || *p == '_' || *p == '-')
		return 1;
	return tk_mask_digitlen(p, &c);
}

/* QQ 123456789, 微信号：wx_li2024. */
static int
account(const char *text, size_t i, struct candv *cv)
{
	size_t j, k, n, nc;

	if ((i > 0 && isasciialpha((unsigned char)text[i - 1])) ||
	    (n = tk_mask_word(text + i, accounts)) == 0)
		return 0;
	for (j = i + n, k = 0; k < 4 && (n = tk_mask_word(text + j,
	    fillers)) > 0; k++)
		j += n;
	for (k = j, nc = 0; (n = idcharlen(text + k)) > 0; nc++)
		k += n;
	if (nc < 5)
		return 0;
	return tk_mask_push(cv, TK_MASK_ACCOUNT, j, k - j, 1, 0);
}

/* 中山路88号, 3栋2单元501, 三栋二单元: the numbers of an address. */
static int
address(const char *text, size_t i, struct candv *cv)
{
	size_t j, k, nc, before;
	int ascii;
	char c;

	/* Only where a number starts: its digits are read once. */
	if (tk_mask_digitlen(text + i, &c) == 0 ||
	    (i >= 1 && tk_mask_digitlen(text + i - 1, &c) == 1) ||
	    (i >= 3 && tk_mask_digitlen(text + i - 3, &c) == 3))
		return 0;
	for (j = i, nc = 0, ascii = 0; (k = tk_mask_digitlen(text + j, &c)) >
	    0; nc++, j += k)
		ascii |= k != 3;
	before = tk_mask_word_before(text, i, units_before);
	if (tk_mask_word(text + j, units_after) == 0 && before == 0)
		return 0;
	/* Nor is a line of the metro (5号线). */
	if (tk_mask_word_before(text, i, notbefore) > 0 ||
	    strncmp(text + j, "号线", 6) == 0)
		return 0;
	if (!ascii && nc < 2 && before == 0 &&
	    tk_mask_word(text + j, strong_units) == 0)
		return 0;
	return tk_mask_push(cv, TK_MASK_ADDRESS, i, j - i, 0, 0);
}

int
tk_mask_scan_context(const char *text, struct candv *cv)
{
	size_t i;

	for (i = 0; text[i] != '\0'; i += tk_mask_u8len(text + i))
		if (after_whom(text, i, cv) == -1 ||
		    after_xing(text, i, cv) == -1 ||
		    before_word(text, i, cv) == -1 ||
		    spaced(text, i, cv) == -1 ||
		    account(text, i, cv) == -1 ||
		    address(text, i, cv) == -1)
			return -1;
	return 0;
}

/* Bytes of name at p, a space or a middle dot allowed between its
 * characters; 0 if it is not there. */
static size_t
match_name(const char *p, const char *name)
{
	size_t i = 0, k;

	while (*name != '\0') {
		k = tk_mask_u8len(name);
		if (strncmp(p + i, name, k) != 0)
			return 0;
		i += k;
		name += k;
		if (*name != '\0')
			i += namesep(p + i);
	}
	return i;
}

static size_t
nchars(const char *s)
{
	size_t n;

	for (n = 0; *s != '\0'; n++)
		s += tk_mask_u8len(s);
	return n;
}

int
tk_mask_scan_names(const char *text, const char *const *names,
    struct candv *cv)
{
	const char *p;
	size_t len, first;

	for (; names != NULL && *names != NULL; names++) {
		/* One character would match everywhere. */
		if (nchars(*names) < 2)
			continue;
		first = tk_mask_u8len(*names);
		for (p = text; *p != '\0'; p += tk_mask_u8len(p)) {
			if (strncmp(p, *names, first) != 0 ||
			    (len = match_name(p, *names)) == 0)
				continue;
			if (tk_mask_push(cv, TK_MASK_NAME, (size_t)(p - text),
			    len, 1, 0) == -1)
				return -1;
		}
	}
	return 0;
}

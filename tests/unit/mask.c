/*
 * tests/unit/mask.c -- TAP tests for lib/mask.c.
 *
 * Every case compares the exact output string and checks that it is
 * valid UTF-8 wherever the input was; some also check the report.  The
 * plan is printed last, which TAP allows.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static int ntest;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

static int
u8valid(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	int n, k;

	while (*u != '\0') {
		if (*u < 0x80)
			n = 0;
		else if ((*u & 0xe0) == 0xc0)
			n = 1;
		else if ((*u & 0xf0) == 0xe0)
			n = 2;
		else if ((*u & 0xf8) == 0xf0)
			n = 3;
		else
			return 0;
		for (k = 1; k <= n; k++)
			if ((u[k] & 0xc0) != 0x80)
				return 0;
		u += n + 1;
	}
	return 1;
}

static int
same(const char *got, const char *want)
{
	if (got != NULL && strcmp(got, want) == 0)
		return 1;
	printf("# want: %s\n#  got: %s\n", want, got ? got : "(null)");
	return 0;
}

/* Masks text, compares with want; returns the report for more checks. */
static int
mask(const char *desc, const char *text, const char *const *names,
    const char *want, struct tk_mask_report *r)
{
	char *out;
	int good;

	out = tk_mask_text(text, names, r);
	good = same(out, want) && (!u8valid(text) || u8valid(out));
	ok(good, desc);
	free(out);
	return good;
}

static void
check(const char *desc, const char *text, const char *want)
{
	mask(desc, text, NULL, want, NULL);
}

static void
checknames(const char *desc, const char *text, const char *const *names,
    const char *want)
{
	mask(desc, text, names, want, NULL);
}

/* Also: exactly n hits, all of them of kind. */
static void
checkkind(const char *desc, const char *text, const char *want,
    enum tk_mask_kind kind, size_t n)
{
	struct tk_mask_report r;
	int good;

	good = mask(desc, text, NULL, want, &r);
	if (good && (r.nhits != n || r.counts[kind] != n)) {
		printf("# %zu hits, %zu of kind %s, want %zu\n", r.nhits,
		    r.counts[kind], tk_mask_kind_name(kind), n);
		good = 0;
	}
	ok(good, "  and the report counts it");
	tk_mask_report_free(&r);
}

static void
test_mobile(void)
{
	check("mobile in a sentence", "我的手机13812348000，请回电",
	    "我的手机138****8000，请回电");
	checkkind("several mobiles, all masked",
	    "13812348000、13912348001和15012345678",
	    "138****8000、139****8001和150****5678", TK_MASK_MOBILE, 3);
	check("two mobiles separated by one space",
	    "13812348000 13912348001", "138****8000 139****8001");
	check("mobile written 3-4-4 with spaces", "138 1234 8000",
	    "138 **** 8000");
	check("mobile written 3-4-4 with dashes", "138-1234-8000",
	    "138-****-8000");
	check("full-width mobile, one star per character",
	    "电话１３８１２３４８０００", "电话１３８****８０００");
	check("+86 glued on is kept", "+8613812348000", "+86138****8000");
	check("+86 as its own group", "+86 138 1234 8000",
	    "+86 138 **** 8000");
	check("12 digits are no mobile", "订单138123480001",
	    "订单138123480001");
	check("1[3-9] required", "12812348000", "12812348000");
	check("mobile right before a lone x", "13812348000x",
	    "138****8000x");
	check("mobile right after letters", "TEL:13812348000",
	    "TEL:138****8000");
	check("a date does not glue onto a mobile",
	    "2023-10-12 13812348000", "2023-10-12 138****8000");
	check("short groups around a mobile", "2023 13812348000 88",
	    "2023 138****8000 88");
}

static void
test_bankcard(void)
{
	checkkind("bank card containing 138 is a bank card",
	    "卡号6222138123480001", "卡号6222********0001",
	    TK_MASK_BANKCARD, 1);
	check("bank card in groups of 4, spaces kept",
	    "6222 0212 3456 7890", "6222 **** **** 7890");
	check("bank card in groups of 4, dashes kept",
	    "6222-0212-3456-7890", "6222-****-****-7890");
	check("19-digit bank card 4-4-4-4-3, last four digits kept",
	    "6222 0212 3456 7890 123", "6222 **** **** ***0 123");
	check("19-digit bank card in one run", "6222021234567890123",
	    "6222***********0123");
	checkkind("18 digits without a birth date: bank card",
	    "622202123456789012", "6222**********9012",
	    TK_MASK_BANKCARD, 1);
	check("20 digits: nothing", "62220212345678901234",
	    "62220212345678901234");
}

static void
test_idcard(void)
{
	checkkind("ID card", "身份证号340104199001011234，",
	    "身份证号3401**********1234，", TK_MASK_IDCARD, 1);
	check("ID card ending in X", "34010419900101123X",
	    "3401**********123X");
	check("ID card ending in x", "34010419900101123x。",
	    "3401**********123x。");
	checkkind("ID card split 4-4-4-4-2",
	    "3401 0419 9001 0112 34", "3401 **** **** **12 34",
	    TK_MASK_IDCARD, 1);
	check("ID card split 6-8-4", "340104 19900101 1234",
	    "3401** ******** 1234");
	check("ID card split 6-8-4 ending in X", "340104 19900101 123X",
	    "3401** ******** 123X");
	check("full-width ID card",
	    "３４０１０４１９９００１０１１２３４",
	    "３４０１**********１２３４");
}

static void
test_landline(void)
{
	checkkind("landline with area code and dash", "025-84561234",
	    "025-****1234", TK_MASK_LANDLINE, 1);
	check("landline glued to its area code", "02584561234",
	    "025****1234");
	check("4-digit area code, 7-digit number", "0551-6512345",
	    "0551-***2345");
	check("4-digit area code glued on", "05516512345", "0551***2345");
	check("area code and space", "010 62345678", "010 ****5678");
	check("extension left alone", "025-84561234-801",
	    "025-****1234-801");
	check("bare number after 座机", "座机84561234", "座机****1234");
	check("bare 7 digits after 联系电话：", "联系电话：8456123",
	    "联系电话：***6123");
	check("bare 8 digits without a phone word: left alone",
	    "工单编号84561234", "工单编号84561234");
	check("phone word too far away", "电话一二三四五六七八九十84561234",
	    "电话一二三四五六七八九十84561234");
}

static void
test_email(void)
{
	checkkind("email", "zhangwei@example.com", "z*******@example.com",
	    TK_MASK_EMAIL, 1);
	check("email with dots and plus in a sentence",
	    "邮箱：zhang.wei+12345@mail.nj.gov.cn。",
	    "邮箱：z**************@mail.nj.gov.cn。");
	check("no dot in the domain: no email", "user@localhost",
	    "user@localhost");
	check("a final dot ends the sentence", "写信到li@x.cn.",
	    "写信到l*@x.cn.");
	checkkind("digits before @ make an email, not a mobile",
	    "13812348000@qq.com", "1**********@qq.com", TK_MASK_EMAIL, 1);
	check("empty local part", "@example.com", "@example.com");
	/* Found by fuzz/mask.c: the mobile was read as the domain's. */
	check("a mobile glued to the top-level domain",
	    "a@qq.com13812348000", "a@qq.com138****8000");
	check("a mobile as the last label", "a@b.13812348000",
	    "a@b.138****8000");
}

static void
test_plate(void)
{
	checkkind("plate", "苏A12345", "苏A***45", TK_MASK_PLATE, 1);
	check("new-energy plate in a sentence", "车牌号苏AD12345违停",
	    "车牌号苏A****45违停");
	check("plate with a middle dot", "苏A·12345", "苏A·***45");
	check("4 characters: no plate", "苏A1234", "苏A1234");
	check("7 characters: no plate", "苏A1234567", "苏A1234567");
	check("lower-case letters: a plate", "苏a12345", "苏a***45");
	check("not a province character", "江A12345", "江A12345");
}

static void
test_names(void)
{
	const char *zw[] = { "张伟", NULL };
	const char *wp[] = { "王平", NULL };
	const char *both[] = { "王平", "王平安", NULL };
	const char *one[] = { "王", "", NULL };
	const char *oy[] = { "欧阳娜娜", NULL };

	checknames("name masked at every occurrence",
	    "市民张伟来电，张伟称", zw, "市民张*来电，张*称");
	checknames("name inside a longer word is masked too",
	    "王平安住在和平路", wp, "王*安住在和平路");
	checknames("single-character and empty names are not looked for",
	    "王平来电", one, "王平来电");
	checknames("four-character name", "欧阳娜娜反映", oy, "欧***反映");
	checknames("overlapping names: the longest wins", "王平安", both,
	    "王**");
	check("no names at all", "张伟", "张伟");
}

static void
test_maskname(void)
{
	const char *in[] = { "张伟", "欧阳娜娜", "张", "", "Li Lei" };
	const char *want[] = { "张*", "欧***", "张", "", "L*****" };
	char *out;
	size_t k;
	int good;

	for (good = 1, k = 0; k < sizeof(in) / sizeof(in[0]); k++) {
		out = tk_mask_name(in[k]);
		good &= same(out, want[k]);
		free(out);
	}
	ok(good, "tk_mask_name");
}

static void
test_report(void)
{
	struct tk_mask_report r;
	char *out;
	int good;

	out = tk_mask_text("手机１３８１２３４８０００，邮箱ab@c.cn", NULL, &r);
	good = same(out, "手机１３８****８０００，邮箱a*@c.cn") &&
	    r.nhits == 2 && r.hits[0].kind == TK_MASK_MOBILE &&
	    r.hits[0].offset == 6 && r.hits[0].length == 33 &&
	    r.hits[1].kind == TK_MASK_EMAIL && r.hits[1].offset == 48 &&
	    r.hits[1].length == 7;
	ok(good, "report offsets are bytes of the original text");
	free(out);
	tk_mask_report_free(&r);
	tk_mask_report_free(&r);
	ok(r.hits == NULL && r.nhits == 0, "report_free resets the report");
}

static void
test_mixed(void)
{
	const char *names[] = { "李娜", NULL };
	struct tk_mask_report r;
	char *out;
	int good;

	out = tk_mask_text("李娜(13812348000, li.na@163.com)车辆苏E12345"
	    "被拖，身份证340104199001011234，座机025-84561234", names, &r);
	good = same(out, "李*(138****8000, l****@163.com)车辆苏E***45"
	    "被拖，身份证3401**********1234，座机025-****1234") &&
	    r.nhits == 6 && r.counts[TK_MASK_NAME] == 1 &&
	    r.counts[TK_MASK_MOBILE] == 1 && r.counts[TK_MASK_EMAIL] == 1 &&
	    r.counts[TK_MASK_PLATE] == 1 && r.counts[TK_MASK_IDCARD] == 1 &&
	    r.counts[TK_MASK_LANDLINE] == 1 && r.counts[TK_MASK_BANKCARD] == 0;
	ok(good, "every kind in one text, counted");
	free(out);
	tk_mask_report_free(&r);
}

static void
test_edges(void)
{
	const char *text = "路灯坏了，请尽快修理。Street light broken.";
	struct tk_mask_report r;
	char *out;

	checkkind("empty string", "", "", TK_MASK_MOBILE, 0);
	out = tk_mask_text(text, NULL, NULL);
	ok(out != NULL && out != text && strcmp(out, text) == 0,
	    "no personal data: an unchanged copy");
	free(out);
	check("invalid UTF-8 around a mobile is left alone",
	    "\xff\xfe" "13812348000\xe4", "\xff\xfe" "138****8000\xe4");
	ok(tk_mask_text(NULL, NULL, &r) == NULL && r.nhits == 0,
	    "NULL text: NULL and an empty report");
	ok(strcmp(tk_mask_kind_name(TK_MASK_MOBILE), "mobile") == 0 &&
	    strcmp(tk_mask_kind_name(TK_MASK_LANDLINE), "landline") == 0 &&
	    strcmp(tk_mask_kind_name(TK_MASK_IDCARD), "idcard") == 0 &&
	    strcmp(tk_mask_kind_name(TK_MASK_BANKCARD), "bankcard") == 0 &&
	    strcmp(tk_mask_kind_name(TK_MASK_EMAIL), "email") == 0 &&
	    strcmp(tk_mask_kind_name(TK_MASK_PLATE), "plate") == 0 &&
	    strcmp(tk_mask_kind_name(TK_MASK_NAME), "name") == 0,
	    "kind names");
}

/* Builds n copies of unit; NULL on failure. */
static char *
repeat(const char *unit, size_t n)
{
	size_t len = strlen(unit), k;
	char *s;

	if ((s = malloc(len * n + 1)) == NULL)
		return NULL;
	for (k = 0; k < n; k++)
		memcpy(s + k * len, unit, len);
	s[len * n] = '\0';
	return s;
}

static void
test_long(void)
{
	const char *units[] = { "1 ", "a@", "a.", "\x80", "电话1234 " };
	struct tk_mask_report r;
	char *in, *want, *out;
	size_t k;
	int good;

	in = repeat("电话13812348000，", 100000);
	want = repeat("电话138****8000，", 100000);
	out = in && want ? tk_mask_text(in, NULL, &r) : NULL;
	ok(out != NULL && strcmp(out, want) == 0 && r.nhits == 100000 &&
	    r.counts[TK_MASK_MOBILE] == 100000, "100000 mobiles");
	free(in);
	free(want);
	free(out);
	if (out != NULL)
		tk_mask_report_free(&r);
	for (good = 1, k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
		in = repeat(units[k], 400000);
		out = in ? tk_mask_text(in, NULL, NULL) : NULL;
		good &= out != NULL && strcmp(out, in) == 0;
		free(in);
		free(out);
	}
	ok(good, "long pathological texts, unchanged (and fast)");
}

/* What masking finds without being told: ticket(7), MASKING. */
static void
test_untold(void)
{
	const char *known[] = { "王平", NULL };

	check("mobile with dots", "138.1234.8000", "138.****.8000");
	check("86 glued on", "8613812348000", "86138****8000");
	check("0086 glued on", "008613812348000", "0086138****8000");
	check("mobile in Chinese numerals", "一三八一二三四八零零零",
	    "一三八****八零零零");
	check("mobile split digit by digit", "1 3 8 1 2 3 4 8 0 0 0",
	    "1 3 8 * * * * 8 0 0 0");
	checkkind("15-digit old ID card", "身份证340104900101123",
	    "身份证3401*******1123", TK_MASK_IDCARD, 1);
	check("landline with the area code in brackets", "(025)84561234",
	    "(025)****1234");
	check("e-mail with a full-width at", "li.si＠example.com",
	    "l****＠example.com");
	check("e-mail spelled out", "lisi at qq.com 或 wangwu艾特163.com",
	    "l*** at qq.com 或 w*****艾特163.com");
	check("plate with a space and lower case", "苏a 12345", "苏a ***45");
	check("plate with a dot", "京B.6K789", "京B.***89");
	checkkind("QQ after its keyword", "QQ号：123456789",
	    "QQ号：1********", TK_MASK_ACCOUNT, 1);
	check("WeChat id after its keyword", "微信号：wx_li2024",
	    "微信号：w********");
	checkkind("house number", "中山路88号", "中山路**号",
	    TK_MASK_ADDRESS, 1);
	check("building, unit and room", "3栋2单元501", "*栋*单元***");
	check("in Chinese numerals", "三栋二单元五零一室", "*栋*单元***室");
	check("dates, lines and floors are no address",
	    "3月5号坐5号线到第3层", "3月5号坐5号线到第3层");
	check("after whom it is", "丈夫李四正在打我", "丈夫李*正在打我");
	check("after 邻居, three characters", "邻居王小明", "邻居王**");
	check("after 姓", "姓王的", "姓*的");
	check("before a title", "张先生和欧阳女士", "*先生和**女士");
	check("before what someone says", "宋雨桐称", "宋**称");
	check("ordinary words before 说 stay", "来电称小区物业表示",
	    "来电称小区物业表示");
	check("a word before a title stays", "公司老板", "公司老板");
	check("a name with a space", "我叫王 平", "我叫王**");
	checknames("a known name with a space", "王 平来电，王·平", known,
	    "王**来电，王**");
}

int
main(void)
{
	test_mobile();
	test_bankcard();
	test_idcard();
	test_landline();
	test_email();
	test_plate();
	test_names();
	test_maskname();
	test_report();
	test_mixed();
	test_edges();
	test_long();
	test_untold();
	printf("1..%d\n", ntest);
	return 0;
}

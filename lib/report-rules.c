/*
 * report-rules.c: the city's 考核办法 as settings (ticket.5, report.*),
 * read once per report, and listed with what each means for
 * ticket-report rules.  Every rule the assessment applies is one row of
 * the table below: a rule not listed here is not a rule.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* The rules in the order ticket-report rules prints them. */
static const struct {
	const char	*key;
	const char	*figures;	/* what it changes */
	const char	*means;
} rules[] = {
	{ "report.count_returns", "sign_rate ontime_rate",
	    "yes: an order whose return (退回) was approved stays in the "
	    "denominators of 签收率 and 按时办结率; no: it leaves them" },
	{ "report.reply_contact", "response_rate",
	    "yes: a reply declaring a contact (phone, sms, visit) counts "
	    "as the contact at the reply's time" },
	{ "report.contact_categories", "response_rate",
	    "the categories the contact limit (limit.contact, 响应率) "
	    "applies to; orders of the others leave its denominator" },
	{ "report.count_uncallable", "callback_rate",
	    "yes: tickets no one can call back (anonymous, no phone, "
	    "closed as refused) stay in 回访率's denominator; no: they "
	    "leave it" },
	{ "report.count_unresolved", "resolution_rate",
	    "yes: an answered callback that did not ask whether the problem "
	    "was solved counts as not solved; no: it leaves 解决率's "
	    "denominator" },
	{ "report.score_co", "all",
	    "yes: co-units' (协办) orders count in their figures and score; "
	    "no: they count nowhere" },
	{ "report.scale", "score", "the score's full marks: 100 or 150" },
	{ "report.weight.sign", "score", "the weight of 签收率" },
	{ "report.weight.response", "score", "the weight of 响应率" },
	{ "report.weight.ontime", "score", "the weight of 按时办结率" },
	{ "report.weight.callback", "score", "the weight of 回访率" },
	{ "report.weight.satisfaction", "score", "the weight of 满意率" },
	{ "report.weight.resolution", "score", "the weight of 解决率" },
	{ "report.deduct.yellow", "score deduction",
	    "points taken off the score for each yellow card (黄牌)" },
	{ "report.deduct.red", "score deduction",
	    "points taken off the score for each red card (红牌)" },
	{ "report.deduct.flag", "score deduction",
	    "points taken off the score for each flag (追责)" },
	{ "limit.contact", "response_rate",
	    "working days after signing to contact the caller" },
};
#define NRULES	(sizeof(rules) / sizeof(rules[0]))

const struct tk_report_col tk_assess_cols[] = {
	{ "key", "设置", 26, 0 },
	{ "value", "取值", 14, 0 },
	{ "from", "来源", 8, 0 },
	{ "figures", "影响", 16, 0 },
	{ "means", "含义", 200, 0 },
	{ NULL, NULL, 0, 0 }
};

static int
yes(const char *key)
{
	return strcmp(tk_conf_get(key), "yes") == 0;
}

static unsigned
categories(const char *v)
{
	unsigned bits = 0;
	char word[32];
	size_t n;
	int k;

	for (; *v != '\0'; v += n + (v[n] == ' ')) {
		n = strcspn(v, " ");
		snprintf(word, sizeof(word), "%.*s", (int)n, v);
		if ((k = tk_enum_find(tk_categories, word)) != -1)
			bits |= 1u << k;
	}
	return bits;
}

void
tk_assess_load(struct tk_assess *k)
{
	static const char *const weights[] = { "report.weight.sign",
	    "report.weight.response", "report.weight.ontime",
	    "report.weight.callback", "report.weight.satisfaction",
	    "report.weight.resolution" };
	size_t i;

	memset(k, 0, sizeof(*k));
	k->count_returns = yes("report.count_returns");
	k->reply_contact = yes("report.reply_contact");
	k->contact_cats = categories(tk_conf_get("report.contact_categories"));
	k->count_uncallable = yes("report.count_uncallable");
	k->count_unresolved = yes("report.count_unresolved");
	k->score_co = yes("report.score_co");
	k->scale = (int)tk_conf_long("report.scale");
	for (i = 0; i < sizeof(weights) / sizeof(weights[0]); i++)
		k->weight[i] = tk_conf_long(weights[i]);
	k->deduct_yellow = (double)tk_conf_long("report.deduct.yellow");
	k->deduct_red = (double)tk_conf_long("report.deduct.red");
	k->deduct_flag = (double)tk_conf_long("report.deduct.flag");
}

int
tk_assess_contact(const struct tk_assess *k, const char *category)
{
	int i = category != NULL ? tk_enum_find(tk_categories, category) : -1;

	return i != -1 && (k->contact_cats & (1u << i));
}

/* The rules in force: each setting, its value, where it came from. */
json_t *
tk_assess_rules(void)
{
	static const char *const from[] = { "default", "file", "env",
	    "option" };
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < NRULES; i++)
		tk_jpush(out, json_pack("{s:s, s:s, s:s, s:s, s:s}", "key",
		    rules[i].key, "value", tk_conf_get(rules[i].key), "from",
		    from[tk_conf_from(rules[i].key)], "figures",
		    rules[i].figures, "means", rules[i].means));
	return out;
}

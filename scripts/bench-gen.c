/*
 * bench-gen: realistic intake records for scripts/bench.
 *
 * Writes n JSON lines, the calls a city's 12345 hotline takes, always the
 * same for the same n and seed: unique source ids; receipt times in
 * order, about 17,000 a day (busy by day, quiet at night), so a million
 * records span some two months; every channel and category in plausible
 * shares; Chinese names, addresses and facts, about 600 bytes a record.
 * A fifth of the calls come from a pool of repeat callers, who mostly
 * call about the same topic in the same area, so duplicate linking has
 * work to do.  A few records are urgent and a few out of scope (kept as
 * rejected); none is refused.
 *
 * No text holds a keyword of etc/screening.csv: the phrases below avoid
 * them, and phrases are joined only after a comma or a fixed prefix,
 * which cannot complete one.  Nothing needs JSON escaping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NPOOL	20000		/* repeat callers */
#define START	1735660800L	/* 2025-01-01T00:00:00+08:00 */
#define ZONE	(8 * 3600L)
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* tag: a channel's source id prefix, or how a category's "what" opens. */
struct weighted {
	const char	*word;
	const char	*tag;
	int		 weight;
};

struct topic {
	const char	*name;
	const char	*issue;
	const char	*question;
};

struct rec {
	char	 buf[4096];
	size_t	 len;
	int	 first;		/* no comma before the next key */
};

static const struct weighted channels[] = {
	{ "phone", "CC", 58 }, { "web", "WEB", 10 }, { "app", "APP", 8 },
	{ "wechat", "WX", 11 }, { "email", "EM", 3 }, { "letter", "LT", 2 },
	{ "visit", "VS", 2 }, { "province", "SJ", 5 }, { "leader", "LD", 1 },
};

static const struct weighted categories[] = {
	{ "consultation", "咨询", 38 }, { "help", "求助：", 15 },
	{ "suggestion", "", 9 }, { "complaint", "反映", 30 },
	{ "report", "举报", 8 },
};

static const char *const areas[] = {
	"江北区", "江南区", "滨湖区", "临江高新区", "临江经济开发区",
	"白石县", "青山县",
};

static const struct topic topics[] = {
	{ "城乡建设/物业管理",
	  "小区物业公司长期不清理楼道杂物，地下车库照明损坏数月无人维修",
	  "业主委员会换届选举需要满足哪些条件，物业服务合同到期后如何续聘或更换物业" },
	{ "城乡建设/违章建筑",
	  "小区一楼住户私自扩建院落并搭建彩钢板房，占用公共绿地约三十平方米",
	  "自家宅基地上翻建房屋需要办理哪些审批手续，审批大约需要多长时间" },
	{ "城乡建设/市政设施",
	  "小区门口人行道地砖大面积松动破损，雨天积水严重，老人行走多次滑倒",
	  "小区周边道路井盖松动应当由哪个部门负责维修，如何报修" },
	{ "城市管理/占道经营",
	  "路口每天傍晚有多家流动摊贩占用人行道和非机动车道经营，造成道路拥堵",
	  "个人想在社区便民市场申请摊位，需要提供哪些材料，到哪里办理" },
	{ "城市管理/市容环卫",
	  "街道两侧垃圾桶长期满溢无人清运，路面污水横流，气味难闻",
	  "大件家具和装修垃圾应当如何预约清运，是否收取费用" },
	{ "交通运输/公交线路",
	  "公交车发车间隔过长，高峰期在站台等候半小时以上仍无车辆到站",
	  "新开通的公交线路首末班时间是多少，是否可以使用老年卡免费乘坐" },
	{ "交通运输/出租车",
	  "出租车司机拒绝打表，要求一口价收费，并在途中故意绕路",
	  "乘坐出租车遗失物品后应当如何查找，需要提供哪些乘车信息" },
	{ "交通运输/道路交通",
	  "路口信号灯配时不合理，左转绿灯时间过短，早晚高峰车辆排队很长",
	  "小区门口能否增设人行横道和减速带，需要由谁提出申请" },
	{ "生态环境/噪声污染",
	  "附近建筑工地夜间施工，机械轰鸣声持续到凌晨，周边居民无法休息",
	  "夜间施工需要办理什么许可，居民如何查询工地是否取得许可" },
	{ "生态环境/大气污染",
	  "临街餐馆油烟未经净化直接排放，油烟飘入居民家中，窗户都不敢打开",
	  "餐饮油烟排放有什么标准，居民认为超标时可以向哪个部门申请检测" },
	{ "生态环境/水污染",
	  "河道内有不明污水排入，水面发黑并漂浮大量垃圾，夏季气味刺鼻",
	  "农村生活污水处理设施由谁负责运营维护，出现故障如何报修" },
	{ "市场监管/食品安全",
	  "超市出售过期食品，购买的酸奶已超过保质期仍摆在货架上销售",
	  "开办小型餐饮店需要办理哪些证照，食品经营许可证如何申请" },
	{ "市场监管/消费维权",
	  "健身房收取年卡费用后突然闭店，经营者联系不上，会员无法退费",
	  "网购商品七天无理由退货被商家拒绝，应当如何维权" },
	{ "市场监管/价格投诉",
	  "停车场收费标准未公示，实际收费明显高于周边同类停车场",
	  "商品明码标价有哪些规定，发现价格欺诈如何举证" },
	{ "人力社保/欠薪",
	  "公司拖欠员工三个月工资，多次催要后负责人以资金困难为由推脱",
	  "用人单位拖欠工资，劳动者可以通过哪些途径申请劳动仲裁" },
	{ "人力社保/社保缴纳",
	  "公司未按规定为员工缴纳社会保险，入职一年多仍查询不到缴费记录",
	  "灵活就业人员如何参加职工养老保险，每月缴费基数怎么确定" },
	{ "医疗保障/医保报销",
	  "在定点药店购药时医保卡无法正常结算，药店称系统故障已持续一周",
	  "异地就医如何办理备案，住院费用能否直接结算" },
	{ "卫生健康/医疗服务",
	  "医院门诊挂号排队时间过长，自助机经常故障，现场缺少引导人员",
	  "家庭医生签约服务包含哪些项目，老年人签约是否免费" },
	{ "教育/入学政策",
	  "学区划分调整后孩子被划到较远的学校，上学路程超过五公里",
	  "随迁子女在本市上小学需要准备哪些材料，报名时间是什么时候" },
	{ "教育/校外培训",
	  "培训机构预收大额课时费后停止授课，家长要求退费无人处理",
	  "如何查询校外培训机构是否具备办学许可，收费标准在哪里公示" },
	{ "住房保障/住房公积金",
	  "单位未按时为职工缴存住房公积金，影响职工申请公积金贷款",
	  "租房提取住房公积金需要满足什么条件，每月最多可以提取多少" },
	{ "住房保障/公租房",
	  "公租房小区电梯经常停运，维修申请提交后迟迟无人处理",
	  "申请公共租赁住房需要满足哪些收入和住房条件，轮候时间多长" },
	{ "公安/户籍",
	  "办理户口迁移时被要求重复提交材料，往返多次仍未办结",
	  "新生儿落户需要准备哪些材料，能否在网上办理" },
	{ "民政/养老服务",
	  "社区养老服务中心开放时间缩短，老人日间照料需求无法满足",
	  "高龄津贴如何申领，年满八十周岁的老人需要提供哪些证明" },
	{ "民政/社会救助",
	  "家中生活困难申请最低生活保障，材料提交两个月仍无审核结果",
	  "临时救助的申请条件和救助标准是什么，向哪个部门申请" },
	{ "公用事业/供水",
	  "小区自来水水压不足，高层住户白天经常停水，水质发黄",
	  "自来水户名变更需要哪些材料，能否在线办理" },
	{ "公用事业/供电",
	  "小区频繁停电，每次停电前没有任何通知，影响居民正常生活",
	  "居民家中安装充电桩需要向供电公司提交哪些材料" },
	{ "公用事业/燃气",
	  "燃气公司上门安检后收取额外费用，未出示任何收费依据",
	  "燃气开户和过户如何办理，是否需要预约上门" },
	{ "公用事业/供暖",
	  "入冬以来室内温度一直达不到标准，夜间不足十五度",
	  "新建小区何时能够接入集中供暖，供暖费如何计算" },
	{ "农业农村/土地承包",
	  "村里调整土地承包时未征求村民意见，本户承包地面积被减少",
	  "土地承包经营权流转需要签订什么合同，是否需要到乡镇备案" },
	{ "文化旅游/景区服务",
	  "景区门票价格与公示不符，节假日临时加价且不提供发票",
	  "本市景区对老年人和学生有哪些门票优惠政策" },
	{ "政务服务/办事效率",
	  "政务服务中心窗口工作人员态度冷淡，办理营业执照变更被多次退回",
	  "个体工商户营业执照能否全程网上办理，需要多长时间" },
};

static const char *const impacts[] = {
	"严重影响周边居民的正常生活", "给老人和孩子出行带来很大不便",
	"多次向有关方面反映均未得到解决", "已经持续一个多月，情况越来越严重",
	"周边商户和居民意见很大", "存在较大的安全隐患",
	"造成经济损失约两千元", "附近学校的学生每天上下学都要经过此处",
	"雨季时问题更加突出", "类似情况在周边几个小区也普遍存在",
	"不少居民已经联名写信反映", "社区网格员知情但表示无权处理",
};

static const char *const steps[] = {
	"曾多次拨打物业服务中心电话反映，对方答应处理但一直没有下文",
	"已向社区居委会反映过两次，社区表示已上报街道",
	"上周到相关单位现场反映，工作人员称需要等待上级批复",
	"通过网上平台留言后只收到自动回复，至今没有人联系",
	"与对方当面协商未果，对方态度强硬",
	"拍摄了现场照片和视频作为证据",
	"周边多户居民都遇到同样的问题",
	"此前已于上月来电反映过一次，问题仍未解决",
	"向街道城管中队反映后，对方来现场看过但没有处理结果",
	"查阅了相关规定，认为对方的做法不符合要求",
	"家中有老人需要照顾，不方便多次往返办理",
	"已保留缴费凭证和聊天记录",
};

static const char *const backgrounds[] = {
	"本人在本市工作已满三年，目前在一家民营企业上班，社保一直正常缴纳",
	"家中老人今年七十五岁，行动不便，由子女代为咨询",
	"近期准备办理相关手续，但不清楚具体流程和需要准备的材料",
	"在政府网站上查询到的信息不完整，部门咨询电话一直占线",
	"听邻居说相关政策今年有调整，想确认最新规定和执行时间",
	"本人户籍在外省，去年随子女迁居本市，对本地政策不太了解",
	"孩子今年九月即将入学，需要提前准备，担心错过办理时间",
	"此前到窗口办理时因材料不全被退回一次，想先问清楚再去",
};

static const char *const demands[] = {
	"要求有关部门尽快核实处理并给予答复",
	"希望责令对方限期整改，恢复正常秩序",
	"请求相关部门依法查处，保障居民合法权益",
	"希望尽快安排人员上门维修，并告知维修时间",
	"要求退还已缴纳的全部费用",
	"请求帮助协调解决，并将处理结果告知本人",
	"希望加强日常巡查，避免类似问题再次发生",
	"要求对方赔礼道歉并赔偿损失",
};

static const char *const answers[] = {
	"希望告知办理流程、所需材料和办理地点",
	"请告知具体政策规定和相关部门的咨询电话",
	"希望了解能否在网上或手机上办理",
	"请告知办理时限和收费标准",
	"希望有关部门给予明确答复",
};

static const char *const proposals[] = {
	"建议有关部门统筹规划，尽快完善相关设施",
	"建议加强监管，定期公开处理情况",
	"建议简化办事流程，推行一次办结",
	"建议增加便民服务网点，方便群众就近办理",
	"建议广泛听取居民意见后再作调整",
};

static const char *const roads[] = {
	"长江路", "人民路", "解放路", "和平路", "建设大道", "滨湖路", "观湖路",
	"青山大道", "中山路", "新华街", "文化路", "学府路", "工业大道",
	"望江路", "南湖路", "北岸街", "幸福路", "光明路", "朝阳路", "民主路",
};

static const char *const places[] = {
	"锦绣家园小区", "阳光花园小区", "翠湖名苑", "滨江一号小区",
	"幸福里社区", "农贸市场", "万达广场", "第一人民医院门诊楼",
	"实验小学门口", "公交首末站", "中心菜市场", "在建工地",
	"老旧小区", "商业步行街", "公园东门", "政务服务中心", "工业园区",
	"城中村", "地铁站出口", "沿街商铺",
};

static const char *const parties[] = {
	"小区物业服务公司", "施工单位项目部", "临街餐饮店经营者",
	"某培训机构负责人", "公交公司", "出租车司机（车牌号码不详）",
	"用人单位负责人", "房屋中介公司", "社区居委会", "供水公司营业厅",
	"供电所", "燃气公司", "超市经营者", "健身房经营者", "流动摊贩",
	"楼上住户", "村委会", "景区管理处", "街道办事处", "医院门诊部",
};

static const char *const dayparts[] = {
	"上午", "下午", "晚上", "中午", "傍晚", "早上",
};

static const char *const spans[] = {
	"", "起至今", "前后", "以来",
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "欧阳", "诸葛",
};

static const char *const givens[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚",
	"桂英", "建国", "建华", "志强", "晓燕", "海燕", "雨欣", "浩然", "子涵",
	"德福", "玉珍", "春花", "文华", "振华",
};

static const char *const notes[] = {
	"来电人未说明具体诉求即挂断，回拨无人接听",
	"该事项已由人民法院立案审理，应通过司法途径解决",
	"属于家庭成员之间的个人纠纷，已建议其申请人民调解",
};

static const char *const mobile[] = {
	"138", "139", "137", "136", "135", "150", "151", "152", "158", "159",
	"186", "187", "188", "189", "130", "131",
};

static const char *const pooled[] = { "177", "199", "166", "173" };

static uint64_t state;

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t
rnd(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
pick(size_t n)
{
	return (size_t)(rnd() % n);
}

static const struct weighted *
pick_weighted(const struct weighted *w, size_t n)
{
	int total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		total += w[i].weight;
	r = (int)pick((size_t)total);
	for (i = 0; r >= w[i].weight; i++)
		r -= w[i].weight;
	return &w[i];
}

/* A repeat caller's fixed traits, from their number alone. */
static uint64_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static void
put(struct rec *r, const char *s)
{
	size_t n = strlen(s);

	if (r->len + n >= sizeof(r->buf)) {
		fprintf(stderr, "bench-gen: record too long\n");
		exit(1);
	}
	memcpy(r->buf + r->len, s, n);
	r->len += n;
}

static void
putnum(struct rec *r, const char *fmt, long a, long b, long c)
{
	char num[64];

	snprintf(num, sizeof(num), fmt, a, b, c);
	put(r, num);
}

/* A key and the opening quote of its value, after a comma if need be. */
static void
key(struct rec *r, const char *k)
{
	put(r, r->first ? "\"" : ",\"");
	r->first = 0;
	put(r, k);
	put(r, "\":\"");
}

static void
field(struct rec *r, const char *k, const char *v)
{
	key(r, k);
	put(r, v);
	put(r, "\"");
}

static void
civil(long days, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static void
put_header(struct rec *r, const struct weighted *ch, long i, long t)
{
	long local = t + ZONE, y, m, d, s = local % 86400;

	civil(local / 86400, &y, &m, &d);
	put(r, "{");
	r->first = 1;
	key(r, "source_id");
	put(r, ch->tag);
	putnum(r, "-%04ld%02ld%02ld", y, m, d);
	putnum(r, "-%07ld\"", i + 1, 0, 0);
	key(r, "received_at");
	putnum(r, "%04ld-%02ld-%02ld", y, m, d);
	putnum(r, "T%02ld:%02ld:%02ld+08:00\"", s / 3600, s / 60 % 60, s % 60);
	field(r, "channel", ch->word);
}

/*
 * Unique callers get a number no one else has (an affine map is a
 * bijection mod 10^8); repeat callers share one from a separate range.
 * Returns what fixes the caller's name, area and topic.
 */
static uint64_t
put_caller(struct rec *r, long i, int repeat, int anonymous)
{
	uint64_t k = repeat ? pick(NPOOL) : (uint64_t)i, h = mix(k + repeat);
	const char *const *pfx = repeat ? pooled : mobile;
	size_t npfx = repeat ? NELEM(pooled) : NELEM(mobile);

	put(r, ",\"caller\":{");
	r->first = 1;
	if (!anonymous) {
		key(r, "name");
		put(r, surnames[h % NELEM(surnames)]);
		put(r, givens[h / 64 % NELEM(givens)]);
		put(r, "\"");
	}
	key(r, "phone");
	put(r, pfx[k % npfx]);
	putnum(r, "%08ld\"", (long)((k / npfx * 48271 + 12345) % 100000000),
	    0, 0);
	put(r, anonymous ? ",\"anonymous\":true,\"public\":false}" :
	    h & 0x10000 ? ",\"anonymous\":false,\"public\":true}" :
	    ",\"anonymous\":false,\"public\":false}");
	return h;
}

/* A day up to ten days before the call: "2025年1月3日上午起至今". */
static void
put_when(struct rec *r, long t)
{
	long y, m, d;

	civil((t + ZONE) / 86400 - (long)pick(10), &y, &m, &d);
	key(r, "when");
	putnum(r, "%ld年%ld月%ld日", y, m, d);
	put(r, dayparts[pick(NELEM(dayparts))]);
	put(r, spans[pick(NELEM(spans))]);
	put(r, "\"");
}

static void
put_where(struct rec *r, const char *area)
{
	key(r, "where");
	put(r, area);
	put(r, roads[pick(NELEM(roads))]);
	putnum(r, "%ld号", 1 + (long)pick(300), 0, 0);
	put(r, places[pick(NELEM(places))]);
	put(r, "\"");
}

static void
put_what(struct rec *r, const struct weighted *cat, const struct topic *tp,
    int ask)
{
	key(r, "what");
	put(r, cat->tag);
	if (ask)
		put(r, tp->question);
	else {
		put(r, tp->issue);
		if (pick(2)) {
			put(r, "，");
			put(r, impacts[pick(NELEM(impacts))]);
		}
	}
	put(r, "\"");
}

static void
put_process(struct rec *r, int ask)
{
	key(r, "process");
	if (ask)
		put(r, backgrounds[pick(NELEM(backgrounds))]);
	else {
		put(r, steps[pick(NELEM(steps))]);
		if (pick(4) == 0) {
			put(r, "，");
			put(r, steps[pick(NELEM(steps))]);
		}
	}
	put(r, "\"");
}

/* All six facts for help, complaint and report; fewer for the rest. */
static void
put_facts(struct rec *r, const struct weighted *cat, const struct topic *tp,
    const char *area, long t)
{
	int ask = strcmp(cat->word, "consultation") == 0;
	int strict = !ask && strcmp(cat->word, "suggestion") != 0;

	put(r, ",\"facts\":{");
	r->first = 1;
	if (strict)
		put_when(r, t);
	if (strict || pick(2))
		put_where(r, area);
	if (strict)
		field(r, "who", parties[pick(NELEM(parties))]);
	put_what(r, cat, tp, ask);
	put_process(r, ask);
	field(r, "result", ask ? answers[pick(NELEM(answers))] :
	    strict ? demands[pick(NELEM(demands))] :
	    proposals[pick(NELEM(proposals))]);
	put(r, "}");
}

/* One call in a hundred is out of scope; help is urgent more often. */
static void
put_tail(struct rec *r, const struct weighted *cat)
{
	static const char *const codes[] = { "R1", "R4", "R6" };
	int urgent = strcmp(cat->word, "help") == 0 ? pick(8) == 0 :
	    pick(100) == 0;
	size_t c;

	if (pick(100) == 0) {
		c = pick(NELEM(codes));
		field(r, "reject", codes[c]);
		field(r, "reject_note", notes[c]);
	}
	put(r, urgent ? ",\"urgent\":true}\n" : ",\"urgent\":false}\n");
}

/* A repeat caller calls mostly about their own topic in their own area. */
static void
record(struct rec *r, long i, long t)
{
	const struct weighted *ch, *cat;
	const struct topic *tp;
	const char *area;
	uint64_t h;
	int repeat = pick(5) == 0, own;

	r->len = 0;
	ch = pick_weighted(channels, NELEM(channels));
	put_header(r, ch, i, t);
	h = put_caller(r, i, repeat, pick(25) == 0);
	own = repeat && pick(10) < 6;
	cat = pick_weighted(categories, NELEM(categories));
	tp = &topics[own ? h / 4096 % NELEM(topics) : pick(NELEM(topics))];
	area = areas[own ? h / 1024 % NELEM(areas) : pick(NELEM(areas))];
	field(r, "category", cat->word);
	field(r, "topic", tp->name);
	field(r, "area", area);
	put_facts(r, cat, tp, area, t);
	put_tail(r, cat);
}

/* Seconds to the next call: a few by day, more at night. */
static long
gap(long t)
{
	long hour = (t + ZONE) % 86400 / 3600;

	return hour >= 7 && hour < 22 ? (long)pick(8) : (long)pick(41);
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench-gen [-s seed] n\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static char obuf[1 << 16];
	struct rec r;
	char *end;
	long i, n, t = START;
	int ch;

	state = 12345;
	while ((ch = getopt(argc, argv, "s:")) != -1) {
		if (ch != 's')
			usage();
		state = strtoull(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0')
			usage();
	}
	if (argc - optind != 1)
		usage();
	n = strtol(argv[optind], &end, 10);
	if (*argv[optind] == '\0' || *end != '\0' || n < 0)
		usage();
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	for (i = 0; i < n; i++) {
		t += gap(t);
		record(&r, i, t);
		if (fwrite(r.buf, 1, r.len, stdout) != r.len)
			break;
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("bench-gen: stdout");
		return 1;
	}
	return 0;
}

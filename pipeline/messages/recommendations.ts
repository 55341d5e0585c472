// The words of a recommendation: its title, its action and the explanation of its score, in both
// languages, from the rule code and the arguments mart_recommendations carries (`message_args`:
// names of the subject, no sentences). The one place these texts live, for the dashboard, the
// report and the exports alike (they were sentences built in five SQL models).
import { fixed } from './format.ts';
import type { Lang } from './lang.ts';

/** Names the texts quote (strings), flags that choose a wording, and the score's parts (numbers). */
export type MessageArgs = Readonly<Record<string, string | number | boolean | null | undefined>>;

const text = (args: MessageArgs, key: string): string => {
  const value = args[key];
  return value === null || value === undefined ? '' : String(value);
};
const has = (args: MessageArgs, key: string): boolean => text(args, key) !== '';

/** "在四川的" / " in 四川" when the subject has a region; nothing otherwise. */
const inRegion = (args: MessageArgs, lang: Lang, zhSuffix: string): string =>
  has(args, 'region')
    ? lang === 'zh'
      ? `${text(args, 'region')}${zhSuffix}`
      : ` in ${text(args, 'region')}`
    : '';

/** How a trend rule names its subject: a category in a region, a root cause, everything, a member. */
function trendSubject(args: MessageArgs, lang: Lang): string {
  const member = text(args, 'member');
  const category = text(args, 'category');
  const categoryEn = has(args, 'category_en') ? text(args, 'category_en') : category;
  const cluster = has(args, 'cluster_label') ? text(args, 'cluster_label') : member;
  switch (text(args, 'dimension')) {
    case 'category_region':
      return lang === 'zh'
        ? `${text(args, 'region')}的「${category}」`
        : `${categoryEn} in ${text(args, 'region')}`;
    case 'category':
      return lang === 'zh' ? `「${category}」` : categoryEn;
    case 'cluster':
      return lang === 'zh' ? `根因「${cluster}」` : `root cause "${cluster}"`;
    case 'all':
      return lang === 'zh' ? '全部' : 'all';
    default:
      return member;
  }
}

const kpiNames: Record<string, Record<Lang, string>> = {
  late_resolution: { zh: '按时办结率', en: 'resolution within SLA' },
  redispatch: { zh: '重派率', en: 're-dispatch rate' },
  repeat: { zh: '重复投诉率', en: 'repeat-complaint rate' },
  dissatisfied: { zh: '满意率', en: 'satisfied rate' },
  external: { zh: '外部渠道投诉占比', en: 'share escalated to external channels' },
};

/** A department's focus note ("（重点：「客服中心」）。"), or the sentence's end for the company. */
const focus = (args: MessageArgs, lang: Lang): string =>
  args.is_company
    ? lang === 'zh'
      ? '。'
      : '.'
    : lang === 'zh'
      ? `（重点：「${text(args, 'department')}」）。`
      : ` (focus: "${text(args, 'department')}").`;

type Words = (args: MessageArgs, lang: Lang) => string;

const titles: Record<string, Words> = {
  batch_hotspot: (a, lang) =>
    lang === 'zh'
      ? `批次 ${text(a, 'batch')}（${text(a, 'product')}）质量投诉异常偏高`
      : `Batch ${text(a, 'batch')} (${text(a, 'product')}) has abnormally many quality complaints`,
  product_root_cause: (a, lang) =>
    lang === 'zh'
      ? `产品 ${text(a, 'product')} 的「${text(a, 'cause_label')}」问题集中`
      : `Root cause "${text(a, 'cause_label')}" concentrates on product ${text(a, 'product')}`,
  product_hotspot: (a, lang) =>
    lang === 'zh'
      ? `产品 ${text(a, 'product')}${has(a, 'region') ? `在${text(a, 'region')}` : ''}投诉异常偏高`
      : `Product ${text(a, 'product')} has abnormally many complaints${inRegion(a, lang, '')}`,
  external_escalation: (a, lang) =>
    lang === 'zh'
      ? `外部渠道「${text(a, 'member')}」投诉激增`
      : `Complaints surge on external channel "${text(a, 'member')}"`,
  emerging_root_cause: (a, lang) => {
    const subject = trendSubject(a, lang);
    return lang === 'zh'
      ? `${subject}正在上升`
      : `${subject.charAt(0).toUpperCase()}${subject.slice(1)} is rising`;
  },
  product_surge: (a, lang) =>
    lang === 'zh'
      ? `${text(a, 'member')} 投诉持续上升`
      : `Complaints about ${text(a, 'member')} keep rising`,
  overall_surge: (_a, lang) =>
    lang === 'zh' ? '投诉总量高于基线' : 'Complaint volume above its baseline',
};

/** Every other trend rule: "Rising <subject> complaints". */
const trendTitle: Words = (a, lang) =>
  lang === 'zh' ? `${trendSubject(a, lang)}投诉上升` : `Rising ${trendSubject(a, lang)} complaints`;

/** The KPI breach rules: "「客服中心」满意率低于目标" / "Department "x": satisfied rate below target". */
const kpiTitle: Words = (a, lang) => {
  const kpi = kpiNames[text(a, 'kpi')]?.[lang] ?? text(a, 'kpi');
  const low = Boolean(a.shown_inverted);
  return lang === 'zh'
    ? `${a.is_company ? '' : `「${text(a, 'department')}」`}${kpi}${low ? '低于目标' : '高于上限'}`
    : `${a.is_company ? 'Company-wide ' : `Department "${text(a, 'department')}": `}${kpi}${low ? ' below target' : ' above limit'}`;
};

const KPI_RULES = new Set([
  'sla_breach',
  'redispatch_high',
  'repeat_high',
  'satisfaction_low',
  'external_share_high',
]);

const actions: Record<string, Words> = {
  batch_hotspot: (a, lang) => {
    // Without a volumes file the units sold are unknown: said so, not shown as a number ("?").
    const known = has(a, 'units_at_risk');
    const units = text(a, 'units_at_risk');
    const cause = text(a, 'dominant_cause');
    return lang === 'zh'
      ? `立即盘点并隔离批次 ${text(a, 'batch')} 的剩余库存，` +
          `${known ? `对已售 ${units} 台开展召回评估；` : '对已售产品开展召回评估（未导入产量数据，售出数量未知）；'}` +
          `${cause ? `针对主要问题「${cause}」` : '针对主要投诉原因'}组织 5W1H 根因调查，并复核该批次的来料与工艺记录。`
      : `Inspect and quarantine the remaining stock of batch ${text(a, 'batch')}, assess a recall of the ` +
          `${known ? `${units} units sold` : 'units sold (how many is unknown: no volumes file was loaded)'}, ` +
          `run a 5W1H root-cause investigation on ${cause ? `"${cause}"` : 'its main complaint cause'}, ` +
          `and review the batch's incoming material and process records.`;
  },
  product_root_cause: (a, lang) =>
    lang === 'zh'
      ? `组织研发、质量与售后针对「${text(a, 'cause_label')}」开展 5W1H 根因调查（何时、何地、何批次、何种使用条件），` +
        `制定纠正与预防措施，并跟踪该问题在 ${text(a, 'product')} 投诉中的占比。`
      : `Have engineering, quality and service run a 5W1H root-cause investigation of "${text(a, 'cause_label')}" ` +
        `(when, where, which batches, under which conditions), define corrective and preventive actions, and track ` +
        `its share of ${text(a, 'product')} complaints.`,
  product_hotspot: (a, lang) =>
    lang === 'zh'
      ? `抽检 ${text(a, 'product')}${has(a, 'region') ? `在${text(a, 'region')}的` : '的'}在用产品与库存，核对近期批次与供应链变化，` +
        '按投诉原因安排维修或更换，并在下月复核投诉率。'
      : `Sample-inspect units of ${text(a, 'product')} in the field and in stock${inRegion(a, lang, '')}, check recent ` +
        'batch and supply-chain changes, repair or replace by complaint cause, and recheck the complaint rate next month.',
  external_escalation: (a, lang) =>
    lang === 'zh'
      ? `启动舆情应对：24 小时内逐条回应「${text(a, 'member')}」上的投诉并跟进至结案，` +
        '加强品牌舆情监测，查明集中投诉的共同原因并统一对外口径。'
      : `Start crisis response: answer every complaint on "${text(a, 'member')}" within 24 hours and follow each to ` +
        'closure, step up brand monitoring, find the common cause behind the wave and agree one public statement.',
  delivery_rise: (a, lang) =>
    lang === 'zh'
      ? `与承运商复盘${inRegion(a, lang, '的')}配送线路与时效，核查延误与破损原因，` +
        '必要时调整线路、仓配或更换承运商，并在合同中明确时效考核。'
      : `Review delivery routes and lead times with the carrier${inRegion(a, lang, '')}, investigate delays and ` +
        'damage, re-route, change warehouse or carrier where needed, and put delivery-time penalties in the contract.',
  service_attitude_rise: (a, lang) =>
    lang === 'zh'
      ? `对${inRegion(a, lang, '的')}一线客服与服务人员开展服务规范培训，抽查通话录音与回访记录，对问题人员限期整改。`
      : `Retrain front-line service staff${inRegion(a, lang, '')} on service standards, audit call recordings and ` +
        'follow-up calls, and set deadlines for staff with repeated complaints.',
  price_dispute_rise: (_a, lang) =>
    lang === 'zh'
      ? '公开透明的价格与收费明细，制定并公示价格保护（保价）规则，统一各渠道报价口径，对近期价格争议逐单回访。'
      : 'Publish transparent price and fee breakdowns, set and announce price-protection rules, align quotes ' +
        'across channels, and call back recent price disputes.',
  contract_dispute_rise: (_a, lang) =>
    lang === 'zh'
      ? '复核销售合同与订单条款（交付、退换、赠品与定金），在下单时逐项确认关键条款，对销售人员进行合规培训。'
      : 'Review sales contract and order terms (delivery, returns, gifts, deposits), confirm key terms item by ' +
        'item at order time, and train sales staff on compliance.',
  quality_rise: (a, lang) =>
    lang === 'zh'
      ? `对${inRegion(a, lang, '的')}质量投诉开展批次与产品溯源，隔离可疑库存，并把共性问题反馈给研发与供应商。`
      : `Trace quality complaints${inRegion(a, lang, '')} back to batches and products, quarantine suspect stock, ` +
        'and feed common defects back to engineering and suppliers.',
  repair_rise: (a, lang) =>
    lang === 'zh'
      ? `检查${inRegion(a, lang, '的')}备件库存与维修网点能力，提高一次修复率，对多次维修未修好的用户优先安排换新。`
      : `Check spare-part stock and repair-centre capacity${inRegion(a, lang, '')}, raise the first-time-fix ` +
        'rate, and offer replacement to customers after repeated failed repairs.',
  emerging_root_cause: (a, lang) =>
    lang === 'zh'
      ? `针对新出现的${trendSubject(a, lang)}开展根因分析，在设计、来料或工艺环节制定预防措施，并在问题扩大前更新维修与客服话术。`
      : `Analyse the new ${trendSubject(a, lang)} now, put preventive actions in design, incoming material or ` +
        'process, and update repair and service scripts before it spreads.',
  product_surge: (a, lang) =>
    lang === 'zh'
      ? `对 ${text(a, 'member')} 开展在用产品抽检与批次追溯，确认是否与特定批次、地区或使用条件有关，并制定纠正措施。`
      : `Sample-inspect units of ${text(a, 'member')} in the field and trace batches: check whether the rise is ` +
        'tied to a batch, region or usage condition, and correct it.',
  department_load: (a, lang) =>
    lang === 'zh'
      ? `评估「${text(a, 'member')}」的人力与排班，增派或调配人员处理积压工单，并检查派单规则是否把过多工单集中到该部门。`
      : `Assess staffing and shifts of "${text(a, 'member')}", add or move people to clear the backlog, and ` +
        'check whether routing rules overload this department.',
  sla_breach: (a, lang) =>
    lang === 'zh'
      ? `梳理${a.is_company ? '投诉处理' : `「${text(a, 'department')}」的`}流程与人力排班，设置超时预警与逐级升级，` +
        '逐单清理超期工单，并把按时办结率纳入周度考核。'
      : `Map the ${a.is_company ? 'complaint-handling' : `"${text(a, 'department')}"`} process and staffing, add ` +
        'overdue warnings and escalation steps, clear overdue cases one by one, and review the on-time rate weekly.',
  redispatch_high: (a, lang) =>
    lang === 'zh'
      ? `优化派单规则：按产品与问题类型直接派给责任部门，建立首派准确率考核，减少工单在部门间来回流转${focus(a, lang)}`
      : 'Fix the routing rules: send each complaint straight to the owning department by product and issue ' +
        `type, measure first-dispatch accuracy, and stop cases bouncing between teams${focus(a, lang)}`,
  repeat_high: (a, lang) =>
    lang === 'zh'
      ? `建立结案前闭环回访：确认问题真正解决后再结案；对重复投诉客户指定专人跟进${focus(a, lang)}`
      : 'Close the loop before closing a case: call back to confirm the problem is solved, and give repeat ' +
        `complainants a named case owner${focus(a, lang)}`,
  satisfaction_low: (a, lang) =>
    lang === 'zh'
      ? `分析不满意回访的原因，针对主要原因改进处理方案与补偿标准，对不满意客户二次回访${focus(a, lang)}`
      : 'Analyse why customers are not satisfied, improve solutions and compensation for the main reasons, ' +
        `and call dissatisfied customers back${focus(a, lang)}`,
  external_share_high: (_a, lang) =>
    lang === 'zh'
      ? '畅通官方投诉入口（热线、在线客服）并缩短首次响应时间，减少客户转向外部平台；建立外部渠道投诉的快速响应机制。'
      : 'Make the official channels (hotline, online service) easy to reach and answer faster so customers do ' +
        'not turn to external platforms; set up fast response to external-channel complaints.',
};

/** Every other trend rule: find what drives the rise. */
const trendAction: Words = (a, lang) =>
  lang === 'zh'
    ? `排查${trendSubject(a, lang)}投诉上升的原因：按类别、产品与渠道细分，找出主要驱动因素并指定责任部门跟进。`
    : `Find what drives the rise of ${trendSubject(a, lang)} complaints: break it down by category, product ` +
      'and channel and assign an owner to each driver.';

export function recommendationTitle(rule: string, args: MessageArgs, lang: Lang): string {
  const words = titles[rule] ?? (KPI_RULES.has(rule) ? kpiTitle : trendTitle);
  return words(args, lang);
}

export function recommendationAction(rule: string, args: MessageArgs, lang: Lang): string {
  const words = actions[rule] ?? trendAction;
  return words(args, lang);
}

const parts = ['severity', 'volume', 'growth', 'confidence', 'impact'] as const;
const partNames: Record<Lang, Record<(typeof parts)[number], string>> = {
  zh: {
    severity: '严重度',
    volume: '规模',
    growth: '增幅',
    confidence: '统计置信',
    impact: '客户影响',
  },
  en: {
    severity: 'severity',
    volume: 'volume',
    growth: 'growth',
    confidence: 'confidence',
    impact: 'customer impact',
  },
};

/**
 * The score as its weighted parts: "severity 0.80×30 + … = 84.2". `args` carries each part
 * (`c_<part>`, 0–1), its weight in per cent (`w_<part>`) and the `score`.
 */
export function recommendationExplain(args: MessageArgs, lang: Lang): string {
  const terms = parts.map(
    (p) =>
      `${partNames[lang][p]} ${fixed(Number(args[`c_${p}`]), 2)}×${fixed(Number(args[`w_${p}`]), 0)}`,
  );
  const score = fixed(Number(args.score), 1);
  return `${terms.join(' + ')} = ${score}${lang === 'zh' ? ' 分' : ''}`;
}

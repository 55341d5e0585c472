// Controlled vocabularies for status, channel and satisfaction words. Keys are matched after
// lower-casing and removing white space, so "In progress", "in-progress" and "处理中 " all match.
// Unknown statuses become NULL (and count as unparsed in field_quality); unknown channels are kept
// as written, because channel lists are open-ended (a new platform appears every year).

export const STATUS_CODES = [
  'open',
  'in_progress',
  'resolved',
  'closed',
  'invalid',
  'withdrawn',
] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export const STATUS_VOCAB: Record<StatusCode, string[]> = {
  open: [
    '待处理',
    '未处理',
    '新建',
    '待受理',
    '未受理',
    '待分派',
    '待派单',
    '已登记',
    '挂起',
    'open',
    'new',
    'pending',
    'received',
    'untimelyresponse',
    'notstarted',
    'todo',
  ],
  in_progress: [
    '处理中',
    '跟进中',
    '已受理',
    '已派单',
    '已分派',
    '处理进行中',
    '办理中',
    '待回访',
    '待确认',
    '升级处理',
    '已转派',
    'inprogress',
    'processing',
    'assigned',
    'working',
    'escalated',
    'onhold',
    'awaitingcustomer',
  ],
  resolved: [
    '已解决',
    '已处理',
    '处理完毕',
    '处理完成',
    '已办结',
    '已答复',
    '已回复',
    'resolved',
    'solved',
    'fixed',
    'answered',
  ],
  closed: [
    '已关闭',
    '已结案',
    '已归档',
    '已闭环',
    '关闭',
    '结案',
    '已完成',
    '已回访',
    'closed',
    'done',
    'completed',
    'complete',
    'closedwithexplanation',
    'closedwithmonetaryrelief',
    'closedwithnonmonetaryrelief',
    'closedwithrelief',
    'closedwithoutrelief',
    'archived',
  ],
  invalid: [
    '无效',
    '无效投诉',
    '重复投诉',
    '重复',
    '误报',
    '恶意投诉',
    '非投诉',
    'invalid',
    'duplicate',
    'spam',
    'notacomplaint',
  ],
  withdrawn: [
    '已撤销',
    '撤销',
    '撤诉',
    '已撤诉',
    '客户撤销',
    '取消',
    '已取消',
    'withdrawn',
    'cancelled',
    'canceled',
    'retracted',
  ],
};

export const CHANNEL_VOCAB: Record<string, string[]> = {
  客服热线: [
    '客服热线',
    '热线',
    '400热线',
    '800热线',
    '400',
    '800',
    '电话',
    '客服电话',
    '来电',
    '呼叫中心',
    'hotline',
    'phone',
    'telephone',
    'call',
    'callcenter',
  ],
  在线客服: [
    '在线客服',
    '在线',
    '网页',
    '官网',
    '网站',
    '在线咨询',
    'web',
    'website',
    'webchat',
    'chat',
    'online',
    'livechat',
  ],
  官方APP: [
    '官方app',
    'app',
    '手机app',
    '小程序',
    '微信小程序',
    '微信公众号',
    '公众号',
    'mobileapp',
    'miniprogram',
  ],
  京东: ['京东', 'jd', 'jd.com', '京东商城'],
  天猫: ['天猫', '淘宝', 'tmall', 'taobao'],
  门店: ['门店', '到店', '线下门店', '专卖店', '服务网点', 'store', 'instore', 'walkin', 'retail'],
  邮件: ['邮件', '电子邮件', '邮箱', 'email', 'e-mail', 'mail'],
  '12315': ['12315', '全国12315平台', '市场监管', '市场监督管理局', '消协', '消费者协会', '工商'],
  '12345': ['12345', '市民热线', '政务热线'],
  黑猫投诉: ['黑猫投诉', '黑猫', 'heimao'],
  微博: ['微博', '新浪微博', 'weibo'],
  抖音: ['抖音', 'douyin', 'tiktok'],
  小红书: ['小红书', 'xiaohongshu', 'red'],
  媒体: ['媒体', '记者', '报社', '电视台', '新闻媒体', 'media', 'press', 'news'],
  传真: ['传真', 'fax'],
  信函: ['信函', '来信', '邮寄', 'postalmail', 'letter', 'postal'],
  Referral: ['referral'],
};

/** Satisfaction words → score on the 0–1 scale (a 1–5 rating r maps to r/5). */
export const SATISFACTION_WORDS: Record<string, number> = {
  非常满意: 1,
  很满意: 1,
  十分满意: 1,
  特别满意: 1,
  verysatisfied: 1,
  extremelysatisfied: 1,
  excellent: 1,
  满意: 0.8,
  比较满意: 0.8,
  satisfied: 0.8,
  good: 0.8,
  基本满意: 0.6,
  一般: 0.6,
  还行: 0.6,
  neutral: 0.6,
  somewhatsatisfied: 0.6,
  ok: 0.6,
  average: 0.6,
  不满意: 0.4,
  不太满意: 0.4,
  较不满意: 0.4,
  dissatisfied: 0.4,
  unsatisfied: 0.4,
  poor: 0.4,
  notsatisfied: 0.4,
  非常不满意: 0.2,
  很不满意: 0.2,
  极不满意: 0.2,
  十分不满意: 0.2,
  verydissatisfied: 0.2,
  verypoor: 0.2,
};

/** Vocabulary key normalisation, mirrored in SQL by the cl_key() macro. */
export function vocabKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-]+/gu, '');
}

export interface VocabRow {
  kind: 'status' | 'channel' | 'satisfaction';
  key: string;
  value: string;
}

export function vocabRows(): VocabRow[] {
  const rows: VocabRow[] = [];
  for (const [code, words] of Object.entries(STATUS_VOCAB)) {
    for (const w of words) rows.push({ kind: 'status', key: vocabKey(w), value: code });
  }
  for (const [label, words] of Object.entries(CHANNEL_VOCAB)) {
    for (const w of [label, ...words])
      rows.push({ kind: 'channel', key: vocabKey(w), value: label });
  }
  for (const [w, score] of Object.entries(SATISFACTION_WORDS)) {
    rows.push({ kind: 'satisfaction', key: vocabKey(w), value: String(score) });
  }
  // One value per (kind, key): first definition wins.
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.kind}\u0000${r.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

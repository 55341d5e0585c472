// Stop words for Chinese and English complaint narratives: a reviewed list, not a download.
//
// Review rules (docs/clustering.md, "Stop words"):
// - drop function words (pronouns, particles, prepositions, conjunctions, auxiliaries), degree
//   adverbs (很, 非常, very), time fillers (已经, 现在, yesterday), generic verbs of narration (说, 觉得,
//   said) and the boilerplate of complaint letters (您好, 希望, 谢谢, please, hello);
// - KEEP domain words even when frequent: service (客服, 售后, 师傅, 物流, 快递, 态度, technician,
//   delivery), faults (漏水, 噪音, 不制冷, leak, noise), safety (fire, smoke, 漏电) and money (退款,
//   refund, price) — `DOMAIN_WORDS` below are asserted never to be stop words (tests/unit/cluster);
// - single Chinese characters are NOT dropped as such: 差, 慢, 贵, 烂, 臭, 卡 are complaints on their own;
// - negators (不, 没有, not, never) are not stop words either: the tokeniser glues them to the next
//   word (不制冷, "not cooling"), because "cooling" and "not cooling" are opposite root causes.
// Very frequent words that are neither (买, 产品, product) are left to the max-df cut of the
// vocabulary, which adapts to the corpus.

const ZH = `
的 地 得 了 着 过 吗 呢 吧 啊 呀 哦 哈 嘛 啦 喔 哇 嗯 呗 么 咯 噢 哎 唉 诶 嘿 之 而 与 及 以 其 或 即 则 乃 且
我 我们 你 你们 您 他 他们 她 她们 它 它们 咱 咱们 自己 人家 大家 别人 本人 我家 俺
这 那 这个 那个 这些 那些 这样 那样 这么 那么 这种 那种 这里 那里 这边 那边 此 该 某 某些 各 每 哪 哪个 哪些 哪里 什么 怎么 怎样 怎么样 如何 为什么 为何 啥 多少
是 有 在 和 跟 同 就 都 也 还 又 再 才 只 只是 就是 还是 也是 都是 但 但是 可是 可 却 而且 并且 并 然后 然而 因为 所以 因此 如果 要是 虽然 虽 不过 或者 还有 以及 而是 于是 否则 不然 另外 此外 总之
把 被 给 让 叫 对 向 从 往 由 为 为了 关于 按 按照 通过 根据 比 比如 像 到 于 至 自 当
很 非常 太 特别 十分 比较 挺 真 真的 真是 实在 确实 简直 相当 极 极其 超 超级 蛮 更 最 好 好像 有点 有些 一点 一些 有点儿 稍微 完全 根本 其实 居然 竟然 果然 肯定 一定 绝对 当然 确 总是 总 老是 一直 始终 经常 常常 往往
时 后 已经 已 曾经 曾 刚 刚刚 刚才 马上 立刻 现在 目前 当时 那时 今天 昨天 前天 明天 今年 去年 上次 这次 之前 以前 之后 以后 后来 然后 最后 最近 时候 的时候 一下 一次 两次 几次 一天 几天 天天 每天 到时
说 讲 问 想 觉得 认为 感觉 知道 看 看到 看看 发现 表示 反映 反馈 称 告诉 听说 以为 希望 要求 需要 要 想要 能 能够 会 可以 可能 应该 得到 弄 搞 做 去 来 用 用了 拿 买 买了 购买 下单 收到 拿到 结果 事情 问题 情况 东西 方面 时间 地方 样子 一样 这样子
一 二 三 四 五 六 七 八 九 十 百 千 万 一个 两个 几个 个 些 件 台 次 遍 下 点 种 样 位 家 元 块 号 年 月 日 天 小时 分钟 第
您好 你好 请 请问 谢谢 感谢 麻烦 拜托 客户 顾客 用户 本人 先生 女士 对此 关于此事 特此 投诉 本次 此次 一下子 而已 罢了 等等 等 之类 其他 其它 型号 所有 全部 整个 任何 一切 部分 有的 有人
`;

// Sentiment without content: how bad the customer feels, not what went wrong. Dropped because root
// causes are what complaints have in common, and "太差了 / 非常失望 / terrible" is in every kind of
// complaint (measured: with them, clusters such as "差评 · 失望 · 垃圾" gather complaints of every
// product; docs/clustering.md). Words naming a defect stay (烂 rotten, 难吃, 慢, 贵, broken, late).
const ZH_SENTIMENT = `
差 太差 很差 真差 极差 好差 超差 差劲 差评 好评 中评 评价 不好 不好不好 不太好 不满意 满意 失望 很失望 非常失望 太失望 垃圾 无语 郁闷 生气 气愤 愤怒 恶心
后悔 坑 坑人 坑爹 糟糕 一般 一般般 不错 还行 还可以 不怎么样 不行 惨 伤心 心寒 无奈 崩溃 醉了 呵呵 吐槽 真心 实在太 服了 无法忍受 受不了 气死
`;

const EN_SENTIMENT = `
bad terrible awful horrible worst poor disappointed disappointing disappointment unacceptable ridiculous angry frustrated frustrating upset annoyed
annoying rubbish crap garbage joke nightmare shame shameful disgusting disgraceful pathetic unhappy happy satisfied dissatisfied good great nice fine ok okay
`;

const EN = `
a an the and or but if then else so because as of at by for with from to into onto in on off over under up down out about
above below between through during before after again further once than too very just also only even still yet ever
i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
it its itself they them their theirs themselves this that these those there here what which who whom whose when where why how
am is are was were be been being have has had having do does did doing will would shall should can could may might must
all any both each few more most other some such own same
said say says told tell asked ask get got getting go went gone going come came make made take took give gave keep kept
really quite rather pretty much many lot lots something anything everything nothing someone anyone everyone
one two three four five six seven eight nine ten first second
day days week weeks month months year years time times today yesterday tomorrow ago last next now already since until
hello hi dear please thank thanks regards sir madam customer mr mrs ms
bought buy buying purchased purchase model within later meanwhile however although though whether
`;

/** Words that must never become stop words (asserted by the tests). */
export const DOMAIN_WORDS = [
  '客服',
  '售后',
  '师傅',
  '物流',
  '快递',
  '态度',
  '漏水',
  '噪音',
  '质量',
  '退款',
  '退货',
  '发票',
  '价格',
  '安装',
  '维修',
  '慢',
  '贵',
  '烂',
  '难吃',
  'service',
  'delivery',
  'technician',
  'leak',
  'noise',
  'refund',
  'price',
  'fire',
  'smoke',
  'repair',
  'installation',
  'call',
  'bill',
];

/** Negators: glued to the next content word instead of being dropped. */
export const ZH_NEGATORS = new Set([
  '不',
  '没',
  '没有',
  '未',
  '无法',
  '不能',
  '不会',
  '不再',
  '别',
  '不太',
  '没法',
  '不了',
]);
export const EN_NEGATORS = new Set(['not', 'no', 'never', 'nor', 'without']);

function words(block: string): string[] {
  return block.split(/\s+/u).filter(Boolean);
}

export const ZH_STOPWORDS: ReadonlySet<string> = new Set([...words(ZH), ...words(ZH_SENTIMENT)]);
export const EN_STOPWORDS: ReadonlySet<string> = new Set([...words(EN), ...words(EN_SENTIMENT)]);

/** One stop-word set for both languages, with configured additions and removals. */
export function buildStopWords(
  extra: readonly string[] = [],
  keep: readonly string[] = [],
): Set<string> {
  const set = new Set<string>([...ZH_STOPWORDS, ...EN_STOPWORDS]);
  for (const w of extra) set.add(w.normalize('NFKC').toLowerCase());
  for (const w of [...DOMAIN_WORDS, ...keep]) set.delete(w.normalize('NFKC').toLowerCase());
  for (const w of [...ZH_NEGATORS, ...EN_NEGATORS]) set.delete(w);
  return set;
}

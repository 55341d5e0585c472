// The user dictionary loaded into jieba on top of its default dictionary: product and part names
// and fault phrases that jieba's general-purpose dictionary splits (进水阀 → 进 / 水阀, 不制冷 → 不 / 制冷,
// 打不着火 → 打 / 不 / 着火). Configurable: `clustering.text.userDictionary` adds entries (a word, or
// "word frequency"), e.g. a company's model names; `clustering.text.userDictionaryFile` names a file in
// jieba's format (one "word [frequency] [tag]" a line).
//
// Frequency: jieba picks the segmentation with the highest product of word probabilities, so a user
// word needs a frequency high enough to beat the split; 20000 wins over the split of any three common
// words without forcing merges across real word boundaries (tested on the sample narratives).

export const USER_WORD_FREQUENCY = 20000;

/** Appliances and their parts. */
const PARTS = `
冰箱 洗衣机 空调 热水器 燃气灶 油烟机 抽油烟机 净水器 微波炉 洗碗机 烤箱 电饭煲 电磁炉 吸尘器 扫地机
压缩机 冷凝器 蒸发器 毛细管 冷媒 制冷剂 氟利昂 温控器 温控板 主控板 电脑板 电路板 控制板 显示屏 显示板 遥控器 传感器
门封条 密封条 门封 门体 铰链 接水盘 排水孔 排水管 排水泵 排水口 进水阀 进水管 电磁阀 加热管 加热丝 加热棒 内胆 镁棒 安全阀 漏保
滚筒 内筒 波轮 皮带 电机 门锁 减震器 吊簧 室外机 室内机 外机 内机 出风口 风机 风扇 冷凝管 铜管 连接管
点火针 熄火保护 热电偶 燃烧器 灶头 玻璃面板 油杯 油网 集烟罩 滤网 滤芯 反渗透膜 废水比 出水口 龙头 磁控管 波导片 转盘
喷淋臂 烘干 软水器 插头 插座 电源线 保险丝 线路板
`;

/** Fault and service phrases that must stay one term (and sentiment words, so that they are whole when dropped). */
const PHRASES = `
不制冷 不制热 不加热 不排水 不进水 不脱水 不出水 不出热水 不启动 不通电 不转 不结冰 不工作 打不着火 点不着 开不了机 开不开机
漏水 漏电 漏气 漏油 漏氟 缺氟 加氟 跳闸 异响 异味 结霜 结冰 滴水 积水 渗水 噪音 噪声 震动 晃动 发烫 冒烟 打火花
快递员 快递小哥 送货员 送餐 送餐员 配送员 外卖员 外卖小哥 骑手 安装师傅 维修师傅 偏大 偏小 太小 太大
天猫 京东 淘宝 拼多多 苏宁 国美 抖音 旗舰店 专卖店
无语 差评 好评 中评 不好不好
以旧换新 保价 价保 七天无理由 送货上门 送上楼 上门安装 安装费 辅材费 远程费 上门费 维修费 配网 售后服务 客服热线 打不通
`;

export function defaultUserWords(): string[] {
  return `${PARTS}\n${PHRASES}`.split(/\s+/u).filter(Boolean);
}

/**
 * The dictionary text for jieba.loadDict: one "word frequency" a line. `entries` are the configured
 * additions ("word" or "word frequency"); duplicates keep the last frequency.
 */
export function userDictionaryText(entries: readonly string[] = [], fileText = ''): string {
  const freq = new Map<string, number>();
  const add = (line: string) => {
    const parts = line.normalize('NFKC').trim().toLowerCase().split(/\s+/u);
    const word = parts[0];
    if (!word || word.startsWith('#')) return;
    const f = Number(parts[1]);
    freq.set(word, Number.isFinite(f) && f > 0 ? Math.round(f) : USER_WORD_FREQUENCY);
  };
  for (const w of defaultUserWords()) add(w);
  for (const line of fileText.split(/\r?\n/u)) add(line);
  for (const e of entries) add(e);
  return [...freq].map(([w, f]) => `${w} ${f}`).join('\n') + '\n';
}

/** The set of user words (after normalisation): they are kept even when they contain digits. */
export function userWordSet(text: string): Set<string> {
  const set = new Set<string>();
  for (const line of text.split('\n')) {
    const w = line.split(' ')[0];
    if (w) set.add(w);
  }
  return set;
}

// The two languages every message of the shared catalogue (pipeline/messages) exists in. The
// dashboard's locale `zh-CN` maps to `zh`.
export type Lang = 'zh' | 'en';

// Fake personal data planted in a few narratives so that masking on load can be tested: mobile
// numbers, e-mail addresses and 18-digit resident ID numbers with a valid check digit.

import type { Rng } from './prng.ts';

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];
const NAMES = [
  'zhangwei',
  'wangfang',
  'liuyang',
  'lijing',
  'chenjie',
  'yangli',
  'zhaolei',
  'huangmin',
  'zhoutao',
  'wuxia',
  'xuqiang',
  'sunyan',
  'maqing',
  'zhuhong',
  'hujun',
  'guoping',
];
const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'outlook.com', 'foxmail.com'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

export function fakeMobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + digits(rng, 8);
}

export function fakeEmail(rng: Rng): string {
  const name = rng.pick(NAMES);
  const sep = rng.chance(0.3) ? (rng.chance(0.5) ? '.' : '_') : '';
  return `${name}${sep}${rng.between(1, 9999)}@${rng.pick(MAIL_DOMAINS)}`;
}

/** GB 11643 resident ID: region (6) + birth date (8) + sequence (3) + ISO 7064 MOD 11-2 check character. */
export function fakeIdCard(rng: Rng, provincePrefix: string): string {
  const region =
    provincePrefix +
    String(rng.between(1, 9)).padStart(2, '0') +
    String(rng.between(1, 30)).padStart(2, '0');
  const year = rng.between(1955, 2003);
  const month = rng.between(1, 12);
  const day = rng.between(1, 28);
  const body = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${digits(rng, 3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
  return body + ID_CHECK[sum % 11];
}

// PII at ingest: which headers name personal data, and the text masking non-admins see.
import { describe, expect, it } from 'vitest';
import { piiKindOfHeader } from '../../../pipeline/ingest/pii.ts';
import { hasPii, maskPii } from '../../../pipeline/ingest/piiText.ts';
import { addressCases } from '../../helpers/addressCases.ts';

describe('piiKindOfHeader', () => {
  it.each([
    ['客户姓名', 'name'],
    ['联系人', 'name'],
    ['Customer Name', 'name'],
    ['联系电话', 'phone'],
    ['手机号码', 'phone'],
    ['DEALER_TEL', 'phone'],
    ['收货地址', 'address'],
    ['Street Address', 'address'],
    ['电子邮件', 'email'],
    ['E-mail', 'email'],
    ['身份证号', 'id_card'],
    ['产品型号', undefined],
    ['订单号', undefined],
    ['Product Name', undefined],
    ['ZIP code', undefined],
  ])('%s → %s', (header, kind) => {
    expect(piiKindOfHeader(header)).toBe(kind);
  });
});

describe('maskPii (same rules as cl_mask_pii)', () => {
  it('masks phones, ID numbers and e-mail addresses and keeps everything else', () => {
    expect(maskPii('客户手机13812345678，已回电')).toBe('客户手机138****5678，已回电');
    expect(maskPii('+86 139-1234-5678 或座机 010-62345678')).toBe(
      '139****5678 或座机 010-****5678',
    );
    expect(maskPii('身份证110105199003071234')).toBe('身份证110105********1234');
    expect(maskPii('zhang.san@example.com')).toBe('z***@example.com');
    expect(maskPii('订单号20260305123456，批次B20260115')).toBe(
      '订单号20260305123456，批次B20260115',
    );
    expect(maskPii(null)).toBeNull();
    expect(hasPii('call 13812345678')).toBe(true);
    expect(hasPii('batch B20260115')).toBe(false);
  });
});

describe('maskPii: Chinese street addresses by content', () => {
  it.each(addressCases)('%s → %s', (text, expected) => {
    expect(maskPii(text)).toBe(expected);
  });
});

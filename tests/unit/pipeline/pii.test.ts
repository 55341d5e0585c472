// PII at ingest: which headers name personal data, and the text masking non-admins see.
import { describe, expect, it } from 'vitest';
import { piiKindOfHeader } from '../../../pipeline/ingest/pii.ts';
import { hasPii, maskOfKind, maskPii, maskRawRow } from '../../../pipeline/ingest/piiText.ts';
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

describe('maskRawRow (rejected rows, as stored and as non-admins see them)', () => {
  const headers = ['投诉编号', '问题描述', '客户姓名', '联系电话', '收货地址', '订单号'];

  it('masks a JSON row by key, and by content elsewhere', () => {
    const raw = JSON.stringify({
      投诉编号: 'PC-1',
      问题描述: '请回电13812345678',
      客户姓名: '张三丰',
      收货地址: '北京市海淀区中关村大街1号',
      订单号: '20260305123456',
    });
    expect(JSON.parse(maskRawRow(raw))).toEqual({
      投诉编号: 'PC-1',
      问题描述: '请回电138****5678',
      客户姓名: '张**',
      收货地址: '北京市海淀区***',
      订单号: '20260305123456',
    });
  });

  it('masks a delimited line that splits into the header columns by header', () => {
    const line = 'PC-1,"门封条, 漏气",张三丰,13812345678,北京市海淀区中关村大街1号,20260305123456';
    expect(maskRawRow(line, { headers, delimiter: ',' })).toBe(
      'PC-1,"门封条, 漏气",张**,*******5678,北京市海淀区***,20260305123456',
    );
  });

  it('masks every cell a ragged line may have shifted into a personal-data column', () => {
    // an unquoted comma in the description: one cell too many, so each value may sit one right
    const line = 'PC-2,门封条,漏气,李四,13912345678,上海市浦东新区世纪大道100号,20260305123457';
    const masked = maskRawRow(line, { headers, delimiter: ',' });
    for (const clear of ['李四', '13912345678', '世纪大道']) expect(masked).not.toContain(clear);
    expect(masked.startsWith('PC-2,门封条,')).toBe(true);
  });

  it('masks an unsplittable line and a sheet row by content at least', () => {
    expect(maskRawRow('garbage "13812345678 a@b.cn', { headers, delimiter: ',' })).toBe(
      'garbage "138****5678 a***@b.cn',
    );
    const sheetRow = ['PC-3', '坏了', '王五', 13812345678, '广州市天河区', 20260305123458];
    expect(JSON.parse(maskRawRow(JSON.stringify(sheetRow), { headers }))).toEqual([
      'PC-3',
      '坏了',
      '王*',
      '*******5678',
      '广州市天河区***',
      20260305123458,
    ]);
  });

  it('leaves a row with nothing to mask exactly as read', () => {
    const json = '{"id": "B", "order": 123456789012345678901, "text": "坏了"}';
    expect(maskRawRow(json)).toBe(json);
    const line = 'PC-1,"坏了",,"",x,20260305123456,surplus';
    expect(maskRawRow(line, { headers: ['a', 'b', 'c', 'd', 'e', 'f'], delimiter: ',' })).toBe(
      line,
    );
  });

  it('keeps a privacy.keepRaw column as read where the cell is surely its own', () => {
    const line = 'PC-1,坏了,张三丰,13812345678,北京市海淀区中关村大街1号,20260305123456';
    expect(maskRawRow(line, { headers, delimiter: ',', keepRaw: ['联系电话'] })).toBe(
      'PC-1,坏了,张**,13812345678,北京市海淀区***,20260305123456',
    );
  });

  it('masks single values by kind the way the SQL of pii.ts does', () => {
    expect(maskOfKind('name', '张三丰')).toBe('张**');
    expect(maskOfKind('phone', '010-62345678')).toBe('********5678');
    expect(maskOfKind('email', 'zhang@example.com')).toBe('z***@example.com');
    expect(maskOfKind('address', '广州市天河区体育西路103号')).toBe('广州市天河区***');
  });
});

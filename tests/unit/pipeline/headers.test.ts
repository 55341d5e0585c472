import { describe, expect, it } from 'vitest';
import { mapHeaders, validateMapping } from '../../../pipeline/ingest/headers.ts';

describe('mapHeaders', () => {
  it('recognises Chinese export headers', () => {
    const m = mapHeaders([
      '工单号',
      '受理时间',
      '生产批号',
      '投诉内容',
      '处理状态',
      '满意度（1-5）',
      '来源渠道',
    ]);
    expect(m.fields).toMatchObject({
      complaint_id: [0],
      received_at: [1],
      batch: [2],
      description: [3],
      status: [4],
      satisfaction: [5],
      channel: [6],
    });
    expect(m.extra).toEqual([]);
  });

  it('recognises the CFPB export headers without a mapping', () => {
    const headers = [
      '',
      'Complaint ID',
      'Product',
      'Sub-product',
      'Issue',
      'Sub-issue',
      'State',
      'ZIP code',
      'Date received',
      'Date sent to company',
      'Company response',
      'Timely response?',
      'Consumer disputed?',
    ];
    const m = mapHeaders(headers);
    expect(m.fields.complaint_id).toEqual([1]);
    expect(m.fields.received_at).toEqual([8]);
    expect(m.fields.product).toEqual([2]);
    expect(m.fields.complaint_type).toEqual([4]);
    expect(m.fields.region).toEqual([6]);
    expect(m.fields.status).toEqual([10]);
    expect(m.extra.map((e) => e.key)).toEqual([
      'column_1',
      'Sub-product',
      'Sub-issue',
      'ZIP code',
      'Timely response?',
      'Consumer disputed?',
    ]);
  });

  it('finds a field by containment only when no exact header claimed it', () => {
    const m = mapHeaders(['客户投诉内容描述', '投诉编号', '受理时间']);
    expect(m.fields.description).toEqual([0]);
  });

  it('coalesces two columns feeding one field and keeps the second in extra; duplicate headers get suffixes', () => {
    const m = mapHeaders(['编号', '投诉内容', '问题描述', '备注X', '备注X']);
    expect(m.fields.description).toEqual([1, 2]);
    expect(m.extra.map((e) => e.key)).toEqual(['问题描述', '备注X', '备注X_2']);
  });

  it('lets a user mapping override synonyms and force columns into extra', () => {
    const m = mapHeaders(['Ticket', 'Opened', 'Notes', 'Type'], {
      Opened: 'received_at',
      Notes: 'description',
      Type: null,
    });
    expect(m.fields.received_at).toEqual([1]);
    expect(m.fields.description).toEqual([2]);
    expect(m.fields.complaint_type).toBeUndefined();
    expect(m.extra.map((e) => e.key)).toEqual(['Type']);
  });

  it('validates mapping targets', () => {
    expect(validateMapping({ a: 'received_at', b: null })).toEqual([]);
    expect(validateMapping({ a: 'recieved_at' })[0]).toMatch(/not a canonical field/);
  });
});

// The actions file (--actions, CSV or XLSX): recalls, containment and corrective actions already
// taken on a product's batch or model year, optionally for one component. The hot-spot models
// mark a hot spot covered by an open action (and do not recommend it again) and measure lead
// time against its opening date. Same readers, value parsing and four-way accounting as the
// volumes file; rows are keyed by (product, batch, component, action type, opened date).
import type { Db } from '../db.ts';
import type { ReadOptions } from './read.ts';
import { readSideFile, sideFileResult, type VolumesResult } from './volumes.ts';

const ACTION_SYNONYMS: Record<
  'product' | 'batch' | 'component' | 'action_type' | 'opened_on' | 'closed_on' | 'reference',
  string[]
> = {
  product: ['产品型号', '型号', '产品', '产品名称', '机型', '车型', 'product', 'model', 'sku'],
  batch: [
    '批次',
    '批号',
    '生产批次',
    '批次号',
    '年款',
    '车型年款',
    'batch',
    'batchno',
    'lot',
    'modelyear',
    'year',
  ],
  component: ['部件', '零部件', '问题部件', '故障部件', 'component', 'part', 'system'],
  action_type: ['措施类型', '措施', '行动类型', '类型', 'actiontype', 'action', 'type'],
  opened_on: [
    '开始日期',
    '发起日期',
    '立项日期',
    '开启日期',
    '日期',
    'openedon',
    'opened',
    'opendate',
    'startdate',
    'date',
  ],
  closed_on: ['关闭日期', '结束日期', '完成日期', 'closedon', 'closed', 'closedate', 'enddate'],
  reference: ['编号', '参考编号', '召回编号', '单号', 'reference', 'ref', 'campaign', 'recallno'],
};

export type ActionsResult = VolumesResult;

export async function loadActions(
  db: Db,
  file: string,
  runId: number,
  opts: ReadOptions & { tz: string; dateOrder: 'mdy' | 'dmy' },
): Promise<ActionsResult> {
  const { raw, ref, rawRow } = await readSideFile(
    db,
    file,
    runId,
    'act_raw',
    opts,
    ACTION_SYNONYMS,
  );
  await db.run(
    `create or replace temp table act_staged as
     with parsed as (
       select r.rn, ${ref('product')} as product, ${ref('batch')} as batch, ${ref('component')} as component,
              lower(${ref('action_type')}) as action_type,
              ${ref('opened_on')} as opened_raw, ${ref('closed_on')} as closed_raw,
              cl_ts(${ref('opened_on')}, $order, $tz)::date as opened_on,
              cl_ts(${ref('closed_on')}, $order, $tz)::date as closed_on,
              ${ref('reference')} as reference,
              ${rawRow.expr} as raw_row
       from act_raw r
     ),
     final as (
       select *, case
         when product is null then 'missing_product'
         when batch is null then 'missing_batch'
         when action_type is null then 'missing_action_type'
         when opened_raw is null then 'missing_opened_on'
         when opened_on is null then 'invalid_opened_on'
         when closed_raw is not null and closed_on is null then 'invalid_closed_on'
         when closed_on < opened_on then 'closed_before_opened'
       end as reject_reason
       from parsed
     )
     select * from final`,
    { ...rawRow.params, tz: opts.tz, order: opts.dateOrder },
  );
  await db.run(
    `insert into rejects (run_id, file, row_number, reason, message, raw)
     select $run, $file, rn, reject_reason,
            reject_reason || ': ' || coalesce(opened_raw, '') || coalesce(' / ' || closed_raw, ''), raw_row
     from act_staged where reject_reason is not null`,
    { run: runId, file },
  );
  await db.run(`
    create or replace temp table act_classified as
    with valid as (
      select *, coalesce(component, '') as component_key,
             row_number() over (partition by product, batch, coalesce(component, ''), action_type, opened_on order by rn desc) as from_last
      from act_staged where reject_reason is null
    ),
    final as (
      select v.*, case
        when v.from_last > 1 then 'unchanged'
        when w.product is null then 'new'
        when w.closed_on is not distinct from v.closed_on and w.reference is not distinct from v.reference then 'unchanged'
        else 'updated'
      end as outcome
      from valid v
      left join actions w
        on w.product = v.product and w.batch = v.batch and w.component_key = v.component_key
        and w.action_type = v.action_type and w.opened_on = v.opened_on
    )
    select * from final`);
  await db.run(
    `insert or replace into actions (product, batch, component, component_key, action_type, opened_on, closed_on, reference, source_file)
     select product, batch, component, component_key, action_type, opened_on, closed_on, reference, $file
     from act_classified where outcome in ('new', 'updated')`,
    { file },
  );
  return sideFileResult(db, raw, 'act');
}

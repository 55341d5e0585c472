// Messages of issue 12's sections: the Pipeline page's column mapping and the Root causes page's
// recorded-cause facet; merged into the catalogue by ../messages.ts.
export const en = {
  'pipeline.mapping.title': 'Column mapping',
  'pipeline.mapping.meta':
    'How each file’s columns were read: header synonym, containment, content, or your mapping file',
  'pipeline.mapping.none': 'No column mappings recorded',
  'pipeline.mapping.caption': 'Column mapping of {file}',
  'pipeline.mapping.header': 'Column',
  'pipeline.mapping.field': 'Field',
  'pipeline.mapping.how': 'Decided by',
  'pipeline.mapping.why': 'Evidence',
  'pipeline.mapping.unmapped': 'Unmapped (kept in extra): {columns}',
  'pipeline.mapping.derivation': 'Derived: {rules}',
  'pipeline.mapping.missing': 'Missing: {fields}',
  'pipeline.mapping.method.mapping': 'mapping file',
  'pipeline.mapping.method.synonym': 'synonym',
  'pipeline.mapping.method.contains': 'contains',
  'pipeline.mapping.method.content': 'content',
  'pipeline.mapping.method.derived': 'derived',
  'rootCauses.components.title': 'Recorded causes (component / defect code from the export)',
  'rootCauses.components.meta':
    '{complaints} complaints carry one of {components} components; the hot-spot models use it as the cause',
  'rootCauses.components.component': 'Component',
  'rootCauses.components.complaints': 'Complaints',
  'rootCauses.components.share': 'Share',
  'rootCauses.components.cluster': 'Main text cluster',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'pipeline.mapping.title': '字段映射',
  'pipeline.mapping.meta': '每个文件的列如何识别：表头同义词、包含匹配、内容推断或映射文件',
  'pipeline.mapping.none': '没有字段映射记录',
  'pipeline.mapping.caption': '{file} 的字段映射',
  'pipeline.mapping.header': '列',
  'pipeline.mapping.field': '字段',
  'pipeline.mapping.how': '识别方式',
  'pipeline.mapping.why': '依据',
  'pipeline.mapping.unmapped': '未映射（保留在 extra）：{columns}',
  'pipeline.mapping.derivation': '派生：{rules}',
  'pipeline.mapping.missing': '缺失：{fields}',
  'pipeline.mapping.method.mapping': '映射文件',
  'pipeline.mapping.method.synonym': '同义词',
  'pipeline.mapping.method.contains': '包含匹配',
  'pipeline.mapping.method.content': '内容推断',
  'pipeline.mapping.method.derived': '派生',
  'rootCauses.components.title': '登记原因（导出文件中的部件 / 缺陷代码）',
  'rootCauses.components.meta':
    '{complaints} 条投诉登记了 {components} 种部件之一；热点模型以此作为原因',
  'rootCauses.components.component': '部件',
  'rootCauses.components.complaints': '投诉数',
  'rootCauses.components.share': '占比',
  'rootCauses.components.cluster': '主要文本簇',
};

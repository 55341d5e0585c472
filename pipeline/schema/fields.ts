// The canonical complaint schema: its fields, their kinds and which are required.
// docs/schema.md documents each field; keep the two in step.

export type FieldKind =
  | 'id'
  | 'text'
  | 'timestamp'
  | 'date'
  | 'integer'
  | 'money'
  | 'satisfaction'
  | 'status'
  | 'channel'
  | 'longtext'
  | 'number';

export interface FieldSpec {
  name: CanonicalField;
  kind: FieldKind;
  required: boolean;
  /** Free text that may hold phone numbers, ID numbers or e-mail addresses: masked on load. */
  pii?: boolean;
  /**
   * Added after warehouses existed (issue 12): the field enters a row's hash only when it has a
   * value, so rows loaded before the field existed do not all turn into "updated" versions.
   */
  hashWhenPresent?: boolean;
}

export const CANONICAL_FIELDS = [
  'complaint_id',
  'received_at',
  'channel',
  'customer_id',
  'product',
  'product_category',
  'batch',
  'production_date',
  'region',
  'complaint_type',
  'severity',
  'description',
  'customer_demand',
  'department',
  'dispatch_count',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'status',
  'resolution',
  'compensation',
  'satisfaction',
  'updated_at',
  'brand',
  'series',
  'model_year',
  'component',
  'serial_no',
  'usage',
  'incident_at',
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const FIELD_SPECS: readonly FieldSpec[] = [
  { name: 'complaint_id', kind: 'id', required: true },
  { name: 'received_at', kind: 'timestamp', required: true },
  { name: 'channel', kind: 'channel', required: false },
  { name: 'customer_id', kind: 'id', required: false },
  { name: 'product', kind: 'text', required: false },
  { name: 'product_category', kind: 'text', required: false },
  { name: 'batch', kind: 'id', required: false },
  { name: 'production_date', kind: 'date', required: false },
  { name: 'region', kind: 'text', required: false },
  { name: 'complaint_type', kind: 'text', required: false },
  { name: 'severity', kind: 'text', required: false },
  { name: 'description', kind: 'longtext', required: false, pii: true },
  { name: 'customer_demand', kind: 'longtext', required: false, pii: true },
  { name: 'department', kind: 'text', required: false },
  { name: 'dispatch_count', kind: 'integer', required: false },
  { name: 'first_response_at', kind: 'timestamp', required: false },
  { name: 'resolved_at', kind: 'timestamp', required: false },
  { name: 'closed_at', kind: 'timestamp', required: false },
  { name: 'status', kind: 'status', required: false },
  { name: 'resolution', kind: 'longtext', required: false, pii: true },
  { name: 'compensation', kind: 'money', required: false },
  { name: 'satisfaction', kind: 'satisfaction', required: false },
  { name: 'updated_at', kind: 'timestamp', required: false },
  // The product hierarchy of durable goods (brand › series › variant/product › model year), the
  // structured cause (component / failure mode / defect code), and the unit's identity and use.
  { name: 'brand', kind: 'text', required: false, hashWhenPresent: true },
  { name: 'series', kind: 'text', required: false, hashWhenPresent: true },
  { name: 'model_year', kind: 'integer', required: false, hashWhenPresent: true },
  { name: 'component', kind: 'text', required: false, hashWhenPresent: true },
  { name: 'serial_no', kind: 'id', required: false, hashWhenPresent: true },
  { name: 'usage', kind: 'number', required: false, hashWhenPresent: true },
  { name: 'incident_at', kind: 'timestamp', required: false, hashWhenPresent: true },
];

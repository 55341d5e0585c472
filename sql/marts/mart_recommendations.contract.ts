// The contract of mart_recommendations.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_recommendations',
  key: ['rec_id'],
  columns: {
    rec_id: 'text',
    rank: 'integer',
    priority: 'text',
    rule: 'text',
    subject_kind: 'text',
    subject_key: 'text',
    message_args: 'json',
    owner_department: 'text',
    evidence_json: 'json',
    score: 'number',
    first_raised_on: 'date',
    last_evidence_on: 'date',
    complaints: 'integer',
    drill: 'text',
    as_of_date: 'date',
  },
});

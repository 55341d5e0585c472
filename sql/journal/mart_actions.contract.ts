// The contract of mart_actions.sql (a journal mart: a view created with the base tables): its key
// and its columns' kinds, in column order. Change it together with the SQL; tests/unit/contract
// and tests/integration/mart-contract.test.ts check both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_actions',
  key: ['product', 'batch', 'component_key', 'action_type', 'opened_on'],
  columns: {
    product: 'text',
    batch: 'text',
    /** The component the action addresses; NULL: the whole batch. */
    component: 'text',
    component_key: 'text',
    /** Free text, stored lower case: recall, containment, … */
    action_type: 'text',
    opened_on: 'date',
    /** NULL: still open. */
    closed_on: 'date',
    reference: 'text',
    source_file: 'text',
  },
});

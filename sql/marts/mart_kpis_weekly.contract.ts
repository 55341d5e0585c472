// The contract of mart_kpis_weekly.sql: the monthly KPI mart's key and columns (both select the same
// model, int_kpi_periods, at another grain). tests/integration/mart-contract.test.ts checks it.
import { defineMart } from '../../pipeline/contract/define.ts';
import monthly from './mart_kpis_monthly.contract.ts';

export default defineMart({
  name: 'mart_kpis_weekly',
  key: monthly.key,
  columns: monthly.columns,
});

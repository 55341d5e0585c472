// Program models: build steps written in TypeScript because SQL cannot do them (root-cause
// clustering needs jieba segmentation and k-means). Like dbt's Python models, each declares the
// models it reads and creates its own table; the runner orders it with the SQL models, so a SQL
// model that reads its table (e.g. complaint_clusters) runs after it.
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import type { Layer } from './discover.ts';

export interface ProgramModel {
  /** The table the step (re)creates; SQL models reference it by this name. */
  name: string;
  layer: Layer;
  deps: readonly string[];
  build(db: Db, ctx: { config: Config; log?: (m: string) => void }): Promise<unknown>;
}

/** The project's program models, loaded lazily (jieba's dictionary takes a moment to load). */
export async function defaultProgramModels(): Promise<ProgramModel[]> {
  const { clusterModel } = await import('../cluster/model.ts');
  return [{ ...clusterModel, layer: 'intermediate' }];
}

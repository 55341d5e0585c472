// What a clustering run is given and what it reports (model.ts runs it; fullBuild.ts and assignNew.ts
// are its two paths).
import type { Config } from '../config.ts';
import type { ClusterOptions } from './options.ts';

export interface ClusterContext {
  config: Config;
  log?: (m: string) => void;
  /** Settings on top of config.clustering (tests, bench, eval). */
  options?: Partial<ClusterOptions>;
  /** Relation holding complaint_id, description and (optionally) category, is_valid. */
  source?: string;
}

export type RunMode = 'cold' | 'warm' | 'assign';

export interface ClusterRunSummary {
  buildId: number;
  mode: RunMode;
  reason: string;
  docs: number;
  newDocs: number;
  fitDocs: number;
  vocabulary: number;
  clusters: number;
  outlierShare: number;
  meanSimilarity: number;
  newOutlierShare: number | null;
  newMeanSimilarity: number | null;
  keptIds: number;
  newIds: number;
  retiredIds: number;
  milliseconds: number;
  timings: Record<string, number>;
  /** Set when a nightly assignment found drift and rebuilt in the same run. */
  assignedFirst?: ClusterRunSummary;
}

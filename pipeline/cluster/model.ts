// Root-cause clustering as a model step of the build (`clusterModel`, registered by the model runner
// after int_complaints_enriched; SQL marts reading complaint_clusters run after it).
//
// Each run is one of:
//   cold   — first build, or `clustering.rebuild = "cold"`: text prep for all complaints, bisecting
//            k-means from scratch on the fit sample, assignment of every complaint;
//   warm   — full rebuild started from the previous centroids (on demand with rebuild = "always",
//            or automatically: drift, growth, age, changed tokeniser settings);
//   assign — the nightly default: only new/changed complaints are tokenised and assigned to the
//            existing clusters; then drift is measured and, past the threshold, a warm rebuild runs.
// After a cold or warm fit, clusters are matched to the previous ones by centroid cosine and keep
// their ids and labels (match.ts). docs/clustering.md explains every choice with measurements.
//
// The paths live beside it: fullBuild.ts (cold, warm), assignNew.ts (assign), labelRefresh.ts
// (cluster_labels), buildRecord.ts (cluster_builds), runTypes.ts (the run's context and summary).
import { readFile } from 'node:fs/promises';
import type { Db } from '../db.ts';
import type { Config } from '../config.ts';
import { Tokenizer } from '../text/tokenize.ts';
import { resolveClusterOptions, type ClusterOptions } from './options.ts';
import { ensureClusterTables } from './store.ts';
import { loadPrevious, sourceQueries } from './source.ts';
import { assignNew } from './assignNew.ts';
import { fullBuild } from './fullBuild.ts';
import type { ClusterContext, ClusterRunSummary, RunMode } from './runTypes.ts';

export type { ClusterContext, ClusterRunSummary, RunMode } from './runTypes.ts';

export const clusterModel = {
  name: 'complaint_clusters',
  deps: ['int_complaints_enriched', 'stg_complaints'],
  async build(
    db: Db,
    ctx: { config: Config; log?: (m: string) => void },
  ): Promise<{ rows: number }> {
    await runClustering(db, ctx);
    return { rows: Number(await db.scalar('select count(*) from complaint_clusters')) };
  },
};

async function makeTokenizer(opts: ClusterOptions): Promise<Tokenizer> {
  const fileText = opts.text.userDictionaryFile
    ? await readFile(opts.text.userDictionaryFile, 'utf8')
    : '';
  return new Tokenizer({
    userDictionary: opts.text.userDictionary,
    userDictionaryFileText: fileText,
    stopWords: opts.text.stopWords,
    keepWords: opts.text.keepWords,
  });
}

function ageDays(builtAt: string, now: Date): number {
  const t = Date.parse(builtAt.replace(' ', 'T'));
  return Number.isFinite(t) ? (now.getTime() - t) / 86400000 : 0;
}

/** Runs the clustering step (see the header for the modes). */
export async function runClustering(db: Db, ctx: ClusterContext): Promise<ClusterRunSummary> {
  const started = performance.now();
  const log = ctx.log ?? (() => {});
  await ensureClusterTables(db);
  const opts = resolveClusterOptions(ctx.config, ctx.options);
  const tokenizer = await makeTokenizer(opts);
  const source = await sourceQueries(db, ctx.source ?? 'int_complaints_enriched');
  const prev = await loadPrevious(db);
  const buildId = Number(
    await db.scalar('select coalesce(max(build_id), 0) + 1 from cluster_builds'),
  );

  let mode: RunMode = 'assign';
  let reason = 'nightly assignment';
  if (!prev) [mode, reason] = ['cold', 'no previous clusters'];
  else if (opts.rebuild === 'cold') [mode, reason] = ['cold', 'rebuild requested (cold)'];
  else if (opts.rebuild === 'always') [mode, reason] = ['warm', 'rebuild requested'];
  else if (opts.rebuild !== 'never') {
    const storeSig = await db.scalar<string>('select min(signature) from text_docs');
    const storeDocs = Number(await db.scalar('select count(*) from text_docs'));
    const docsNow = Number(await db.scalar(`select count(*) from (${source.text})`));
    if (storeDocs === 0) {
      [mode, reason] = ['warm', 'text store empty (new layout or first run of this version)'];
    } else if (
      prev.signature !== tokenizer.signature ||
      (storeSig !== null && storeSig !== undefined && storeSig !== tokenizer.signature)
    ) {
      [mode, reason] = ['warm', 'text settings changed'];
    } else if (ageDays(prev.builtAt, new Date()) > opts.drift.maxAgeDays) {
      [mode, reason] = ['warm', `last fit older than ${opts.drift.maxAgeDays} days`];
    } else if (
      prev.docsAtFit > 0 &&
      (docsNow - prev.docsAtFit) / prev.docsAtFit > opts.drift.maxGrowth
    ) {
      [mode, reason] = [
        'warm',
        `complaints grew by more than ${Math.round(opts.drift.maxGrowth * 100)}% since the last fit`,
      ];
    }
  }

  if (mode === 'assign') {
    const assigned = await assignNew(db, ctx, opts, tokenizer, source, prev!, buildId, started);
    const drifted =
      opts.rebuild !== 'never' &&
      assigned.newDocs >= opts.drift.minNewDocs &&
      ((assigned.newOutlierShare !== null &&
        assigned.newOutlierShare - prev!.outlierShare > opts.drift.maxOutlierIncrease) ||
        (assigned.newMeanSimilarity !== null &&
          assigned.newMeanSimilarity < prev!.meanSimilarity * opts.drift.minSimilarityRatio));
    if (!drifted) return assigned;
    log(
      `clustering: drift (new unassigned ${((assigned.newOutlierShare ?? 0) * 100).toFixed(1)}% vs ${(prev!.outlierShare * 100).toFixed(1)}% at the fit, ` +
        `similarity ${assigned.newMeanSimilarity?.toFixed(3) ?? '–'} vs ${prev!.meanSimilarity.toFixed(3)}): warm rebuild`,
    );
    const rebuilt = await fullBuild(
      db,
      ctx,
      opts,
      tokenizer,
      source,
      await loadPrevious(db),
      buildId + 1,
      'warm',
      'drift past threshold',
      performance.now(),
    );
    return { ...rebuilt, assignedFirst: assigned };
  }
  return fullBuild(db, ctx, opts, tokenizer, source, prev, buildId, mode, reason, started);
}

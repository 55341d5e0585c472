// Clustering settings: defaults, and the optional `clustering` section of the configuration file
// (deep-merged over the defaults; see docs/clustering.md, "Settings"). Every default was chosen with
// a measurement recorded in docs/clustering.md.
import { DEFAULT_PHRASES, type PhraseOptions } from '../text/phrases.ts';
import { DEFAULT_CHILD_COSINE, type ChildCosineRule } from './splitRule.ts';

export type RebuildSetting = 'auto' | 'always' | 'cold' | 'never';

export interface ClusterOptions {
  /** Seed of every random choice (sampling, k-means++); same input + seed → same clusters. */
  seed: number;
  text: {
    userDictionary: string[];
    /** A jieba-format user dictionary file (one "word [freq]" a line), or null. */
    userDictionaryFile: string | null;
    stopWords: string[];
    keepWords: string[];
  };
  phrases: PhraseOptions;
  vocabulary: {
    /** A word must occur in at least this many complaints… */
    minDf: number;
    /**
     * …and in at most this share of them. Words in a large share of complaints say how complaints
     * are written, not what went wrong: NHTSA's template ("the contact stated … failure mileage",
     * "manufacturer", "dealer") sorted the en vehicle narratives by writer, not by component. 0.3
     * instead of 0.5, through the CLI: en vehicle NMI vs Component 0.505 → 0.541, vs
     * Component|Failure 0.493 → 0.549, cold-build ARI 0.881 → 0.892; the other sets have no word
     * above 30 % and are unchanged; 0.2 gave 0.556 / 0.569 but ARI 0.62 (docs/clustering.md).
     */
    maxDfShare: number;
    /** Cap on the vocabulary (most frequent first): bounds memory and time at any volume. */
    maxTerms: number;
  };
  /** Complaints used to fit the clusters (hash sample of complaint_id); the rest are assigned. */
  fitSample: number;
  /** The smallest root cause worth a cluster, as a share of the fitted complaints… */
  minClusterShare: number;
  /** …and as a count (the larger of the two applies). */
  minClusterSize: number;
  maxClusters: number;
  /**
   * A cluster above this share of the fitted complaints is split even when its halves look alike
   * (bisect.ts): one cluster for most complaints says nothing (the NHTSA narratives: 1 cluster).
   */
  maxClusterShare: number;
  /**
   * A split whose halves' centroids are at least this similar is refused (same topic twice). null
   * (default): from the complaints' length by `childCosine` (splitRule.ts) — 0.40 for short reviews,
   * ≈ 0.55 for 25-term narratives. A number fixes it (0.5 was the fixed default before; measured
   * through the CLI, docs/clustering.md "The NMI target, third pass").
   */
  maxChildCosine: number | null;
  /** The length rule used when maxChildCosine is null (splitRule.ts). */
  childCosine: ChildCosineRule;
  /**
   * Random 2-means trials per split, next to the principal-direction split (the candidate whose
   * halves differ most is kept). 0 = principal direction only: it is a property of the data, not
   * of a seed, so two builds on nearly the same complaints split the same way (measured on the real
   * sets, independent cold builds on 95 % vs 100 %: ARI 0.68 → 0.73 zh shopping, 0.74 → 0.79 en
   * vehicle, NMI unchanged or better; docs/clustering.md).
   */
  trials: number;
  /**
   * Lloyd iterations polishing the final clusters. 0 by default: each iteration moves the complaints
   * on a boundary, and which way they go differs between two builds on nearly the same data
   * (independent cold builds on 95 % vs 100 % through the CLI: ARI 0.79 → 0.86 on zh shopping with
   * 0 instead of 5, NMI 0.48 → 0.50; en vehicle NMI 0.525 → 0.505; docs/clustering.md).
   */
  refineIterations: number;
  /**
   * Lloyd iterations of a warm rebuild, before and after new splits. Few on purpose: each iteration
   * moves the complaints near a boundary, and a rebuild should move clusters only as far as the
   * new data requires (measured: 5 iterations → ARI 0.875 with the previous build, 1 → see docs).
   */
  warmIterations: number;
  /**
   * Latent semantic analysis for the split decisions (lsa.ts, fit.ts): `dims` > 0 grows the split
   * tree on the complaints' normalised LSA coordinates (randomised SVD of the fit sample) and
   * accepts a split when the halves' centroid cosine is below `maxChildCosine`. Off by default:
   * through the CLI at 150 dimensions NMI went zh shopping 0.499 → 0.432, en vehicle 0.505 → 0.497,
   * sample zh 0.906 → 0.895, sample en 0.867 → 0.883, and the shopping clustering step took 39 s
   * instead of 5 s (dense rows); docs/clustering.md.
   */
  lsa: { dims: number; maxChildCosine: number };
  /**
   * Consensus of split trees (consensus.ts, cold builds): `runs` more trees, each on the fitted
   * complaints whose hash (complaint id, run) is below `share`, vote on each complaint's cluster;
   * `iterations` k-means steps on the votes, k unchanged. 0 runs = one tree, as before. Measured
   * through the CLI with the term weights below (docs/clustering.md, fifth pass): en vehicle NMI vs
   * Component / Component|Failure 0.564 / 0.586 → 0.575 / 0.597 at the same k 47 (the weights alone:
   * 0.567 / 0.587, development harness). Cost: about runs × share × one tree's fit time (1M
   * complaints: fit 2.1 → 8.0 s CPU).
   */
  consensus: { runs: number; share: number; iterations: number };
  /**
   * Term weights used for the centroids and the assignment (termWeights.ts): `cluster` multiplies
   * each word's idf by floor + 1 − (entropy of its spread over the fitted clusters) / ln k, so
   * that words every cluster uses weigh little and words of one or two clusters weigh more;
   * `idf`: idf alone (before issue 15's fifth pass). Stored in cluster_vocab.weight, so nightly
   * assignment uses the same vectors. Measured through the CLI with the consensus above: zh shopping
   * NMI 0.546 → 0.567 at the same k 13 (unassigned 4.5 → 7.5 %).
   */
  termWeights: { mode: 'cluster' | 'idf'; floor: number };
  /** Weight of the taxonomy category dimension next to the (unit) text vector; 0 = text only. */
  categoryWeight: number;
  /**
   * A complaint whose text is less similar than this (cosine) to its nearest cluster is unassigned.
   * 0.03 (was 0.05): with the length rule short-review exports get fewer, broader clusters whose
   * centroids spread their weight over more words, so a complaint's cosine to its own cluster is
   * lower; through the CLI 0.05 left 8.7 % of the zh shopping and 9.4 % of the delivery reviews
   * unassigned, 0.03 leaves 4.5 % / 4.9 % (shopping NMI 0.540 → 0.546; long narratives: 0.0 % either
   * way); with the fifth pass's term weights 7.5 % / 6.0 % (generic words weigh less, so a complaint
   * made only of them is less similar to every centroid). A complaint with no vocabulary word is
   * unassigned whatever the value.
   */
  minSimilarity: number;
  /** A new cluster whose centroid is at least this similar to a previous one takes its id and label. */
  matchThreshold: number;
  /** Complaints (hash sample) from which top terms and representative complaints are computed. */
  labelSample: number;
  /**
   * A nightly run recomputes top terms, representatives and categories once the complaints assigned
   * since the last time reach this share of all (sizes are updated every night).
   */
  describeRefreshShare: number;
  /** Non-zero terms kept per stored centroid. */
  centroidTerms: number;
  /** auto: assign nightly, rebuild when needed; always: rebuild (warm); cold: rebuild from scratch; never: only assign. */
  rebuild: RebuildSetting;
  drift: {
    /** Rebuild when the unassigned share among newly assigned complaints exceeds the fit's by this much… */
    maxOutlierIncrease: number;
    /** …or their mean similarity falls below this share of the fit's… */
    minSimilarityRatio: number;
    /** …(both judged only from at least this many new complaints)… */
    minNewDocs: number;
    /** …or the complaints grew by this share since the last fit, or the fit is older than maxAgeDays. */
    maxGrowth: number;
    maxAgeDays: number;
  };
}

export function defaultClusterOptions(): ClusterOptions {
  return {
    seed: 20260101,
    text: { userDictionary: [], userDictionaryFile: null, stopWords: [], keepWords: [] },
    phrases: { ...DEFAULT_PHRASES },
    vocabulary: { minDf: 3, maxDfShare: 0.3, maxTerms: 30000 },
    fitSample: 60000,
    minClusterShare: 0.01,
    minClusterSize: 10,
    maxClusters: 150,
    maxClusterShare: 0.5,
    maxChildCosine: null,
    childCosine: { ...DEFAULT_CHILD_COSINE },
    trials: 0,
    refineIterations: 0,
    warmIterations: 1,
    lsa: { dims: 0, maxChildCosine: 0.6 },
    consensus: { runs: 8, share: 0.5, iterations: 1 },
    termWeights: { mode: 'cluster', floor: 0.1 },
    categoryWeight: 0,
    minSimilarity: 0.03,
    matchThreshold: 0.5,
    centroidTerms: 1000,
    labelSample: 100000,
    describeRefreshShare: 0.05,
    rebuild: 'auto',
    drift: {
      maxOutlierIncrease: 0.05,
      minSimilarityRatio: 0.85,
      minNewDocs: 200,
      maxGrowth: 0.5,
      maxAgeDays: 35,
    },
  };
}

type Obj = Record<string, unknown>;

function merge(base: Obj, user: Obj, path: string, issues: string[]): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(user)) {
    if (k.startsWith('$')) continue;
    const p = path ? `${path}.${k}` : k;
    if (!(k in base)) {
      issues.push(`clustering.${p}: unknown key (known: ${Object.keys(base).join(', ')})`);
      continue;
    }
    const cur = base[k];
    if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
      if (v === null || typeof v !== 'object' || Array.isArray(v))
        issues.push(`clustering.${p}: expected an object`);
      else out[k] = merge(cur as Obj, v as Obj, p, issues);
    } else if (
      cur !== null &&
      typeof cur !== typeof v &&
      !(k === 'userDictionaryFile' && (v === null || typeof v === 'string'))
    ) {
      issues.push(
        `clustering.${p}: expected ${Array.isArray(cur) ? 'an array' : typeof cur}, got ${JSON.stringify(v)}`,
      );
    } else out[k] = v;
  }
  return out;
}

/**
 * Options from a configuration object: its `clustering` key (if any) merged over the defaults.
 * The Config type does not declare the key yet; it is read defensively.
 */
export function resolveClusterOptions(
  config: unknown,
  overrides: Partial<ClusterOptions> = {},
): ClusterOptions {
  const issues: string[] = [];
  const user = (config as { clustering?: unknown } | null)?.clustering;
  let merged = defaultClusterOptions() as unknown as Obj;
  if (user !== undefined && user !== null) {
    if (typeof user !== 'object' || Array.isArray(user))
      issues.push('clustering: expected an object');
    else merged = merge(merged, user as Obj, '', issues);
  }
  merged = merge(merged, overrides as Obj, '', issues);
  const o = merged as unknown as ClusterOptions;
  const check = (ok: boolean, msg: string) => {
    if (!ok) issues.push(`clustering.${msg}`);
  };
  check(Number.isInteger(o.seed), 'seed: expected an integer');
  check(o.fitSample >= 100, 'fitSample: at least 100');
  check(o.minClusterShare >= 0 && o.minClusterShare < 0.5, 'minClusterShare: between 0 and 0.5');
  check(o.minClusterSize >= 2, 'minClusterSize: at least 2');
  check(o.maxClusters >= 1, 'maxClusters: at least 1');
  check(o.maxClusterShare > 0 && o.maxClusterShare <= 1, 'maxClusterShare: in (0, 1]');
  check(
    o.maxChildCosine === null || (o.maxChildCosine > 0 && o.maxChildCosine <= 1),
    "maxChildCosine: null (from the complaints' length) or in (0, 1]",
  );
  check(
    o.childCosine.base > 0 &&
      o.childCosine.max >= o.childCosine.base &&
      o.childCosine.max <= 1 &&
      o.childCosine.referenceTerms > 0 &&
      o.childCosine.perLogTerms >= 0,
    'childCosine: 0 < base ≤ max ≤ 1, referenceTerms > 0, perLogTerms ≥ 0',
  );
  check(Number.isInteger(o.trials) && o.trials >= 0, 'trials: a whole number ≥ 0');
  check(
    Number.isInteger(o.lsa.dims) && o.lsa.dims >= 0 && o.lsa.dims <= 500,
    'lsa.dims: a whole number from 0 (off) to 500',
  );
  check(o.lsa.maxChildCosine > 0 && o.lsa.maxChildCosine <= 1, 'lsa.maxChildCosine: in (0, 1]');
  check(
    Number.isInteger(o.consensus.runs) &&
      o.consensus.runs >= 0 &&
      o.consensus.runs <= 50 &&
      o.consensus.share > 0 &&
      o.consensus.share <= 1 &&
      Number.isInteger(o.consensus.iterations) &&
      o.consensus.iterations >= 0,
    'consensus: runs a whole number from 0 (off) to 50, share in (0, 1], iterations a whole number ≥ 0',
  );
  check(
    ['cluster', 'idf'].includes(o.termWeights.mode) && o.termWeights.floor > 0,
    'termWeights: mode cluster | idf, floor > 0',
  );
  check(o.categoryWeight >= 0, 'categoryWeight: not negative');
  check(o.minSimilarity >= 0 && o.minSimilarity < 1, 'minSimilarity: in [0, 1)');
  check(o.matchThreshold > 0 && o.matchThreshold <= 1, 'matchThreshold: in (0, 1]');
  check(
    o.vocabulary.minDf >= 1 &&
      o.vocabulary.maxDfShare > 0 &&
      o.vocabulary.maxDfShare <= 1 &&
      o.vocabulary.maxTerms >= 10,
    'vocabulary: minDf ≥ 1, 0 < maxDfShare ≤ 1, maxTerms ≥ 10',
  );
  check(
    ['auto', 'always', 'cold', 'never'].includes(o.rebuild),
    'rebuild: auto | always | cold | never',
  );
  if (issues.length > 0)
    throw new Error(`Invalid clustering settings:\n  - ${issues.join('\n  - ')}`);
  return o;
}

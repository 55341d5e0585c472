import { describe, expect, it } from 'vitest';
import { nameCluster } from './clusterLabels.ts';

describe('nameCluster', () => {
  it('replaces the quoted cluster id with its label in both languages, and nothing else', () => {
    expect(nameCluster('Root-cause cluster "41" rose; 41 complaints', '41', '门封 · 脱落')).toBe(
      'Root-cause cluster "门封 · 脱落" rose; 41 complaints',
    );
    expect(nameCluster('根因簇「41」持续高于基线', '41', '门封 · 脱落')).toBe(
      '根因簇「门封 · 脱落」持续高于基线',
    );
    expect(nameCluster('cluster "41"', '41', undefined)).toBe('cluster "41"');
  });
});

// A complaint record names the export it came from, not the server path it was read at.
import { describe, expect, it } from 'vitest';
import { diffVersions, fileName } from './complaints.ts';

describe('source file of a complaint', () => {
  it('keeps only the file name', () => {
    expect(fileName('/srv/exports/2026-11-22/complaints.csv')).toBe('complaints.csv');
    expect(fileName('C:\\exports\\complaints.xlsx')).toBe('complaints.xlsx');
    expect(fileName('complaints.csv')).toBe('complaints.csv');
    expect(fileName(null)).toBeNull();
    const [version] = diffVersions([
      { version_no: 1, load_run_id: 3, source_file: '/home/ops/in/a.csv' },
    ]);
    expect(version.sourceFile).toBe('a.csv');
  });
});

// The run's DuckDB memory limit: a quarter of the machine's memory, at least 1 GiB, unless
// COMPLAINT_LENS_MEMORY_LIMIT says otherwise (pipeline/warehouse/memory.ts).
import { expect, it } from 'vitest';
import { defaultMemoryLimit, runMemoryLimit } from '../../../pipeline/warehouse/memory.ts';

const GIB = 1024 ** 3;

it('is a quarter of the machine memory, at least 1 GiB', () => {
  expect(defaultMemoryLimit(24 * GIB)).toBe('6144MB');
  expect(defaultMemoryLimit(2 * GIB)).toBe('1024MB');
  expect(defaultMemoryLimit(5 * GIB)).toBe('1280MB');
});

it('gives way to COMPLAINT_LENS_MEMORY_LIMIT', () => {
  expect(runMemoryLimit({ COMPLAINT_LENS_MEMORY_LIMIT: '512MB' })).toBe('512MB');
  expect(runMemoryLimit({})).toBe(defaultMemoryLimit());
});

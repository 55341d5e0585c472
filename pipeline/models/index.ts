// The SQL model layer's public surface (the CLI's `build` and `run` call buildModels).
export {
  buildModels,
  BuildError,
  type BuildOptions,
  type BuildSummary,
  type ModelRunResult,
  type ModelStatus,
} from './runner.ts';
export {
  discoverModels,
  discoverMacros,
  discoverDataTests,
  DEFAULT_SQL_DIR,
  type ModelFile,
  type MacroFile,
  type DataTestFile,
  type Layer,
} from './discover.ts';
export { buildGraph, selectModels, CycleError, type ModelGraph } from './graph.ts';
export { writeConfigTables, configTables } from './configTables.ts';
export { CORE_MODELS, CORE_DATA_TESTS, coreSqlDir } from './coreModels.ts';
export type { DataTestResult, DataTestStatus } from './dataTests.ts';

// pyvendor's public library API: everything a TypeScript caller may import from "pyvendor".
export { PyvendorError, isPyvendorError, ERROR_CODES, type ErrorCode } from "./errors.js";
export type { PyvendorEvent, EventSink, Phase } from "./events.js";
export * from "./bundle/manifest.js";
export { inspectPython, type PythonInfo } from "./python/interpreter.js";
export { findPython } from "./python/discover.js";
export { parseManifest, validateManifest, MANIFEST_SCHEMA_PATH } from "./bundle/validate.js";
export { sortManifest, finalizeManifest } from "./bundle/normalize.js";
export { writeBundle, type WriteBundleOptions, type WriteBundleResult, type BundleFile } from "./bundle/write.js";
export { openBundle, readExistingManifest, type BundleReader, type OpenBundleOptions } from "./bundle/read.js";
export { verifyBundle, type VerifyReport, type BundleProblem } from "./bundle/verify.js";
export { showBundle, describeManifest, type BundleSummary, type ShownPackage } from "./bundle/show.js";
export { diffBundles, diffManifests, type BundleDiff } from "./bundle/diff.js";
export { exportBundle, type ExportOptions } from "./bundle/export.js";
export { requirementsLock, pylockToml } from "./bundle/lockfiles.js";
export { DEFAULT_LIMITS, type ArchiveLimits } from "./bundle/entries.js";
export type { BundleKind } from "./bundle/layout.js";
// The two pipelines: pack pinned requirements into a bundle; install a bundle offline.
export { pack, type PackOptions, type PackResult } from "./pack/pipeline.js";
export { install, type InstallOptions, type InstallResult } from "./install/venv.js";
// The packaging standards (PEP 440/503/508/425/751, requirements files, core metadata), pure.
export * from "./standards/index.js";
export { resolveS3Settings, remoteLocation, type S3Settings, type S3SettingsInput } from "./cache/s3-settings.js";
export type { RemoteCacheStats } from "./cache/remote-stats.js";

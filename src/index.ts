// pyvendor's public library API: everything a TypeScript caller may import from "pyvendor".
export { PyvendorError, isPyvendorError, ERROR_CODES, type ErrorCode } from "./errors.js";
export type { PyvendorEvent, EventSink, Phase } from "./events.js";
export * from "./bundle/manifest.js";
export { inspectPython, type PythonInfo } from "./python/interpreter.js";
export { findPython } from "./python/discover.js";

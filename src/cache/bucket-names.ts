// Names of the cache buckets that modules outside the cache layer write (a leaf: no imports, cheap for fast paths).

/** The unpacked-wheel store installs copy (or link) from: a directory per wheel. */
export const UNPACKED_BUCKET = "unpacked-v1";
/** Descriptions of interpreters, keyed by binary (src/python/interpreter-cache.ts). */
export const PYTHONS_BUCKET = "pythons-v1";

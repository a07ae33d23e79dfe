// The packaging standards as pure functions (no I/O): everything pyvendor decides rests on these.
//
// Each function follows Python's `packaging` 26.2 (and pip for requirements files) exactly; the
// differential tests in test/standards/ hold them to it. Contracts are on each declaration.

/** PEP 503 names: normalizeName("Foo.Bar_baz") === "foo-bar-baz"; validity of project names. */
export { normalizeName, isValidProjectName, isNormalizedName } from "./names.js";

/**
 * PEP 440 versions and specifier sets with packaging's semantics: normalization, ordering
 * (numbers of any size), SpecifierSet.contains/filter with prereleases None/True/False, `===`,
 * local versions, wildcards, `~=`. Invalid input throws E_INVALID_VERSION / E_INVALID_SPECIFIER.
 */
export {
  isValidVersion,
  normalizeVersion,
  compareVersions,
  isPrerelease,
  isValidSpecifierSet,
  normalizeSpecifierSet,
  versionSatisfies,
  filterVersions,
  pinnedVersion,
  parseVersion,
  formatVersion,
  type Version,
  type PrereleaseOptions,
} from "./version.js";

/** PEP 508 markers: parse (E_INVALID_MARKER), print like str(Marker), evaluate like Marker.evaluate. */
export {
  parseMarker,
  evaluateMarker,
  markerToString,
  type Marker,
  type MarkerEnvironment,
  type MarkerExpression,
  type MarkerComparison,
  type MarkerOperand,
  type MarkerOperator,
  type MarkerEvaluationEnvironment,
  type MarkerEvaluationOptions,
} from "./markers.js";

/** PEP 508 requirements: parse (E_INVALID_REQUIREMENT with the column), print like str(Requirement). */
export { parseRequirement, requirementToString, type Requirement } from "./requirement.js";

/** pip's requirements-file format; reading files is injected. Errors name "file:line". */
export {
  parseRequirementsFile,
  type RequirementsFile,
  type RequirementLine,
  type RequirementsFileOptions,
  type ParseRequirementsFileOptions,
} from "./requirements-file.js";

/** PEP 751 pylock.toml: parse and validate, then select the packages that apply to a target. */
export {
  parsePylock,
  selectLockedPackages,
  type Pylock,
  type LockedPackage,
  type LockedFile,
  type SelectLockedOptions,
} from "./pylock.js";

/**
 * PEP 425/427 tags and file names: wheel/sdist file names (E_INVALID_FILENAME), an interpreter's
 * ordered supported tags (packaging's sys_tags), and ranking wheels for an interpreter.
 */
export {
  parseWheelFilename,
  parseSdistFilename,
  wheelFilenameMatches,
  expandTagSet,
  parseTag,
  interpreterTags,
  wheelTagRank,
  selectBestWheel,
  type Tag,
  type WheelFilename,
  type SdistFilename,
  type TagEnvironment,
} from "./tags.js";

/** Core metadata (PKG-INFO/METADATA 1.0-2.4) and WHEEL files (E_INVALID_METADATA). */
export { parseCoreMetadata, parseWheelInfo, type CoreMetadata, type WheelInfo } from "./metadata.js";

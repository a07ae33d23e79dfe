// The table of every error code: what it means, the default hint, and the CLI exit status.
// docs/errors.md is generated from this table, and a test checks every thrown code is here.

/**
 * One row of the table. `exit`: 1 = the user's input or environment, 2 = unexpected, 130 =
 * interrupted (128 + SIGINT, the shell's convention; SIGTERM gives 143).
 */
export interface ErrorCodeInfo {
  summary: string;
  hint: string;
  exit: 1 | 2 | 130;
}

function row(summary: string, hint: string, exit: 1 | 2 | 130 = 1): ErrorCodeInfo {
  return { summary, hint, exit };
}

export const ERROR_CODES = {
  // --- generic ---------------------------------------------------------------------------
  E_USAGE: row("The command line is not valid.", "Run the command with --help to see its options."),
  E_INTERNAL: row(
    "An unexpected internal error.",
    "This is a bug in pyvendor; please report it with the output of the command run with -v.",
    2,
  ),
  E_IO: row(
    "Reading or writing a file failed.",
    "Check the path, its permissions and the free disk space.",
  ),
  E_CONFIG: row(
    "A configuration file or setting is not valid.",
    "Fix the named key in the named file; `pyvendor config` shows the effective settings.",
  ),
  E_LOCKED: row(
    "Another pyvendor process holds the lock.",
    "Wait for the other process to finish, or run without --no-wait to wait for it.",
  ),
  E_INTERRUPTED: row("The command was interrupted (Ctrl-C, SIGINT or SIGTERM); its build processes were stopped and what it had half made removed.", "Run it again; nothing was left half-written, and an existing venv, release or bundle is untouched.", 130),

  // --- inputs: requirements files, pylock, standards ---------------------------------------
  E_REQUIREMENTS_NOT_FOUND: row(
    "A requirements file does not exist.",
    "Check the path given with -r (paths in -r/-c lines are relative to the including file).",
  ),
  E_REQUIREMENTS_SYNTAX: row(
    "A requirements file has a line pyvendor cannot parse.",
    "Fix the named line; it follows pip's requirements file format.",
  ),
  E_REQUIREMENTS_CYCLE: row(
    "Requirements files include each other in a cycle.",
    "Remove the -r/-c line that closes the cycle.",
  ),
  E_EDITABLE_REQUIREMENT: row(
    "An editable (-e) requirement cannot go into an offline bundle.",
    "Replace the -e line with a pinned release (name==version) or a path to a built archive.",
  ),
  E_UNPINNED_REQUIREMENT: row(
    "A requirement is not pinned to one exact version.",
    "Pin it with name==version (pip-compile or `pip freeze` can produce pins).",
  ),
  E_INVALID_REQUIREMENT: row(
    "A requirement string is not valid PEP 508.",
    "Write it as name[extras] specifiers ; markers, e.g. `requests[socks]>=2.31 ; python_version >= \"3.8\"`.",
  ),
  E_INVALID_VERSION: row("A version is not valid PEP 440.", "Use a PEP 440 version such as 1.2.3."),
  E_INVALID_SPECIFIER: row(
    "A version specifier is not valid PEP 440.",
    "Use specifiers such as ==1.2.3, >=1.0,<2 or ~=1.4.",
  ),
  E_INVALID_MARKER: row(
    "An environment marker is not valid PEP 508.",
    "Markers look like python_version >= \"3.8\" and sys_platform == \"linux\".",
  ),
  E_INVALID_FILENAME: row(
    "A wheel or sdist filename does not follow the naming standard.",
    "Wheel names are name-version(-build)?-python-abi-platform.whl; sdists name-version.tar.gz.",
  ),
  E_INVALID_METADATA: row(
    "A package's core metadata (METADATA / PKG-INFO) is not valid.",
    "The package's build produced broken metadata; rebuild it or report it to its authors.",
  ),
  E_PYLOCK_INVALID: row(
    "A pylock.toml file is not a valid PEP 751 lock file.",
    "Regenerate the lock file with the tool that wrote it.",
  ),
  E_PYLOCK_UNSUPPORTED_VERSION: row(
    "A pylock.toml file has a lock-version this pyvendor does not know.",
    "Upgrade pyvendor, or write the lock with lock-version 1.x.",
  ),
  E_PYLOCK_ENVIRONMENT: row(
    "The target environment is none of those a pylock.toml file was locked for.",
    "Lock again including this target (its `environments` list), or pack for a target the lock covers.",
  ),
  E_RESOLUTION_IMPOSSIBLE: row(
    "No set of versions satisfies the requirements for the target; the message explains why.",
    "Loosen the requirement named in the explanation, add a constraint (-c) that steers to a working version, or change the target Python.",
  ),
  E_DEPENDENCY_CONFLICT: row(
    "The requirements conflict with each other.",
    "Change the pins so that every requirement in the chain shown can be satisfied.",
  ),

  // --- Python interpreters ---------------------------------------------------------------
  E_PYTHON_NOT_FOUND: row(
    "The requested Python interpreter was not found.",
    "Pass --python with a version (3.12), a name (python3.12) or a path to an interpreter.",
  ),
  E_PYTHON_UNSUPPORTED: row(
    "The Python interpreter is too old or of a kind pyvendor does not support.",
    "Use CPython or PyPy 3.8 or newer.",
  ),
  E_PYTHON_INSPECT_FAILED: row(
    "Running the Python interpreter to inspect it failed.",
    "Check that the interpreter runs: `<python> -c \"import sys; print(sys.version)\"`.",
  ),

  // --- index and network -----------------------------------------------------------------
  E_PACKAGE_NOT_FOUND: row(
    "The package index has no project of that name.",
    "Check the name and the index URL (--index-url / --extra-index-url / --find-links).",
  ),
  E_VERSION_NOT_FOUND: row(
    "The package index has no file for the pinned version.",
    "Check the pin; the versions the index offers are listed above.",
  ),
  E_NO_MATCHING_DISTRIBUTION: row(
    "No file of the pinned version can be used for the target.",
    "Allow building from source (no --only-binary), or pick a version with a matching file.",
  ),
  E_INDEX_UNREACHABLE: row(
    "The package index could not be reached.",
    "Check the index URL, the network, and proxy settings (HTTPS_PROXY, NO_PROXY).",
  ),
  E_INDEX_ERROR: row(
    "The package index answered with an error.",
    "Check the index URL; the server's status is shown above. Retry later for server errors.",
  ),
  E_INDEX_INVALID_RESPONSE: row(
    "The package index answered with a page pyvendor cannot read.",
    "Check that the URL is a PEP 503/691 simple index (it usually ends in /simple/).",
  ),
  E_AUTH_REQUIRED: row(
    "The package index needs credentials.",
    "Put credentials in the index URL (https://user:token@host/simple/) or in ~/.netrc.",
  ),
  E_FORBIDDEN: row(
    "The package index refused access with the credentials given.",
    "Check that the credentials are valid and allowed to read this project.",
  ),
  E_DOWNLOAD_FAILED: row(
    "Downloading a file failed after every retry.",
    "Check the network and the index; run again to resume (finished files are cached).",
  ),
  E_HASH_MISMATCH: row(
    "A file's sha256 does not match the expected hash.",
    "The file was corrupted or changed. Do not use it; check the index and the pinned hashes.",
  ),
  E_HASH_REQUIRED: row(
    "Hash-checking mode is on and a requirement has no --hash.",
    "Add --hash=sha256:... to every requirement, or turn off --require-hashes.",
  ),
  E_OFFLINE_MISSING: row(
    "Working offline, and some artifacts are not in the cache.",
    "Run once with network access to fill the cache, or drop --offline.",
  ),
  E_TLS: row(
    "The TLS connection to the index failed.",
    "Pass --cert with your CA bundle (or set NODE_EXTRA_CA_CERTS), or add --trusted-host for HTTP.",
  ),
  E_INSECURE_INDEX: row(
    "The index is plain HTTP and not trusted.",
    "Use HTTPS, or mark the host with --trusted-host if this network is trusted.",
  ),

  // --- cache -----------------------------------------------------------------------------
  E_CACHE_CORRUPT: row(
    "A cache entry does not match its content address.",
    "Run `pyvendor cache clean` (or delete the named entry); it will be fetched again.",
  ),
  E_REMOTE_CACHE: row(
    "The remote (S3) cache failed and --require-remote-cache is set.",
    "Check the bucket, endpoint and credentials; drop --require-remote-cache to continue without it.",
  ),

  // --- build -----------------------------------------------------------------------------
  E_BUILD_FAILED: row(
    "Building a wheel from an sdist failed.",
    "Read the last lines of the build log shown above; the full log's path is given.",
  ),
  E_BUILD_NOT_REPRODUCIBLE: row(
    "Two builds of one sdist gave different wheels (pack --check-reproducible).",
    "The files named differ between the builds: look for what they record of the build (paths, times, random order); the build logs are named.",
  ),
  E_BUILD_MISSING_SYSTEM_PACKAGE: row(
    "A build failed because a system header or library is not installed.",
    "Install the system package named above and pack again.",
  ),
  E_BUILD_BACKEND: row(
    "The sdist's build backend could not be loaded or is not valid.",
    "Check [build-system] in the sdist's pyproject.toml.",
  ),
  E_BUILD_CYCLE: row(
    "Build requirements that exist only as sdists need each other to be built.",
    "Make a wheel of one of the packages in the cycle available on the index (or with --find-links).",
  ),
  E_BUILDS_FAILED: row(
    "One or more packages failed to build.",
    "See each failure above; fix them and pack again (successful builds are cached).",
  ),
  E_SDIST_INVALID: row(
    "An sdist archive is not valid.",
    "The file on the index is broken; report it to the package's authors.",
  ),

  // --- bundle ----------------------------------------------------------------------------
  E_NOT_A_BUNDLE: row(
    "The path is not a pyvendor bundle.",
    "Pass a bundle directory, .tar.gz or .zip written by `pyvendor pack` (it has manifest.json).",
  ),
  E_MANIFEST_INVALID: row(
    "The bundle's manifest.json is not valid against the schema.",
    "The bundle was damaged or edited by hand; pack it again.",
  ),
  E_MANIFEST_UNSUPPORTED_FORMAT: row(
    "The bundle's format version is newer than this pyvendor understands.",
    "Upgrade pyvendor to install this bundle.",
  ),
  E_BUNDLE_ID_MISMATCH: row(
    "The bundle's id does not match its manifest's contents.",
    "The manifest was edited after packing; pack the bundle again.",
  ),
  E_BUNDLE_FILE_MISSING: row(
    "A file the manifest lists is missing from the bundle.",
    "The bundle is incomplete; copy it again or pack it again.",
  ),
  E_BUNDLE_EXTRA_FILE: row(
    "The bundle holds a file its manifest does not list.",
    "Remove the file or pack the bundle again.",
  ),
  E_BUNDLE_LOCKFILE_STALE: row(
    "A lock file in the bundle (requirements.lock, pylock.toml) does not match its manifest.",
    "The lock file was edited after packing; pack the bundle again, or regenerate it with `pyvendor export`.",
  ),
  E_BUNDLE_SIZE_MISMATCH: row(
    "A bundle file's size differs from the manifest.",
    "The bundle is damaged; copy it again or pack it again.",
  ),
  E_UNSAFE_PATH: row(
    "A name or archive entry would write outside its directory.",
    "The bundle or wheel is malicious or broken; do not use it.",
  ),
  E_UNSAFE_ENTRY: row(
    "An archive entry is a link, device or other special file.",
    "The bundle or wheel is malicious or broken; do not use it.",
  ),
  E_DUPLICATE_ENTRY: row(
    "An archive has two entries with the same name.",
    "The archive is malicious or broken; do not use it.",
  ),
  E_ARCHIVE_TOO_LARGE: row(
    "An archive entry is larger, or compresses better, than is sane.",
    "The archive may be a decompression bomb; do not use it.",
  ),
  E_ARCHIVE_INVALID: row(
    "An archive cannot be read.",
    "The file is damaged or not a .tar.gz/.zip; copy it again.",
  ),
  E_OUTPUT_EXISTS: row(
    "The output path exists and is not a bundle pyvendor can update.",
    "Choose another output path or remove the existing one.",
  ),

  // --- install ---------------------------------------------------------------------------
  E_NO_COMPATIBLE_WHEEL: row(
    "The bundle has no wheel of a package that the target interpreter can use.",
    "Pack the bundle with --python for this interpreter (same version, ABI and platform).",
  ),
  E_REQUIRES_PYTHON: row(
    "A package does not support the target Python version.",
    "Install with an interpreter the package supports (see its Requires-Python).",
  ),
  E_GLIBC_TOO_OLD: row(
    "The target's glibc is older than a wheel needs.",
    "Pack on a machine with an older glibc, or install on a newer system.",
  ),
  E_MISSING_SYSTEM_LIBRARY: row(
    "A shared library that a package's extension modules need is not installed.",
    "Install the system package named above on the target.",
  ),
  E_WHEEL_INVALID: row(
    "A wheel file is not valid.",
    "The wheel is damaged or was built wrongly; pack the bundle again.",
  ),
  E_RECORD_MISMATCH: row(
    "A wheel's contents do not match its RECORD.",
    "The wheel was modified after it was built; do not use it.",
  ),
  E_FILE_CONFLICT: row(
    "Two packages install the same path with different contents, or a package installs a file the venv itself has (bin/python, pyvenv.cfg).",
    "Remove one of the two packages from the requirements.",
  ),
  E_VENV_EXISTS: row(
    "The destination already exists.",
    "Pass --force to replace it atomically, or choose another path.",
  ),
  E_REQUIREMENTS_UNSATISFIED: row(
    "An installed package's requirements are not satisfied in the venv.",
    "Add the missing or conflicting package to the requirements and pack again.",
  ),
  E_IMPORT_CHECK_FAILED: row(
    "A top-level module failed to import in the new venv.",
    "See the traceback above; a system library or a dependency may be missing.",
  ),

  // --- releases --------------------------------------------------------------------------
  E_RELEASE_NOT_FOUND: row(
    "The named release does not exist.",
    "Run `pyvendor releases ROOT` to list the releases.",
  ),
  E_NO_PREVIOUS_RELEASE: row(
    "There is no earlier release to roll back to: the current one is the oldest in the history (each rollback steps one further back).",
    "Install another release first, or name one with --to.",
  ),
  E_CHECK_FAILED: row(
    "A health check (--check) failed in the staged release.",
    "The previous release is still current; fix the failure shown above and install again.",
  ),
  E_RELEASE_DAMAGED: row(
    "A release's files no longer match its record (changed or deleted after it was installed).",
    "Install its bundle again (it is rebuilt), or roll back to another release with --to.",
  ),
  E_NOT_A_RELEASES_ROOT: row(
    "The path is not a releases root.",
    "Pass the directory given to `pyvendor install --releases`.",
  ),
} as const satisfies Record<string, ErrorCodeInfo>;

/** Every stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

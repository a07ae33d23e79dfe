// Reads a failed build's log (pure): which header, library or tool was missing, and the Debian package that has it.

/** Something the build looked for on the system and did not find. */
export interface MissingItem {
  kind: "header" | "library" | "program" | "pkg-config";
  /** As the log names it: "libpq-fe.h", "xml2" (for -lxml2), "pg_config", "libpq". */
  name: string;
  /** The log line that says so. */
  line: string;
}

const PATTERNS: { kind: MissingItem["kind"]; re: RegExp }[] = [
  // gcc: "foo.c:1:10: fatal error: libpq-fe.h: No such file or directory"
  { kind: "header", re: /fatal error: ([\w./+-]+\.h(?:pp|h)?): No such file or directory/ },
  // clang: "fatal error: 'libpq-fe.h' file not found"
  { kind: "header", re: /fatal error: '([\w./+-]+\.h(?:pp|h)?)' file not found/ },
  // GNU ld / lld: "cannot find -lxml2" (newer binutils add ": No such file or directory")
  { kind: "library", re: /(?:cannot find|unable to find library) -l([\w.+-]+)/ },
  { kind: "pkg-config", re: /Package '?([\w.+-]+?)'?,? (?:was not found in the pkg-config search path|required by .* not found)/ },
  { kind: "program", re: /\b(pg_config|mysql_config|mariadb_config|xml2-config|xslt-config|curl-config|freetype-config|gdal-config|geos-config|krb5-config|libpng-config) (?:executable )?not found/ },
  { kind: "program", re: /\b(pg_config|mysql_config|mariadb_config|xml2-config|xslt-config|curl-config|krb5-config): (?:command )?not found/ },
  { kind: "program", re: /error: command '(gcc|cc|g\+\+|c\+\+|x86_64-linux-gnu-gcc)' failed: No such file or directory/ },
];

/** Every distinct missing item in `log`, in the order they appear. */
export function findMissing(log: string): MissingItem[] {
  const out: MissingItem[] = [];
  const seen = new Set<string>();
  for (const line of log.split(/\r?\n/)) {
    for (const { kind, re } of PATTERNS) {
      const m = re.exec(line);
      const name = m?.[1];
      if (!name || seen.has(`${kind}:${name}`)) continue;
      seen.add(`${kind}:${name}`);
      out.push({ kind, name, line: line.trim() });
    }
  }
  return out;
}

/** Header (path as #included) → Debian package. Directory prefixes end with "/". */
const HEADERS: Record<string, string> = {
  "libpq-fe.h": "libpq-dev", "pg_config.h": "libpq-dev", "postgresql/": "libpq-dev",
  "libxml/": "libxml2-dev", "libxslt/": "libxslt1-dev", "libexslt/": "libxslt1-dev",
  "ffi.h": "libffi-dev", "openssl/": "libssl-dev", "yaml.h": "libyaml-dev", "zlib.h": "zlib1g-dev",
  "jpeglib.h": "libjpeg-dev", "png.h": "libpng-dev", "ft2build.h": "libfreetype-dev", "tiffio.h": "libtiff-dev",
  "tiff.h": "libtiff-dev", "webp/": "libwebp-dev", "lcms2.h": "liblcms2-dev", "openjpeg.h": "libopenjp2-7-dev",
  "sqlite3.h": "libsqlite3-dev", "bzlib.h": "libbz2-dev", "lzma.h": "liblzma-dev", "zstd.h": "libzstd-dev",
  "snappy-c.h": "libsnappy-dev", "snappy.h": "libsnappy-dev", "lz4.h": "liblz4-dev", "brotli/": "libbrotli-dev",
  "mysql.h": "default-libmysqlclient-dev", "mysql/": "default-libmysqlclient-dev", "mariadb/": "libmariadb-dev",
  "ldap.h": "libldap2-dev", "lber.h": "libldap2-dev", "sasl/": "libsasl2-dev", "krb5.h": "libkrb5-dev",
  "gssapi/": "libkrb5-dev", "krb5/": "libkrb5-dev", "curl/": "libcurl4-openssl-dev", "gmp.h": "libgmp-dev",
  "mpfr.h": "libmpfr-dev", "mpc.h": "libmpc-dev", "readline/": "libreadline-dev", "ncurses.h": "libncurses-dev",
  "curses.h": "libncurses-dev", "uuid/": "uuid-dev", "sodium.h": "libsodium-dev", "cairo.h": "libcairo2-dev",
  "cairo/": "libcairo2-dev", "geos_c.h": "libgeos-dev", "proj.h": "libproj-dev", "gdal.h": "libgdal-dev",
  "hdf5.h": "libhdf5-dev", "netcdf.h": "libnetcdf-dev", "pcap.h": "libpcap-dev", "pcap/": "libpcap-dev",
  "systemd/": "libsystemd-dev", "dbus/": "libdbus-1-dev", "xmlsec/": "libxmlsec1-dev", "magic.h": "libmagic-dev",
  "gdbm.h": "libgdbm-dev", "expat.h": "libexpat1-dev", "sys/acl.h": "libacl1-dev", "attr/": "libattr1-dev",
  "sys/capability.h": "libcap-dev", "ev.h": "libev-dev", "event2/": "libevent-dev", "cups/": "libcups2-dev",
  "portaudio.h": "portaudio19-dev", "GL/": "libgl-dev", "X11/": "libx11-dev", "glib.h": "libglib2.0-dev",
  "Python.h": "python3-dev", "blas.h": "libopenblas-dev", "cblas.h": "libopenblas-dev", "lapacke.h": "liblapacke-dev",
  "fftw3.h": "libfftw3-dev", "gpgme.h": "libgpgme-dev", "libusb-1.0/": "libusb-1.0-0-dev", "usb.h": "libusb-dev",
  "alsa/": "libasound2-dev", "fuse.h": "libfuse-dev", "archive.h": "libarchive-dev", "pcre.h": "libpcre3-dev",
  "pcre2.h": "libpcre2-dev", "leveldb/": "libleveldb-dev", "rocksdb/": "librocksdb-dev", "zmq.h": "libzmq3-dev",
  "sndfile.h": "libsndfile1-dev", "libssh2.h": "libssh2-1-dev", "libssh/": "libssh-dev", "tcl.h": "tcl-dev",
  "tk.h": "tk-dev", "graphviz/": "libgraphviz-dev", "libmemcached/": "libmemcached-dev", "unicode/": "libicu-dev",
};

/** Library (as in -lNAME) → Debian package with its link-time .so. */
const LIBRARIES: Record<string, string> = {
  pq: "libpq-dev", xml2: "libxml2-dev", xslt: "libxslt1-dev", exslt: "libxslt1-dev", ffi: "libffi-dev",
  ssl: "libssl-dev", crypto: "libssl-dev", yaml: "libyaml-dev", z: "zlib1g-dev", jpeg: "libjpeg-dev",
  png: "libpng-dev", png16: "libpng-dev", freetype: "libfreetype-dev", tiff: "libtiff-dev", webp: "libwebp-dev",
  lcms2: "liblcms2-dev", openjp2: "libopenjp2-7-dev", sqlite3: "libsqlite3-dev", bz2: "libbz2-dev", lzma: "liblzma-dev",
  zstd: "libzstd-dev", snappy: "libsnappy-dev", lz4: "liblz4-dev", mysqlclient: "default-libmysqlclient-dev",
  mariadb: "libmariadb-dev", ldap: "libldap2-dev", lber: "libldap2-dev", sasl2: "libsasl2-dev", krb5: "libkrb5-dev",
  gssapi_krb5: "libkrb5-dev", curl: "libcurl4-openssl-dev", gmp: "libgmp-dev", mpfr: "libmpfr-dev", mpc: "libmpc-dev",
  readline: "libreadline-dev", ncurses: "libncurses-dev", ncursesw: "libncurses-dev", uuid: "uuid-dev",
  sodium: "libsodium-dev", cairo: "libcairo2-dev", geos_c: "libgeos-dev", proj: "libproj-dev", gdal: "libgdal-dev",
  hdf5: "libhdf5-dev", pcap: "libpcap-dev", systemd: "libsystemd-dev", "dbus-1": "libdbus-1-dev",
  xmlsec1: "libxmlsec1-dev", magic: "libmagic-dev", gdbm: "libgdbm-dev", expat: "libexpat1-dev", acl: "libacl1-dev",
  cap: "libcap-dev", ev: "libev-dev", event: "libevent-dev", openblas: "libopenblas-dev", blas: "libblas-dev",
  lapack: "liblapack-dev", fftw3: "libfftw3-dev", zmq: "libzmq3-dev", archive: "libarchive-dev", pcre: "libpcre3-dev",
  "pcre2-8": "libpcre2-dev", usb: "libusb-dev", "usb-1.0": "libusb-1.0-0-dev", asound: "libasound2-dev",
  sndfile: "libsndfile1-dev", icuuc: "libicu-dev", icui18n: "libicu-dev", gfortran: "gfortran",
};

/** Tool or pkg-config module → Debian package. */
const PROGRAMS: Record<string, string> = {
  pg_config: "libpq-dev", mysql_config: "default-libmysqlclient-dev", mariadb_config: "libmariadb-dev",
  "xml2-config": "libxml2-dev", "xslt-config": "libxslt1-dev", "curl-config": "libcurl4-openssl-dev",
  "freetype-config": "libfreetype-dev", "gdal-config": "libgdal-dev", "geos-config": "libgeos-dev",
  "krb5-config": "libkrb5-dev", "libpng-config": "libpng-dev", gcc: "build-essential", cc: "build-essential",
  "g++": "build-essential", "c++": "build-essential", "x86_64-linux-gnu-gcc": "build-essential",
  libpq: "libpq-dev", "libxml-2.0": "libxml2-dev", libxslt: "libxslt1-dev", libffi: "libffi-dev", openssl: "libssl-dev",
  libssl: "libssl-dev", "yaml-0.1": "libyaml-dev", zlib: "zlib1g-dev", libjpeg: "libjpeg-dev", libpng: "libpng-dev",
  freetype2: "libfreetype-dev", "libsystemd": "libsystemd-dev", "dbus-1": "libdbus-1-dev", "cairo": "libcairo2-dev",
  "xmlsec1": "libxmlsec1-dev", libzstd: "libzstd-dev", sqlite3: "libsqlite3-dev", "krb5-gssapi": "libkrb5-dev",
  mysqlclient: "default-libmysqlclient-dev", libcurl: "libcurl4-openssl-dev", "glib-2.0": "libglib2.0-dev",
};

/** The Debian package for a missing item from the built-in table, or undefined. */
export function packageFromTable(item: MissingItem): string | undefined {
  if (item.kind === "library") return LIBRARIES[item.name];
  if (item.kind === "program" || item.kind === "pkg-config") return PROGRAMS[item.name];
  const exact = HEADERS[item.name];
  if (exact) return exact;
  const dir = Object.keys(HEADERS).filter((k) => k.endsWith("/") && item.name.startsWith(k)).sort((a, b) => b.length - a.length)[0];
  return dir ? HEADERS[dir] : undefined;
}

/** A regular expression (for `apt-file search --regexp`) matching the file that would satisfy `item`. */
export function aptFilePattern(item: MissingItem): string | undefined {
  const esc = (s: string) => s.replace(/[.+^$()[\]{}|\\*?]/g, "\\$&");
  if (item.kind === "header") return `/include/(.*/)?${esc(item.name)}$`;
  if (item.kind === "library") return `/lib/(.*/)?lib${esc(item.name)}\\.(so|a)$`;
  if (item.kind === "program") return `/bin/${esc(item.name)}$`;
  return `/pkgconfig/${esc(item.name)}\\.pc$`;
}

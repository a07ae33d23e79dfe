// fast-check generators of requirements-file text: lines, options, comments, continuations, ${VAR}.
import fc from "fast-check";

export const requirementArgs = fc.constantFrom(
  "foo==1.0",
  "requests [security] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"",
  "urllib3 @ https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip",
  "./downloads/numpy-1.9.2-cp34-none-win32.whl",
  "http://h/x-1.0.tar.gz#egg=x",
  "foo#notacomment",
  "pkg-1.0.tar.gz; os_name == 'nt'",
  "Django>=4.2,<5",
  "name\twith-tab",
  "café==1",
);

export const optionWords = fc.constantFrom(
  "--hash=sha256:abc", "--hash sha256:def", "--hash=md5:00", "--hash=nocolon", "-r other.txt", "-rother.txt",
  "--requirement=x.txt", "-c c.txt", "--constraint c.txt", "-i http://idx", "--index-url=http://i", "--pypi-url x",
  "--extra-index-url http://e", "--extra http://e", "--no-index", "--no-index=1", "-f ./links", "--find-links=../l",
  "--no-binary :all:", "--no-binary=:all:,:none:,Foo", "--only-binary=foo,:none:,Bar_Baz", "--only-binary :all:",
  "--no-binary -x", "--prefer-binary", "--require-hashes", "--pre", "--pr", "--trusted-host h", "-e ./x",
  "--editable=.", "--hash", "-x", "--bogus", "--req x", "-", "--", "'quoted arg'", "\"unterminated", "a\\ b",
  "--use-feature=truststore", "--global-option=--x", "-r", "--index-url", "--find-links='a b'", "trailing\\",
);

const spaces = fc.constantFrom(" ", " ", "  ", "\t", " \t");

/** One logical line: an optional requirement followed by 0-3 option words. */
export const requirementLine = fc
  .tuple(fc.option(requirementArgs, { freq: 2 }), fc.array(fc.tuple(spaces, optionWords), { maxLength: 3 }))
  .map(([args, options]) => (args ?? "") + options.map(([s, o]) => s + o).join(""))
  .map((line) => line.replace(/^\s+/, ""));

const physicalLine = fc.oneof(
  { weight: 4, arbitrary: requirementLine },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "# comment", "  # indented comment", "foo # trailing comment", "foo==1.0 \\", "--hash=sha256:aa \\", "\\",
      "\\\\foo\\\\", "# comment \\", "${HOME}/pkg-1.0.tar.gz", "${NOT_SET}x", "${lower}", "$HOME", "${A}${B}${A}",
      "${EMPTY}y", "", "   ", "\t", "x#y #z", "#", "foo\\ \\", " \\ ",
    ),
  },
);

/** A whole file: physical lines joined by any line break Python's splitlines knows. */
export const requirementsContent = fc
  .tuple(
    fc.array(fc.tuple(physicalLine, fc.constantFrom("\n", "\n", "\n", "\r\n", "\r", "\f", "\x1c", "\u2028", "\x85")), {
      maxLength: 8,
    }),
    fc.boolean(),
  )
  .map(([lines, trailing]) => {
    const text = lines.map(([l, br]) => l + br).join("");
    return trailing ? text : text.replace(/(\r\n|[\n\r\f\x1c\u2028\x85])$/, "");
  });

export const requirementsEnv = { HOME: "/home/u", A: "a", B: "", EMPTY: "", lower: "no" };

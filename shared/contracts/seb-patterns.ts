/**
 * Safe Exam Browser URL filter patterns, pure. SEB's URL filter takes expressions of the form
 * `scheme://host:port/path?query` where `*` stands for any text and a part may be left out
 * (`*.lovdata.no`, `https://git.example.edu/*`). A catalogue entry's patterns must be such
 * expressions: a host is required, made of DNS labels, each of which may be `*` or start with
 * `*.`; a scheme, if given, is `http`, `https` or `*`; no spaces, quotes or control characters
 * (they would break the plist and the text list). Nothing here does I/O.
 */

export const MAX_SEB_PATTERN_LENGTH = 300;

const SCHEME = '(?:(?:https?|\\*)://)?';
const LABEL = '(?:\\*|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?|\\*[a-z0-9-]*|[a-z0-9-]*\\*)';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
const PORT = '(?::(?:\\*|[0-9]{1,5}))?';
/** Path, query and fragment: the printable characters URLs use, no quotes, angle brackets or spaces. */
const REST = '(?:[/?#][A-Za-z0-9\\-._~!$&()*+,;=:@%/?#\\[\\]]*)?';
const PATTERN = /* @__PURE__ */ new RegExp(`^${SCHEME}${HOST}${PORT}${REST}$`, 'i');

/** Whether a text is an SEB URL filter pattern this product accepts. */
export const isSebUrlPattern = (pattern: string): boolean =>
  pattern.length > 0 &&
  pattern.length <= MAX_SEB_PATTERN_LENGTH &&
  PATTERN.test(pattern) &&
  // A host of stars alone (`*`, `*.*`) would let every site through: SEB would block nothing.
  !/^(?:[a-z*]+:\/\/)?[*.]+(?::[0-9*]+)?(?:[/?#].*)?$/i.test(pattern);

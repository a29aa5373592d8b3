// Scrubbers for the free-form fields a record keeps. Each takes text that came from Heroku and
// returns text that may be written as evidence: nothing that could be a credential survives.
// Pure functions: no I/O, no state, thread-safe; linear in the input. Each is idempotent: scrubbing
// scrubbed text changes nothing. Fuzzed (fuzz/fuzz_scrubbers.cpp).
#pragma once

#include <string>
#include <string_view>

namespace iru::heroku {

// What a scrubber puts where it removed something.
inline constexpr std::string_view scrubbed_marker = "[REDACTED]";

// A URL, kept as "scheme://host" or "scheme://host:port" ("//host" when it had no scheme) only:
// user-info, path, query and fragment are dropped, whatever they hold. Surrounding whitespace is
// ignored; case is kept. The authority ends at the first '/', '\', '?' or '#', and the user-info at
// its last '@'. A password holding one of those delimiters ("https://u:pa#ss@host") is recognised
// only when the text before the delimiter is "user:pass" that cannot be a host[:port], with no '@',
// and one '@' follows; any other URL with an '@' past the first delimiter is ambiguous (is the '@'
// in the path, or the delimiter in the password?) and becomes scrubbed_marker. So does anything
// that is not an absolute URL with a valid host (a relative path or an opaque string may be the
// secret itself): the scheme must be 1-24 characters [A-Za-z][A-Za-z0-9+.-]*, the host a name of
// [A-Za-z0-9._-] with no token-shaped label (no percent-encoding) or a bracketed IPv6 address, the
// port 0-65535.
std::string scrub_url(std::string_view url);

// A command line (dyno, formation): the program and its arguments stay readable. Replaced by
// scrubbed_marker:
//  - the value of every NAME=value at the start of a shell word (NAME is [A-Za-z_][A-Za-z0-9_.-]*),
//    including after "--flag=" and inside a quoted "sh -c '...'" script; the value runs to the end
//    of the shell word (quotes and backslash escapes honoured), so `A="x y" rake` keeps "rake";
//  - the value of a flag whose name (case-insensitively) contains pass, pwd, secret, token, key,
//    auth, cred, cookie or session: `--password=x`, `--api-key x`, `-Ddb.password=x`. The next word
//    is taken as the value only when the flag has no '=' and that word does not start with '-'.
//    Single-letter flags are not judged (`-p 5000` is a port far more often than a password);
//  - every URL (through scrub_url): scheme "://" anywhere, or "//" and no space at a word
//    start; it runs to the next whitespace, less trailing punctuation;
//  - every token-shaped word (looks_like_token) and token-shaped part of a word.
// Not recognised: a secret in a short argument that is neither assigned, flagged, a URL nor
// token-shaped (`mysql -psecret`), and a URL password holding whitespace.
std::string scrub_command(std::string_view command);

// Descriptions and other prose: URLs through scrub_url and token-shaped words replaced; the rest
// is kept as it is.
std::string scrub_text(std::string_view text);

// True for a word that looks like a credential rather than prose or an identifier:
//  - it contains "HRKU-" (any case); or
//  - it is JWT-like: three '.'-separated non-empty parts of [A-Za-z0-9_-], the first starting
//    "eyJ" and at least 10 long; or
//  - it is a high-entropy run: only [A-Za-z0-9+/=_-]; UUIDs (8-4-4-4-12 hex) inside it are not
//    counted; of what is left, at least 20 letters and digits, with at least one of each, and
//    either all hex digits with at least 32 of them, or at least one change of class (upper case,
//    lower case, digit) between adjacent characters per three characters.
// Not tokens: UUIDs, dates and times, versions, file paths like bin/rails, app and add-on names
// like postgresql-curly-42817, CamelCase identifiers. A 40-hex git sha is token-shaped
// (indistinguishable from a hex API key).
bool looks_like_token(std::string_view word);

}  // namespace iru::heroku

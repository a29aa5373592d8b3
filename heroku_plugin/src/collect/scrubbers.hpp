// Scrubbers for the free-form fields a record keeps. Each takes text that came from Heroku and
// returns text that may be written as evidence: nothing that could be a credential survives.
// Pure functions: no I/O, no allocation beyond the result, thread-safe. Safe to fuzz.
#pragma once

#include <string>
#include <string_view>

namespace iru::heroku {

// What a scrubber puts where it removed something.
inline constexpr std::string_view scrubbed_marker = "[REDACTED]";

// A URL, kept as "scheme://host" or "scheme://host:port" only: user-info, path, query and fragment
// are dropped, whatever they hold. Text that is not an absolute URL with a host becomes
// scrubbed_marker (a relative path or an opaque string may be the secret itself).
std::string scrub_url(std::string_view url);

// A command line (dyno, formation): the program and its arguments stay readable. Replaced:
// the value of every NAME=value assignment (environment-style, anywhere in the line, quoted or
// not), every URL (through scrub_url), and every token-shaped word (looks_like_token).
std::string scrub_command(std::string_view command);

// Descriptions and other prose: URLs through scrub_url and token-shaped words replaced; the rest
// is kept as it is.
std::string scrub_text(std::string_view text);

// True for a word that looks like a credential rather than prose: "HRKU-" prefixed, a UUID-free
// run of 20 or more base64/hex/url-safe characters mixing letters and digits, or a JWT-like
// dotted triple. Heroku ids (UUIDs), dates, versions and ordinary words are not tokens.
bool looks_like_token(std::string_view word);

}  // namespace iru::heroku

// What a failing credential command said on its standard error, made safe to show: the first few
// lines, each cut short, with anything that may be a secret replaced by "[redacted]" before it is
// cut (so a secret is never half shown). Pure functions: thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iru::host {

// Bounds of what is shown of a helper's standard error.
inline constexpr std::size_t helper_stderr_read_bytes = 8192;  // more is drained and dropped
inline constexpr std::size_t helper_stderr_lines = 3;
inline constexpr std::size_t helper_stderr_line_chars = 200;

// text with each of known (values of 4 bytes or more) and every word that looks like a credential
// replaced by "[redacted]": a Heroku token (HRKU-…), a UUID (a Heroku API key), a long run of
// base64/hex characters mixing letters and digits, the value after "Bearer"/"Basic", and the value
// of a key=value or key: value pair whose key names a password, secret, token, key or credential.
std::string redact_secret_like(std::string text, const std::vector<std::string_view>& known);

// The shown excerpt of a helper's standard error: redacted (above), then its first non-empty lines
// (at most helper_stderr_lines, each at most helper_stderr_line_chars), printable, joined with
// " | "; "" when it said nothing.
std::string helper_stderr_excerpt(std::string_view stderr_bytes,
                                  const std::vector<std::string_view>& known);

}  // namespace iru::host

// Small text helpers: UTF-8 validation, base64, RFC 3339 time, terminal-safe text.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace iru::host {

bool is_valid_utf8(std::string_view text);
std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);  // throws std::runtime_error on bad input
// "2026-11-28T07:30:00.123Z"
std::string rfc3339_utc(std::chrono::system_clock::time_point when);
// strerror text for errnum (thread-safe).
std::string system_error_text(int errnum);
// "0640": the permission bits of a file mode in octal.
std::string octal_mode(unsigned mode);

// Replaces control characters (and ESC) with '?', so plugin text cannot drive the terminal; in text
// that is not valid UTF-8 every non-ASCII byte becomes '?' too (so it can go into JSON).
std::string printable(std::string_view text);

}  // namespace iru::host

// Small text helpers: UTF-8 validation, base64, RFC 3339 time, terminal-safe text.
#pragma once

#include <chrono>
#include <cstdint>
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

// True for code points that can drive a terminal or reorder what it shows: C0 controls (ESC
// included), DEL, C1 controls (U+0080..U+009F, e.g. U+009B, the one-byte CSI) and the bidirectional
// marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069).
bool is_terminal_control(std::uint32_t code_point);

// Replaces every terminal control (above; tab is kept, and newline when keep_newlines) with '?', so
// server and plugin text cannot drive the terminal; in text that is not valid UTF-8 every non-ASCII
// byte becomes '?' too (so it can go into JSON).
std::string printable(std::string_view text, bool keep_newlines = false);

}  // namespace iru::host

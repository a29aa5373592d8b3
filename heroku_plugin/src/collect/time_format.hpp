// RFC 3339 UTC timestamps for records ("2026-11-28T07:08:12Z").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace iru::heroku {

std::string format_rfc3339(std::chrono::system_clock::time_point when);

// Reads "2026-11-28T07:08:12Z" (fractional seconds ignored, "Z" or "+00:00"); nullopt for any
// other shape. Heroku's timestamps are UTC.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339_utc(std::string_view text);

}  // namespace iru::heroku

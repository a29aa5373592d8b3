// RFC 3339 UTC timestamps for records ("2026-11-28T07:08:12Z").
#pragma once

#include <chrono>
#include <string>

namespace iru::heroku {

std::string format_rfc3339(std::chrono::system_clock::time_point when);

}  // namespace iru::heroku

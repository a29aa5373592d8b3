#include "collect/time_format.hpp"

#include <ctime>

namespace iru::heroku {

std::string format_rfc3339(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(
        std::chrono::time_point_cast<std::chrono::seconds>(when));
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char buffer[32];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(buffer, n);
}

}  // namespace iru::heroku

// Heroku's Range pagination: parsing "Range: <attr> [start]..[end][; max=N[, order=desc]]" and
// cutting one page out of a list, with the Next-Range a client sends back verbatim.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::fake {

inline constexpr std::size_t kDefaultPageSize = 200;
inline constexpr std::size_t kMaxPageSize = 1000;

struct RangeSpec {
    std::string attribute;
    std::optional<std::string> start;  // first value (inclusive unless start_exclusive)
    bool start_exclusive = false;      // "]value.."
    std::optional<std::string> end;    // last value, inclusive
    std::size_t max = kDefaultPageSize;
    bool descending = false;
};

// nullopt when the header is not a Range this server understands.
std::optional<RangeSpec> parse_range(std::string_view header);

// The wire form: "<attr> [']'start]..[end]; max=N[, order=desc]".
std::string format_range(const RangeSpec& range);

struct PageResult {
    int status = 200;  // 200 whole rest, 206 more follow, 416 unsatisfiable
    nlohmann::json items = nlohmann::json::array();
    std::string next_range;     // set with 206
    std::string content_range;  // "<attr> first..last; max=N"
};

// Sorts `items` by the requested (or default) attribute and copies out one page. An attribute not
// in `accepted`, or an unparsable header, gives 416. `range_header` empty: default attribute, max
// 200. page_size > 0: no page holds more than that, whatever the Range's max.
PageResult paginate(const nlohmann::json& items, const std::vector<std::string>& accepted,
                    std::string_view range_header, std::size_t page_size = 0);

}  // namespace iru::fake

// Fuzzes the nesting-depth scan that guards the JSON parser: for any text it is monotonic in the
// bound and never below the depth of what the parser reads, and for text that parses (within the
// bound) it finds exactly the parsed tree's depth.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/json_depth.hpp"

namespace {

constexpr std::size_t parse_bound = 64;  // the client's bound; deeper text is never parsed

std::size_t tree_depth(const nlohmann::json& value) {
    if (!value.is_structured()) return 0;
    std::size_t deepest = 0;
    for (const auto& child : value) deepest = std::max(deepest, tree_depth(child));
    return deepest + 1;
}

// The smallest bound text is within, checked against its neighbours.
std::size_t scanned_depth(std::string_view text) {
    using iru::heroku::json_depth_within;
    std::size_t depth = 0;
    while (depth <= text.size() && !json_depth_within(text, depth)) ++depth;
    if (depth > text.size()) std::abort();  // no text nests deeper than its length
    if (!json_depth_within(text, depth + 1) || !json_depth_within(text, text.size() + 1))
        std::abort();
    if (depth > 0 && json_depth_within(text, depth - 1)) std::abort();
    return depth;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t depth = scanned_depth(text);

    // nlohmann's parser reads up to a NUL byte and ignores the rest, so the scan of the whole text
    // bounds what is parsed; the parsed part itself must scan to exactly the tree's depth.
    const std::string_view parsed_part = text.substr(0, text.find('\0'));
    const std::size_t parsed_depth = scanned_depth(parsed_part);
    if (parsed_depth > depth) std::abort();
    if (parsed_depth > parse_bound) return 0;
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_discarded() && tree_depth(parsed) != parsed_depth) std::abort();
    return 0;
}

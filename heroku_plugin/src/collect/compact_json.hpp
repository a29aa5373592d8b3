// A JSON value kept compressed in memory (zlib over its compact text): the app list the collector
// must hold to merge /apps with /teams/{t}/apps costs ~500 bytes an app instead of a parsed tree.
// Value type; not thread-safe to mutate, safe to read from several threads.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace iru::heroku {

class CompactJson {
public:
    CompactJson() = default;
    explicit CompactJson(const nlohmann::json& value);

    // The value back. Throws std::runtime_error if the bytes were corrupted (never in practice).
    nlohmann::json value() const;
    std::size_t stored_bytes() const noexcept { return bytes_.size(); }

private:
    std::uint32_t text_size_ = 0;
    std::string bytes_;
};

}  // namespace iru::heroku

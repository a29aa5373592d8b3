// The last line of defence, after the allow-list (collect/allow_list.hpp) has kept only declared
// fields: any record string (value or object key) holding the token in use or "HRKU-" is replaced
// by "[REDACTED]" (the caller logs the returned field paths, never values), and log lines and error
// messages have such text cut out before anything is truncated.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

inline constexpr std::string_view redacted_marker = "[REDACTED]";

// Scans for the token in use (ignored when shorter than 8 characters, to avoid false hits) and for
// "HRKU-". Thread-safe after construction (const). Holds a copy of the token, wiped on destruction.
class LeakScanner {
public:
    explicit LeakScanner(std::string_view token);
    ~LeakScanner();
    LeakScanner(const LeakScanner&) = delete;
    LeakScanner& operator=(const LeakScanner&) = delete;

    // True when text would leak.
    bool leaks(std::string_view text) const noexcept;
    // text with every occurrence of the token, and every "HRKU-" word, replaced by the marker.
    std::string redact(std::string_view text) const;
    // Replaces leaking strings in place; returns the JSON paths ("/a/0/b", RFC 6901) replaced.
    std::vector<std::string> scrub(nlohmann::json& data) const;

private:
    void scrub_at(nlohmann::json& node, const std::string& path,
                  std::vector<std::string>& found) const;
    std::string token_;
};

}  // namespace iru::heroku

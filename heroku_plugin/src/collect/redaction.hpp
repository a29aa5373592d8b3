// Keeps secrets out of records. Two layers:
//  1. redact_secrets(): removes the fields Heroku documents as secret (wherever they appear) and the
//     user-info, query and fragment of URL fields. Applied to every record before it is emitted.
//  2. LeakScanner: the last line of defence. Any string (value or object key) holding the token in use
//     or "HRKU-" is replaced by "[REDACTED]"; the caller logs the returned field paths, never values.
// Config var values never reach this layer: record_mapping copies only their names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

inline constexpr std::string_view redacted_marker = "[REDACTED]";

// "scheme://user:pass@host:port/path?query#frag" -> "scheme://host:port/path". Text that is not an
// absolute URL is returned with any query and fragment removed.
std::string strip_url_secrets(std::string_view url);

// True for field names whose value is secret in any Heroku resource (attach_url, output_stream_url,
// log_input_url, access_token, refresh_token, grant, pre_shared_key, secret, password).
bool is_secret_field(std::string_view name);

// True for field names that hold a URL ("url", "*_url", "*_uri").
bool is_url_field(std::string_view name);

// Removes secret fields and strips URL fields, recursively, in place.
void redact_secrets(nlohmann::json& data);

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
    // Replaces leaking strings in place; returns the JSON paths ("/a/0/b", RFC 6901) replaced.
    std::vector<std::string> scrub(nlohmann::json& data) const;

private:
    void scrub_at(nlohmann::json& node, const std::string& path,
                  std::vector<std::string>& found) const;
    std::string token_;
};

}  // namespace iru::heroku

// The api_url option, parsed and validated: https anywhere, plain http only to a loopback address
// (127.0.0.0/8, ::1, localhost) for tests. Errors are ApiError(Status::bad_config) whose messages
// never repeat a URL's user-info.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace iru::heroku::http {

struct ApiUrl {
    bool secure = true;  // https
    std::string host;    // without brackets for IPv6
    std::uint16_t port = 443;
    std::string base_path;  // "" or "/prefix" (no trailing slash); prepended to every request path
    bool loopback = false;

    // "https://host:port/prefix": safe for messages and logs.
    std::string display() const;
};

// Throws ApiError(Status::bad_config) naming the problem.
ApiUrl parse_api_url(std::string_view text);

// ASCII lower case (scheme and host names compare case-insensitively).
std::string ascii_lower(std::string_view text);

// True for localhost, 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

// A URL with user-info, query and fragment removed, for messages ("<unparsable URL>" if
// unparsable).
std::string redact_url(std::string_view text);

}  // namespace iru::heroku::http

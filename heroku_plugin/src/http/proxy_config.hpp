// Which HTTP proxy (CONNECT tunnel) reaches the API host: the `proxy` option when set, otherwise
// HTTPS_PROXY/https_proxy unless NO_PROXY/no_proxy names the host. Proxy credentials are kept for
// the Proxy-Authorization header only and never appear in messages (see display()).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace iru::heroku::http {

struct ProxySettings {
    std::string host;
    std::uint16_t port = 8080;
    std::string username;  // secret-ish: never logged
    std::string password;  // secret: never logged

    // "http://host:port": safe for messages and logs.
    std::string display() const;
};

// Parses "http://[user:pass@]host[:port][/]" or "host:port". Throws ApiError(Status::bad_config)
// with a message that names the problem but not the credentials. `what` names the source
// ("proxy", "HTTPS_PROXY").
ProxySettings parse_proxy_url(std::string_view text, std::string_view what = "proxy");

// NO_PROXY semantics: comma-separated entries; "*" matches every host; "example.com" and
// ".example.com" match the host and its subdomains; an entry's ":port" is ignored;
// case-insensitive.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

using EnvironmentLookup = std::function<const char*(const char*)>;

// The proxy for target_host, or nullopt for a direct connection. The proxy option wins over the
// environment and ignores NO_PROXY. getenv is injectable for tests.
std::optional<ProxySettings> resolve_proxy(const std::string& proxy_option,
                                           std::string_view target_host,
                                           const EnvironmentLookup& getenv);

}  // namespace iru::heroku::http

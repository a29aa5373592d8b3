#include "http/proxy_config.hpp"

#include <algorithm>
#include <cctype>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "api/api_error.hpp"
#include "http/url.hpp"

namespace iru::heroku::http {
namespace {

std::string trim(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    return std::string(text.substr(b, e - b));
}

ApiError bad(std::string_view what, const std::string& problem) {
    return ApiError(Status::bad_config, std::string(what) + " " + problem);
}

}  // namespace

std::string ProxySettings::display() const {
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ProxySettings parse_proxy_url(std::string_view raw, std::string_view what) {
    std::string text = trim(raw);
    if (text.empty()) throw bad(what, "is empty");
    if (text.size() > 2048) throw bad(what, "is longer than 2048 characters");
    for (unsigned char c : text)
        if (c <= 0x20 || c == 0x7f) throw bad(what, "contains spaces or control characters");
    if (text.find("://") == std::string::npos) text = "http://" + text;

    Poco::URI uri;
    try {
        uri = Poco::URI(text);
    } catch (const Poco::Exception&) {
        throw bad(what, "is not a valid proxy URL (expected http://host:port)");
    }
    const std::string scheme = ascii_lower(uri.getScheme());
    if (scheme != "http")
        throw bad(what, "must be an http:// proxy URL (CONNECT tunnel); the scheme '" + scheme +
                            "' is not supported");
    if (uri.getHost().empty()) throw bad(what, "has no host name (expected http://host:port)");
    if (!uri.getRawQuery().empty() || !uri.getFragment().empty() ||
        (!uri.getPath().empty() && uri.getPath() != "/"))
        throw bad(what, "must be just http://host:port (no path or query)");

    ProxySettings proxy;
    proxy.host = uri.getHost();
    proxy.port = uri.getPort() != 0 ? uri.getPort() : 80;
    const std::string info = uri.getUserInfo();
    if (!info.empty()) {
        const auto colon = info.find(':');
        std::string user = info.substr(0, colon);
        std::string password = colon == std::string::npos ? std::string() : info.substr(colon + 1);
        try {
            Poco::URI::decode(user, proxy.username);
            Poco::URI::decode(password, proxy.password);
        } catch (const Poco::Exception&) {
            throw bad(what, "has badly encoded credentials");
        }
    }
    return proxy;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host_in) {
    std::string host = ascii_lower(host_in);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    while (!host.empty() && host.back() == '.') host.pop_back();
    std::size_t start = 0;
    while (start <= no_proxy.size()) {
        std::size_t end = no_proxy.find(',', start);
        if (end == std::string_view::npos) end = no_proxy.size();
        std::string entry = ascii_lower(trim(no_proxy.substr(start, end - start)));
        start = end + 1;
        if (entry.empty()) continue;
        if (entry == "*") return true;
        if (entry.front() == '[') {  // [v6]:port
            const auto close = entry.find(']');
            entry = close == std::string::npos ? entry.substr(1) : entry.substr(1, close - 1);
        } else if (std::count(entry.begin(), entry.end(), ':') == 1) {  // host:port
            entry = entry.substr(0, entry.find(':'));
        }
        while (!entry.empty() && entry.front() == '.') entry.erase(entry.begin());
        if (entry.rfind("*.", 0) == 0) entry = entry.substr(2);
        while (!entry.empty() && entry.back() == '.') entry.pop_back();
        if (entry.empty()) continue;
        if (host == entry) return true;
        if (host.size() > entry.size() &&
            host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
            host[host.size() - entry.size() - 1] == '.')
            return true;
    }
    return false;
}

std::optional<ProxySettings> resolve_proxy(const std::string& proxy_option,
                                           std::string_view target_host,
                                           const EnvironmentLookup& getenv) {
    if (!proxy_option.empty()) return parse_proxy_url(proxy_option, "proxy");
    auto env = [&](const char* name) -> std::string {
        const char* value = getenv ? getenv(name) : nullptr;
        return value ? trim(value) : std::string();
    };
    const char* proxy_name = "HTTPS_PROXY";
    std::string proxy = env("HTTPS_PROXY");
    if (proxy.empty()) {
        proxy_name = "https_proxy";
        proxy = env("https_proxy");
    }
    if (proxy.empty()) return std::nullopt;
    std::string no_proxy = env("NO_PROXY");
    if (no_proxy.empty()) no_proxy = env("no_proxy");
    if (no_proxy_matches(no_proxy, target_host)) return std::nullopt;
    return parse_proxy_url(proxy, std::string("the ") + proxy_name + " environment variable");
}

}  // namespace iru::heroku::http

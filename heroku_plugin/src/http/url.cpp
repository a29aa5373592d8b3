#include "http/url.hpp"

#include <algorithm>
#include <cctype>

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include "api/api_error.hpp"

namespace iru::heroku::http {
namespace {

bool has_control_or_space(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

ApiError bad(const std::string& message) { return ApiError(Status::bad_config, message); }

std::string host_for_display(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

std::string ApiUrl::display() const {
    std::string out = secure ? "https://" : "http://";
    out += host_for_display(host);
    if (port != (secure ? 443 : 80)) out.append(":").append(std::to_string(port));
    out += base_path;
    return out;
}

bool is_loopback_host(std::string_view host) {
    std::string h = ascii_lower(host);
    if (!h.empty() && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (h == "localhost" || h == "localhost.") return true;
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(h, address)) return false;
    return address.isLoopback();
}

std::string redact_url(std::string_view text) {
    try {
        Poco::URI uri{std::string(text)};
        if (uri.getScheme().empty() || uri.getHost().empty()) return "<unparsable URL>";
        std::string out = ascii_lower(uri.getScheme()) + "://" + host_for_display(uri.getHost());
        if (!uri.getAuthority().empty() && uri.getAuthority().find(':') != std::string::npos &&
            uri.getAuthority().back() != ']')
            out.append(":").append(std::to_string(uri.getPort()));
        out += uri.getPath();
        return out;
    } catch (const Poco::Exception&) {
        return "<unparsable URL>";
    }
}

ApiUrl parse_api_url(std::string_view text) {
    if (text.empty())
        throw bad("api_url is empty; expected an https:// URL such as https://api.heroku.com");
    if (text.size() > 2048) throw bad("api_url is longer than 2048 characters");
    if (has_control_or_space(text)) throw bad("api_url contains spaces or control characters");
    Poco::URI uri;
    try {
        uri = Poco::URI(std::string(text));
    } catch (const Poco::Exception&) {
        throw bad("api_url is not a valid URL: " + redact_url(text));
    }
    const std::string scheme = ascii_lower(uri.getScheme());
    if (scheme.empty())
        throw bad("api_url must start with https:// (for example https://api.heroku.com)");
    if (scheme != "https" && scheme != "http")
        throw bad("api_url must be an https:// URL; the scheme '" + scheme + "' is not supported");
    if (!uri.getUserInfo().empty())
        throw bad("api_url must not contain user credentials (" + redact_url(text) +
                  "); the token is passed as the credential named \"token\"");
    if (uri.getHost().empty()) throw bad("api_url has no host name: " + redact_url(text));
    if (!uri.getRawQuery().empty() || !uri.getFragment().empty())
        throw bad("api_url must not have a query or fragment: " + redact_url(text));

    ApiUrl url;
    url.secure = scheme == "https";
    url.host = uri.getHost();
    url.loopback = is_loopback_host(url.host);
    if (!url.secure && !url.loopback)
        throw bad(
            "api_url " + redact_url(text) +
            " uses plain http://, which is accepted only for a loopback address (127.0.0.1, ::1, "
            "localhost); use https://");
    url.port = uri.getPort() != 0 ? uri.getPort() : (url.secure ? 443 : 80);
    std::string path = uri.getPath();
    while (!path.empty() && path.back() == '/') path.pop_back();
    url.base_path = path;
    return url;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace iru::heroku::http

#include "collect/redaction.hpp"

#include <array>

namespace iru::heroku {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Escapes a key for a JSON pointer path (RFC 6901).
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

}  // namespace

std::string strip_url_secrets(std::string_view url) {
    const std::size_t cut = url.find_first_of("?#");
    std::string_view rest = url.substr(0, cut);
    const std::size_t scheme_end = rest.find("://");
    if (scheme_end == std::string_view::npos) return std::string(rest);
    const std::size_t authority_start = scheme_end + 3;
    const std::size_t authority_end = rest.find('/', authority_start);
    const std::string_view authority =
        rest.substr(authority_start, authority_end == std::string_view::npos
                                          ? std::string_view::npos
                                          : authority_end - authority_start);
    const std::size_t at = authority.rfind('@');
    std::string out(rest.substr(0, authority_start));
    out += at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (authority_end != std::string_view::npos) out += rest.substr(authority_end);
    return out;
}

bool is_secret_field(std::string_view name) {
    static constexpr std::array<std::string_view, 9> names = {
        "attach_url", "output_stream_url", "log_input_url", "access_token", "refresh_token",
        "grant",      "pre_shared_key",    "secret",        "password"};
    for (auto n : names)
        if (n == name) return true;
    return false;
}

bool is_url_field(std::string_view name) {
    return name == "url" || ends_with(name, "_url") || ends_with(name, "_uri");
}

void redact_secrets(nlohmann::json& data) {
    if (data.is_array()) {
        for (auto& item : data) redact_secrets(item);
        return;
    }
    if (!data.is_object()) return;
    for (auto it = data.begin(); it != data.end();) {
        if (is_secret_field(it.key())) {
            it = data.erase(it);
            continue;
        }
        if (it.value().is_string() && is_url_field(it.key()))
            it.value() = strip_url_secrets(it.value().get_ref<const std::string&>());
        else
            redact_secrets(it.value());
        ++it;
    }
}

LeakScanner::LeakScanner(std::string_view token) : token_(token) {}

LeakScanner::~LeakScanner() {
    volatile char* p = token_.data();
    for (std::size_t i = 0; i < token_.size(); ++i) p[i] = 0;
}

bool LeakScanner::leaks(std::string_view text) const noexcept {
    if (text.find("HRKU-") != std::string_view::npos) return true;
    return token_.size() >= 8 && text.find(token_) != std::string_view::npos;
}

std::vector<std::string> LeakScanner::scrub(nlohmann::json& data) const {
    std::vector<std::string> found;
    scrub_at(data, "", found);
    return found;
}

void LeakScanner::scrub_at(nlohmann::json& node, const std::string& path,
                           std::vector<std::string>& found) const {
    if (node.is_string()) {
        if (leaks(node.get_ref<const std::string&>())) {
            node = std::string(redacted_marker);
            found.push_back(path.empty() ? "/" : path);
        }
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            scrub_at(node[i], path + "/" + std::to_string(i), found);
    } else if (node.is_object()) {
        // Keys first: a leaking key is renamed (its path is reported with the replacement name).
        std::vector<std::string> bad_keys;
        for (auto it = node.begin(); it != node.end(); ++it)
            if (leaks(it.key())) bad_keys.push_back(it.key());
        for (std::size_t i = 0; i < bad_keys.size(); ++i) {
            std::string replacement(redacted_marker);
            if (i > 0) replacement += "-" + std::to_string(i);
            nlohmann::json value = std::move(node[bad_keys[i]]);
            node.erase(bad_keys[i]);
            node[replacement] = std::move(value);
            found.push_back(path + "/" + pointer_token(replacement) + " (field name)");
        }
        for (auto it = node.begin(); it != node.end(); ++it)
            scrub_at(it.value(), path + "/" + pointer_token(it.key()), found);
    }
}

}  // namespace iru::heroku

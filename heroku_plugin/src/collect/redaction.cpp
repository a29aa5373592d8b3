#include "collect/redaction.hpp"

#include <cctype>

namespace iru::heroku {

namespace {

// A character that may continue an "HRKU-" token.
bool token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' ||
           c == '~' || c == '+' || c == '/' || c == '=';
}

// Escapes a key for a JSON pointer path (RFC 6901).
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

}  // namespace

LeakScanner::LeakScanner(std::string_view token) : token_(token) {}

LeakScanner::~LeakScanner() {
    volatile char* p = token_.data();
    for (std::size_t i = 0; i < token_.size(); ++i) p[i] = 0;
}

bool LeakScanner::leaks(std::string_view text) const noexcept {
    if (text.find("HRKU-") != std::string_view::npos) return true;
    return token_.size() >= 8 && text.find(token_) != std::string_view::npos;
}

std::string LeakScanner::redact(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::string_view rest = text.substr(i);
        if (token_.size() >= 8 && rest.substr(0, token_.size()) == token_) {
            out += redacted_marker;
            i += token_.size();
        } else if (rest.substr(0, 5) == "HRKU-") {
            out += redacted_marker;
            i += 5;
            while (i < text.size() && token_char(text[i])) ++i;
        } else {
            out += text[i++];
        }
    }
    return out;
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
            if (i > 0) replacement.append("-").append(std::to_string(i));
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

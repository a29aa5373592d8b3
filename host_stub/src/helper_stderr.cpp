#include "helper_stderr.hpp"

#include <cctype>
#include <regex>

#include "text_codec.hpp"

namespace iru::host {

namespace {

constexpr std::string_view redacted = "[redacted]";

bool is_word_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '-' || c == '_' || c == '+' || c == '/' || c == '=' ||
           c == '.';
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool is_uuid(std::string_view word) {
    if (word.size() != 36) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? word[i] != '-' : !is_hex(word[i])) return false;
    }
    return true;
}

// A word that may be a credential by its shape alone.
bool looks_secret(std::string_view word) {
    while (!word.empty() && (word.back() == '.' || word.back() == '=')) word.remove_suffix(1);
    if (word.size() >= 5 && word.substr(0, 5) == "HRKU-") return true;
    if (is_uuid(word)) return true;
    if (word.size() < 20) return false;
    bool letter = false;
    bool digit = false;
    for (const char c : word) {
        letter = letter || std::isalpha(static_cast<unsigned char>(c)) != 0;
        digit = digit || std::isdigit(static_cast<unsigned char>(c)) != 0;
    }
    return letter && digit;
}

void replace_known(std::string& text, std::string_view value) {
    if (value.size() < 4) return;
    for (std::size_t at = text.find(value); at != std::string::npos;
         at = text.find(value, at + redacted.size()))
        text.replace(at, value.size(), redacted);
}

std::string redact_pairs(const std::string& text) {
    // "password=…", "api_key: …", "token=\"…\"": the value goes, the key stays.
    static const std::regex assigned(
        R"(((?:passw(?:or)?d|secret|token|api[_-]?key|credential|private[_-]?key|auth)[A-Za-z0-9_-]*["']?\s*=\s*["']?)([^\s"',;]+))",
        std::regex::icase);
    static const std::regex colon(
        R"(((?:passw(?:or)?d|secret|token|api[_-]?key|credential|private[_-]?key)[A-Za-z0-9_-]*["']?\s*:\s*["']?)([^\s"',;]*[0-9][^\s"',;]*|[^\s"',;]{16,}))",
        std::regex::icase);
    static const std::regex scheme(R"(((?:Bearer|Basic)\s+)([^\s"',;]+))", std::regex::icase);
    std::string out = std::regex_replace(text, assigned, "$1[redacted]");
    out = std::regex_replace(out, colon, "$1[redacted]");
    return std::regex_replace(out, scheme, "$1[redacted]");
}

std::string redact_words(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_word_char(text[i])) {
            out += text[i++];
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_word_char(text[end])) ++end;
        const std::string_view word(text.data() + i, end - i);
        if (looks_secret(word))
            out += redacted;
        else
            out += word;
        i = end;
    }
    return out;
}

// At most max bytes of line, cut at a UTF-8 character boundary, "…" when cut.
std::string cut_line(std::string_view line, std::size_t max) {
    if (line.size() <= max) return std::string(line);
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0U) == 0x80U) --end;
    return std::string(line.substr(0, end)) + "…";
}

std::string_view trimmed(std::string_view line) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())) != 0)
        line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0)
        line.remove_suffix(1);
    return line;
}

}  // namespace

std::string redact_secret_like(std::string text, const std::vector<std::string_view>& known) {
    for (const std::string_view value : known) replace_known(text, value);
    return redact_words(redact_pairs(text));
}

std::string helper_stderr_excerpt(std::string_view stderr_bytes,
                                  const std::vector<std::string_view>& known) {
    const std::string clean = redact_secret_like(std::string(stderr_bytes), known);
    std::vector<std::string> lines;
    bool more = false;
    std::size_t start = 0;
    while (start <= clean.size()) {
        std::size_t end = clean.find_first_of("\r\n", start);
        if (end == std::string::npos) end = clean.size();
        const std::string_view line = trimmed(std::string_view(clean).substr(start, end - start));
        if (!line.empty()) {
            if (lines.size() == helper_stderr_lines) {
                more = true;
                break;
            }
            lines.push_back(printable(cut_line(line, helper_stderr_line_chars)));
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& line : lines) out += (out.empty() ? "" : " | ") + line;
    if (more) out += " | …";
    return out;
}

}  // namespace iru::host

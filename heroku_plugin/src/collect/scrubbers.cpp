#include "collect/scrubbers.hpp"

#include <array>
#include <cstddef>
#include <optional>

namespace iru::heroku {

namespace {

constexpr std::size_t npos = std::string_view::npos;
// Where a URL's authority ends.
constexpr std::string_view authority_delimiters = "/\\?#";
// Characters before which a shell word starts (besides whitespace).
constexpr std::string_view word_openers = "\"'`;&|()=";
// Trailing characters that close the prose around a URL rather than belong to it.
constexpr std::string_view trailing_punctuation = "\"'`)]}>,;.!?\\";
// Substrings of a flag name whose value is taken as secret.
constexpr std::array<std::string_view, 9> secret_flag_words = {
    "pass", "pwd", "secret", "token", "key", "auth", "cred", "cookie", "session"};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_in(char c, std::string_view set) { return set.find(c) != npos; }
bool is_scheme_char(char c) { return is_alnum(c) || c == '+' || c == '.' || c == '-'; }
bool is_b64url(char c) { return is_alnum(c) || c == '_' || c == '-'; }
// The characters a token-shaped word is made of (base64, url-safe base64, hex, JWT, HRKU-).
bool is_run_char(char c) { return is_b64url(c) || is_in(c, "+/=.~"); }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains_ci(std::string_view text, std::string_view needle) {  // needle in lower case
    if (needle.size() > text.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && lower(text[i + k]) == needle[k]) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

// A UUID (8-4-4-4-12 hex) starting at text[i], not glued to more letters or digits.
bool uuid_at(std::string_view text, std::size_t i) {
    constexpr std::size_t size = 36;
    if (text.size() - i < size || (i > 0 && is_alnum(text[i - 1]))) return false;
    if (i + size < text.size() && is_alnum(text[i + size])) return false;
    for (std::size_t k = 0; k < size; ++k) {
        const char c = text[i + k];
        const bool dash = k == 8 || k == 13 || k == 18 || k == 23;
        if (dash ? c != '-' : !is_hex(c)) return false;
    }
    return true;
}

int char_class(char c) { return is_upper(c) ? 0 : is_lower(c) ? 1 : 2; }

bool looks_like_jwt(std::string_view word) {
    std::array<std::string_view, 3> parts;
    std::size_t start = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const std::size_t dot = word.find('.', start);
        if ((dot == npos) != (p == parts.size() - 1)) return false;
        parts[p] = word.substr(start, dot == npos ? npos : dot - start);
        start = dot + 1;
    }
    for (const auto part : parts) {
        if (part.empty()) return false;
        for (const char c : part)
            if (!is_b64url(c)) return false;
    }
    return parts[0].size() >= 10 && parts[0].substr(0, 3) == "eyJ";
}

bool looks_random(std::string_view word) {
    std::size_t counted = 0;
    std::size_t letters = 0;
    std::size_t digits = 0;
    std::size_t changes = 0;
    bool all_hex = true;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (!is_b64url(c) && !is_in(c, "+/=")) return false;
        if (uuid_at(word, i)) {
            i += 35;
            continue;
        }
        if (!is_alnum(c)) continue;
        ++counted;
        (is_digit(c) ? digits : letters) += 1;
        all_hex = all_hex && is_hex(c);
        if (i > 0 && is_alnum(word[i - 1]) && char_class(word[i - 1]) != char_class(c)) ++changes;
    }
    if (counted < 20 || letters == 0 || digits == 0) return false;
    if (all_hex && counted >= 32) return true;
    return changes * 3 >= counted;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

bool valid_scheme(std::string_view scheme) {
    if (scheme.empty() || scheme.size() > 24 || !is_alpha(scheme.front())) return false;
    for (const char c : scheme)
        if (!is_scheme_char(c)) return false;
    return !looks_like_token(scheme);
}

bool valid_reg_name(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    bool any_alnum = false;
    for (const char c : host) {
        if (!is_alnum(c) && c != '.' && c != '-' && c != '_') return false;
        any_alnum = any_alnum || is_alnum(c);
    }
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t dot = host.find('.', start);
        if (looks_like_token(host.substr(start, dot == npos ? npos : dot - start))) return false;
        if (dot == npos) break;
        start = dot + 1;
    }
    return any_alnum;
}

bool valid_ipv6(std::string_view bracketed) {
    const std::string_view inner = bracketed.substr(1, bracketed.size() - 2);
    if (inner.empty() || inner.size() > 45 || inner.find(':') == npos) return false;
    for (const char c : inner)
        if (!is_hex(c) && c != ':' && c != '.') return false;
    return true;
}

// "host", "host:port", "[v6]:port" -> what is kept of it; nullopt when it is not one.
std::optional<std::string_view> valid_host_port(std::string_view text) {
    std::size_t host_end = 0;
    if (!text.empty() && text.front() == '[') {
        host_end = text.find(']');
        if (host_end == npos || !valid_ipv6(text.substr(0, host_end + 1))) return std::nullopt;
        ++host_end;
    } else {
        host_end = text.find(':');
        if (host_end == npos) host_end = text.size();
        if (!valid_reg_name(text.substr(0, host_end))) return std::nullopt;
    }
    std::string_view port = text.substr(host_end);
    if (port.empty()) return text;
    if (port.front() != ':' || port.size() > 6) return std::nullopt;
    port.remove_prefix(1);
    unsigned value = 0;
    for (const char c : port) {
        if (!is_digit(c)) return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) return std::nullopt;
    return port.empty() ? text.substr(0, host_end) : text;
}

// The host[:port] of what follows "//", or nullopt (see scrub_url for the rule).
std::optional<std::string_view> host_of(std::string_view rest) {
    const std::size_t delimiter = rest.find_first_of(authority_delimiters);
    const std::string_view authority = rest.substr(0, delimiter);
    const std::size_t late_at = delimiter == npos ? npos : rest.find('@', delimiter);
    if (late_at == npos) {
        const std::size_t at = authority.rfind('@');
        return valid_host_port(at == npos ? authority : authority.substr(at + 1));
    }
    // An '@' past the first delimiter: a password holding the delimiter, or an '@' in the path.
    // Only a lone '@' after a "user:pass" start that cannot be host:port is taken as the former.
    if (rest.find('@', late_at + 1) != npos || authority.find('@') != npos ||
        authority.find(':') == npos || valid_host_port(authority))
        return std::nullopt;
    const std::string_view tail = rest.substr(late_at + 1);
    return valid_host_port(tail.substr(0, tail.find_first_of(authority_delimiters)));
}

bool secret_flag_name(std::string_view name) {
    for (const auto word : secret_flag_words)
        if (contains_ci(name, word)) return true;
    return false;
}

// Emits a run of token characters: the whole run, or the token-shaped parts of it, replaced.
// The parts are the pieces between '.', '/', '+', '=', '~'; when one is replaced, the stretches
// left between replaced pieces are judged again as wholes (so that a second pass finds nothing).
void emit_run(std::string_view run, std::string& out) {
    // Leading dashes stay: a replaced "--<token>" still reads as a flag, not as a flag's value.
    while (!run.empty() && run.front() == '-') {
        out += '-';
        run.remove_prefix(1);
    }
    if (looks_like_token(run)) {
        out += scrubbed_marker;
        return;
    }
    std::size_t kept_from = 0;  // start of the stretch not yet emitted
    std::size_t i = 0;
    bool any = false;
    while (i < run.size()) {
        if (!is_b64url(run[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < run.size() && is_b64url(run[end])) ++end;
        if (looks_like_token(run.substr(i, end - i))) {
            const std::string_view stretch = run.substr(kept_from, i - kept_from);
            if (!stretch.empty()) out += looks_like_token(stretch) ? scrubbed_marker : stretch;
            out += scrubbed_marker;
            kept_from = end;
            any = true;
        }
        i = end;
    }
    const std::string_view stretch = run.substr(kept_from);
    if (!stretch.empty()) out += any && looks_like_token(stretch) ? scrubbed_marker : stretch;
}

// Scans text or a command line once, left to right, emitting the scrubbed result.
class LineScrubber {
public:
    LineScrubber(std::string_view input, bool command) : in_(input), command_(command) {
        out_.reserve(input.size());
    }

    std::string run() {
        std::size_t i = 0;
        while (i < in_.size()) i = step(i);
        return std::move(out_);
    }

private:
    std::size_t step(std::size_t i) {
        if (command_ && word_start(i)) {
            if (auto next = secret_flag_value(i)) return *next;
            if (auto next = assignment(i)) return *next;
            if (auto next = flag(i)) return *next;
        }
        if (url_starts_at(i)) return url(i);
        if (is_run_char(in_[i])) return token_run(i);
        return plain(i);
    }

    bool word_start(std::size_t i) const {
        return i == 0 || is_space(in_[i - 1]) || is_in(in_[i - 1], word_openers);
    }

    bool url_starts_at(std::size_t i) const {
        if (in_.substr(i, 3) == "://") return true;
        if (in_.substr(i, 2) == "//" && word_start(i) && i + 2 < in_.size())
            return !is_space(in_[i + 2]);
        // A scheme starts with a letter; "--x://" is a dash run, then garbage from "://" on.
        if (!is_alpha(in_[i]) || (i > 0 && is_scheme_char(in_[i - 1]))) return false;
        std::size_t end = i;
        while (end < in_.size() && is_scheme_char(in_[end])) ++end;
        return in_.substr(end, 3) == "://";
    }

    std::size_t url(std::size_t i) {
        std::size_t end = i;
        while (end < in_.size() && !is_space(in_[end])) ++end;
        // A ']' closes an IPv6 host when the URL opened one.
        const bool bracket = in_.substr(i, end - i).find('[') != npos;
        while (end > i + 1 && is_in(in_[end - 1], trailing_punctuation) &&
               !(bracket && in_[end - 1] == ']'))
            --end;
        out_ += scrub_url(in_.substr(i, end - i));
        return end;
    }

    std::size_t token_run(std::size_t i) {
        std::size_t end = i + 1;
        while (end < in_.size() && is_run_char(in_[end]) && !url_starts_at(end)) {
            // In a command, '=' ends a run so that what follows is judged as an assignment.
            if (command_ && in_[end - 1] == '=') break;
            ++end;
        }
        emit_run(in_.substr(i, end - i), out_);
        return end;
    }

    // One character outside any recognised span; in a command, quoting is followed.
    std::size_t plain(std::size_t i) {
        const char c = in_[i];
        out_ += c;
        if (!command_) return i + 1;
        if (c == '\\' && quote_ != '\'' && i + 1 < in_.size() &&
            (is_space(in_[i + 1]) || is_in(in_[i + 1], "\"'\\`$"))) {
            out_ += in_[i + 1];
            return i + 2;
        }
        if ((c == '"' || c == '\'') && (quote_ == 0 || quote_ == c))
            quote_ = quote_ == 0 ? c : '\0';
        return i + 1;
    }

    // The end of a shell word starting at i, inside the quote currently open (if any).
    std::size_t value_end(std::size_t i) const {
        while (i < in_.size()) {
            const char c = in_[i];
            if (quote_ != 0 && c == quote_) break;
            if (is_space(c)) break;
            if (c == '\\') {
                i += 2;
            } else if (c == '"' || c == '\'') {
                const std::size_t close = in_.find(c, i + 1);
                i = close == npos ? in_.size() : close + 1;
            } else {
                ++i;
            }
        }
        return i < in_.size() ? i : in_.size();
    }

    std::size_t replace_value(std::size_t i) {
        const std::size_t end = value_end(i);
        if (end > i) out_ += scrubbed_marker;
        return end;
    }

    std::optional<std::size_t> assignment(std::size_t i) {
        if (!is_alpha(in_[i]) && in_[i] != '_') return std::nullopt;
        std::size_t end = i;
        while (end < in_.size() && (is_alnum(in_[end]) || is_in(in_[end], "_.-"))) ++end;
        if (end == in_.size() || in_[end] != '=') return std::nullopt;
        const std::string_view name = in_.substr(i, end - i);
        if (looks_like_token(name)) return std::nullopt;
        out_ += name;
        out_ += '=';
        return replace_value(end + 1);
    }

    std::optional<std::size_t> flag(std::size_t i) {
        if (in_[i] != '-') return std::nullopt;
        const std::size_t name_start = i + (in_.substr(i, 2) == "--" ? 2 : 1);
        std::size_t end = name_start;
        while (end < in_.size() && (is_alnum(in_[end]) || is_in(in_[end], "_.-"))) ++end;
        const std::string_view name = in_.substr(name_start, end - name_start);
        if (name.empty() || !is_alnum(name.front()) || looks_like_token(name)) return std::nullopt;
        const bool has_value = end < in_.size() && in_[end] == '=';
        if (!has_value && end < in_.size() && !is_space(in_[end])) return std::nullopt;
        const bool secret = secret_flag_name(name);
        out_ += in_.substr(i, end - i);
        if (!has_value) {
            value_pending_ = secret;
            return end;
        }
        out_ += '=';
        return secret ? replace_value(end + 1) : end + 1;
    }

    // The word after a secret flag given without '=' ("--password x").
    std::optional<std::size_t> secret_flag_value(std::size_t i) {
        if (!value_pending_ || is_space(in_[i])) return std::nullopt;
        value_pending_ = false;
        if (in_[i] == '-') return std::nullopt;
        return replace_value(i);
    }

    std::string_view in_;
    bool command_;
    std::string out_;
    char quote_ = 0;              // the quote open at the current position, 0 for none
    bool value_pending_ = false;  // the next word is the value of a secret flag
};

}  // namespace

std::string scrub_url(std::string_view url) {
    url = trim(url);
    std::string out;
    std::string_view rest;
    if (url.substr(0, 2) == "//") {
        out = "//";
        rest = url.substr(2);
    } else {
        const std::size_t sep = url.find("://");
        if (sep == npos || !valid_scheme(url.substr(0, sep))) return std::string(scrubbed_marker);
        out.assign(url.substr(0, sep + 3));
        rest = url.substr(sep + 3);
    }
    const auto host = host_of(rest);
    if (!host) return std::string(scrubbed_marker);
    out += *host;
    return out;
}

std::string scrub_command(std::string_view command) { return LineScrubber(command, true).run(); }

std::string scrub_text(std::string_view text) { return LineScrubber(text, false).run(); }

bool looks_like_token(std::string_view word) {
    if (word.empty()) return false;
    return contains_ci(word, "hrku-") || looks_like_jwt(word) || looks_random(word);
}

}  // namespace iru::heroku

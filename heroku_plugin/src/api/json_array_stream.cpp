#include "api/json_array_stream.hpp"

#include <cstddef>

namespace iru::heroku {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view text, std::size_t at) {
    while (at < text.size() && is_space(text[at])) ++at;
    return at;
}

// The end (one past) of the value starting at `at`: strings with escapes, nested containers, and
// scalars up to the next delimiter. Throws on an unterminated string or container.
std::size_t value_end(std::string_view text, std::size_t at) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = at; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"') {
                in_string = false;
                if (depth == 0) return i + 1;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '{':
            case '[':
                ++depth;
                break;
            case '}':
            case ']':
                if (depth == 0) return i;  // the enclosing array ends: a scalar ended before it
                if (--depth == 0) return i + 1;
                break;
            case ',':
                if (depth == 0) return i;
                break;
            default:
                if (depth == 0 && is_space(c)) return i;
                break;
        }
    }
    if (in_string || depth != 0) throw JsonArrayError("unterminated JSON value");
    return text.size();
}

}  // namespace

std::size_t for_each_array_element(
    std::string_view text, const std::function<bool(std::string_view element)>& on_element) {
    std::size_t at = skip_space(text, 0);
    if (at >= text.size() || text[at] != '[') throw JsonArrayError("not a JSON array");
    at = skip_space(text, at + 1);
    std::size_t count = 0;
    if (at < text.size() && text[at] == ']') {
        if (skip_space(text, at + 1) != text.size())
            throw JsonArrayError("text after the JSON array");
        return 0;
    }
    for (;;) {
        if (at >= text.size()) throw JsonArrayError("unterminated JSON array");
        const std::size_t end = value_end(text, at);
        if (end == at) throw JsonArrayError("empty element in a JSON array");
        ++count;
        if (!on_element(text.substr(at, end - at))) return count;
        at = skip_space(text, end);
        if (at >= text.size()) throw JsonArrayError("unterminated JSON array");
        if (text[at] == ']') {
            if (skip_space(text, at + 1) != text.size())
                throw JsonArrayError("text after the JSON array");
            return count;
        }
        if (text[at] != ',') throw JsonArrayError("expected ',' between array elements");
        at = skip_space(text, at + 1);
    }
}

}  // namespace iru::heroku

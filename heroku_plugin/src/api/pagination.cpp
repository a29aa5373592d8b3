#include "api/pagination.hpp"

#include <algorithm>

namespace iru::heroku {

std::string build_range(std::string_view sort_attribute, bool descending, std::size_t page_size) {
    const bool valid =
        !sort_attribute.empty() && sort_attribute.size() <= 64 &&
        std::all_of(sort_attribute.begin(), sort_attribute.end(), [](unsigned char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '.';
        });
    if (!valid) throw std::invalid_argument("invalid sort attribute for a Range header");
    const std::size_t size = std::clamp<std::size_t>(page_size, 1, max_page_size);
    std::string range(sort_attribute);
    range += " ..; ";
    if (descending) range += "order=desc, ";
    range += "max=" + std::to_string(size);
    return range;
}

std::size_t page_size_for(std::size_t limit) noexcept {
    return limit == 0 ? max_page_size : std::min(limit, max_page_size);
}

bool is_sendable_range(std::string_view value) noexcept {
    if (value.empty() || value.size() > 1024) return false;
    return std::all_of(value.begin(), value.end(),
                       [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

std::optional<std::string> sort_value(const nlohmann::json& item, std::string_view attribute) {
    const nlohmann::json* node = &item;
    while (!attribute.empty()) {
        const auto dot = attribute.find('.');
        const std::string name(attribute.substr(0, dot));
        if (!node->is_object()) return std::nullopt;
        const auto found = node->find(name);
        if (found == node->end()) return std::nullopt;
        node = &*found;
        attribute = dot == std::string_view::npos ? std::string_view{} : attribute.substr(dot + 1);
    }
    return node->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void PageTail::add(std::optional<std::string> value) {
    previous_ = std::move(last_);
    last_ = std::move(value);
    ++items_;
}

std::optional<std::string> Paginator::after_page(int http_status, std::string_view next_range) {
    ++pages_;
    if (http_status != 206 || next_range.empty()) return std::nullopt;
    if (!is_sendable_range(next_range))
        throw PaginationError("the server sent a Next-Range header that cannot be sent back");
    if (pages_ >= max_pages_)
        throw PaginationError("the list has more than " + std::to_string(max_pages_) +
                              " pages, more than any real list; treated as an endless loop");
    if (!seen_.emplace(next_range).second)
        throw PaginationError(
            "the server sent the same Next-Range twice, which would loop forever");
    return std::string(next_range);
}

}  // namespace iru::heroku

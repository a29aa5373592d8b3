#include "range.hpp"

#include <algorithm>
#include <charconv>

namespace iru::fake {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// A sort key: numbers compare as numbers, everything else as its string form.
struct Key {
    bool numeric = false;
    double number = 0;
    std::string text;
};

Key key_of(const nlohmann::json& item, const std::string& attribute) {
    Key k;
    const auto it = item.find(attribute);
    if (it == item.end() || it->is_null()) return k;
    if (it->is_number()) {
        k.numeric = true;
        k.number = it->get<double>();
        k.text = it->dump();
    } else if (it->is_string()) {
        k.text = it->get<std::string>();
    } else {
        k.text = it->dump();
    }
    return k;
}

Key key_of_text(const std::string& text, bool numeric) {
    Key k;
    k.text = text;
    if (numeric) {
        double v = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && ptr == text.data() + text.size()) {
            k.numeric = true;
            k.number = v;
        }
    }
    return k;
}

int compare(const Key& a, const Key& b) {
    if (a.numeric && b.numeric) return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    return a.text.compare(b.text) < 0 ? -1 : a.text.compare(b.text) > 0 ? 1 : 0;
}

}  // namespace

std::optional<RangeSpec> parse_range(std::string_view header) {
    RangeSpec r;
    std::string_view head = header;
    std::string_view options;
    if (const auto semi = header.find(';'); semi != std::string_view::npos) {
        head = header.substr(0, semi);
        options = header.substr(semi + 1);
    }
    head = trim(head);
    const auto space = head.find(' ');
    r.attribute = std::string(head.substr(0, space));
    if (r.attribute.empty()) return std::nullopt;
    std::string_view bounds =
        space == std::string_view::npos ? std::string_view{} : trim(head.substr(space + 1));
    if (!bounds.empty()) {
        const auto dots = bounds.find("..");
        if (dots == std::string_view::npos) return std::nullopt;
        std::string_view start = bounds.substr(0, dots);
        std::string_view end = bounds.substr(dots + 2);
        if (!start.empty() && start.front() == ']') {
            r.start_exclusive = true;
            start.remove_prefix(1);
        }
        if (!start.empty())
            r.start = std::string(start);
        else if (r.start_exclusive)
            return std::nullopt;
        if (!end.empty()) r.end = std::string(end);
    }
    while (!options.empty()) {
        const auto comma = options.find(',');
        std::string_view opt = trim(options.substr(0, comma));
        options = comma == std::string_view::npos ? std::string_view{} : options.substr(comma + 1);
        if (opt.empty()) continue;
        const auto eq = opt.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        const auto name = trim(opt.substr(0, eq));
        const auto value = trim(opt.substr(eq + 1));
        if (name == "max") {
            std::size_t n = 0;
            const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc() || ptr != value.data() + value.size() || n == 0)
                return std::nullopt;
            r.max = std::min(n, kMaxPageSize);
        } else if (name == "order") {
            if (value == "desc")
                r.descending = true;
            else if (value == "asc")
                r.descending = false;
            else
                return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    return r;
}

std::string format_range(const RangeSpec& r) {
    std::string s = r.attribute + " ";
    if (r.start_exclusive) s += "]";
    if (r.start) s += *r.start;
    s += "..";
    if (r.end) s += *r.end;
    s += "; max=" + std::to_string(r.max);
    if (r.descending) s += ", order=desc";
    return s;
}

PageResult paginate(const nlohmann::json& items, const std::vector<std::string>& accepted,
                    std::string_view range_header, std::size_t page_size) {
    PageResult result;
    RangeSpec range;
    if (trim(range_header).empty()) {
        range.attribute = accepted.empty() ? "id" : accepted.front();
    } else {
        auto parsed = parse_range(range_header);
        if (!parsed ||
            std::find(accepted.begin(), accepted.end(), parsed->attribute) == accepted.end()) {
            result.status = 416;
            return result;
        }
        range = std::move(*parsed);
    }
    if (page_size > 0) range.max = std::min(range.max, page_size);
    const std::string& attr = range.attribute;
    const bool numeric =
        !items.empty() && items.front().contains(attr) && items.front()[attr].is_number();

    // Sort: by the attribute, ties by id, so pages are stable.
    std::vector<std::pair<Key, std::size_t>> order;
    order.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) order.emplace_back(key_of(items[i], attr), i);
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        const int c = compare(a.first, b.first);
        return range.descending ? c > 0 : c < 0;
    });

    // Bounds, in the direction of the order.
    const auto before_start = [&](const Key& k) {
        if (!range.start) return false;
        const int c = compare(k, key_of_text(*range.start, numeric));
        const int directed = range.descending ? -c : c;
        return range.start_exclusive ? directed <= 0 : directed < 0;
    };
    const auto after_end = [&](const Key& k) {
        if (!range.end) return false;
        const int c = compare(k, key_of_text(*range.end, numeric));
        return range.descending ? c < 0 : c > 0;
    };

    std::vector<std::size_t> selected;
    bool more = false;
    for (const auto& [key, index] : order) {
        if (before_start(key)) continue;
        if (after_end(key)) break;
        if (selected.size() == range.max) {
            more = true;
            break;
        }
        selected.push_back(index);
    }
    for (std::size_t index : selected) result.items.push_back(items[index]);
    if (!selected.empty()) {
        const auto first = key_of(result.items.front(), attr).text;
        const auto last = key_of(result.items.back(), attr).text;
        result.content_range =
            attr + " " + first + ".." + last + "; max=" + std::to_string(range.max);
    }
    if (more) {
        RangeSpec next = range;
        next.start = key_of(result.items.back(), attr).text;
        next.start_exclusive = true;
        result.status = 206;
        result.next_range = format_range(next);
    }
    return result;
}

}  // namespace iru::fake

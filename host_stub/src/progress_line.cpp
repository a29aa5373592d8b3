#include "progress_line.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "text_codec.hpp"

namespace iru::host {

namespace {

constexpr std::size_t types_shown = 4;
constexpr std::string_view separator = " | ";

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string_view trim_separators(std::string_view text) {
    auto junk = [](char c) {
        return c == ' ' || c == ',' || c == ':' || c == ';' || c == '-' || c == '|';
    };
    while (!text.empty() && junk(text.front())) text.remove_prefix(1);
    while (!text.empty() && junk(text.back())) text.remove_suffix(1);
    return text;
}

// The first `columns` columns of text.
std::string cut_columns(std::string_view text, std::size_t columns) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) continue;
        if (seen == columns) return std::string(text.substr(0, i));
        ++seen;
    }
    return std::string(text);
}

std::string types_text(const std::map<std::string, std::uint64_t>& by_type) {
    std::vector<std::pair<std::uint64_t, std::string>> types;
    types.reserve(by_type.size());
    for (const auto& [type, count] : by_type) types.emplace_back(count, type);
    std::sort(types.rbegin(), types.rend());
    std::string text;
    for (std::size_t i = 0; i < types.size() && i < types_shown; ++i) {
        std::string type = types[i].second;
        if (const auto dot = type.find('.'); dot != std::string::npos) type = type.substr(dot + 1);
        text += (i == 0 ? "(" : ", ") + printable(type) + " " + std::to_string(types[i].first);
    }
    if (!text.empty()) text += types.size() > types_shown ? ", …)" : ")";
    return text;
}

}  // namespace

PhaseParts split_phase(std::string_view phase) {
    // The last "<digits>/<digits>" that stands as a word.
    std::size_t slash = phase.rfind('/');
    while (slash != std::string_view::npos) {
        std::size_t start = slash;
        while (start > 0 && is_digit(phase[start - 1])) --start;
        std::size_t end = slash + 1;
        while (end < phase.size() && is_digit(phase[end])) ++end;
        const bool word =
            (start == 0 || phase[start - 1] == ' ') &&
            (end == phase.size() || !std::isalnum(static_cast<unsigned char>(phase[end])));
        if (start < slash && end > slash + 1 && word) {
            std::size_t label = start;  // the word before the numbers: "apps"
            if (label > 0) {
                std::size_t word_end = label - 1;
                std::size_t word_start = word_end;
                while (word_start > 0 && phase[word_start - 1] != ' ' &&
                       phase[word_start - 1] != ',' && phase[word_start - 1] != ':')
                    --word_start;
                if (word_start < word_end) label = word_start;
            }
            PhaseParts parts;
            parts.count = std::string(phase.substr(label, end - label));
            const std::string rest =
                std::string(phase.substr(0, label)) + " " + std::string(phase.substr(end));
            parts.name = std::string(trim_separators(rest));
            return parts;
        }
        if (slash == 0) break;
        slash = phase.rfind('/', slash - 1);
    }
    return {"", std::string(trim_separators(phase))};
}

std::size_t display_columns(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

std::string fit_progress_line(const ProgressView& view, std::size_t columns) {
    const PhaseParts phase = split_phase(printable(view.phase));
    const std::string records = std::to_string(view.records) + " records";
    const bool records_are_count = phase.count.empty();
    const std::string count = records_are_count ? records : phase.count;
    // Optional parts in the order shown; drop_rank: the first dropped has the lowest.
    struct Part {
        std::string text;
        int drop_rank;
        bool glued;  // follows the part before it with a space, not a separator
        bool kept = true;
    };
    std::vector<Part> parts;
    const std::string types = types_text(view.by_type);
    if (records_are_count && !types.empty()) parts.push_back({types, 0, true});
    parts.push_back({std::to_string(view.requests) + " requests", 5, false});
    if (view.rate_limit_remaining >= 0)
        parts.push_back({"budget " + std::to_string(view.rate_limit_remaining), 4, false});
    if (!phase.name.empty()) parts.push_back({phase.name, 3, false});
    if (!records_are_count) {
        parts.push_back({records, 2, false});
        if (!types.empty()) parts.push_back({types, 0, true});
    }
    std::string source = printable(view.source_id);
    auto render = [&] {
        std::string line = source + ": " + count;
        for (const auto& part : parts)
            if (part.kept) line += (part.glued ? " " : std::string(separator)) + part.text;
        return line;
    };
    for (int rank = 0; rank <= 5 && display_columns(render()) > columns; ++rank)
        for (auto& part : parts)
            if (part.drop_rank == rank) part.kept = false;
    std::string line = render();
    if (display_columns(line) <= columns) return line;
    // Only the source and the count are left: shorten the source, then cut.
    const std::size_t count_columns = display_columns(count) + 2;
    if (columns > count_columns + 1) {
        source = cut_columns(source, columns - count_columns - 1) + "…";
        line = render();
    }
    return display_columns(line) <= columns ? line : cut_columns(line, columns);
}

}  // namespace iru::host

// Fuzzes the pagination rules: any sequence of (status, Next-Range) answers either ends, or fails
// with PaginationError, within the page bound; a Range it hands back is always sendable; an
// item's sort value is read without an exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/pagination.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    // build_range with an arbitrary attribute: a valid header or invalid_argument, nothing else.
    const auto first_line = input.substr(0, input.find('\n'));
    try {
        const std::string range = iru::heroku::build_range(first_line, size % 2 == 0, size);
        if (!iru::heroku::is_sendable_range(range)) std::abort();
    } catch (const std::invalid_argument&) {}

    // The first line as a list item: its sort value under any attribute is found or not, never
    // an exception, and a tail of it twice is a tie.
    const auto item = nlohmann::json::parse(first_line, nullptr, false);
    if (!item.is_discarded()) {
        for (const std::string_view attribute : {"id", "user.id", "a.b.c", "", "."}) {
            iru::heroku::PageTail tail;
            tail.add(iru::heroku::sort_value(item, attribute));
            tail.add(iru::heroku::sort_value(item, attribute));
            if (!tail.ends_in_tie()) std::abort();
        }
    }

    // The rest: answers separated by '\n', each "<status byte><Next-Range>".
    constexpr std::size_t max_pages = 64;
    iru::heroku::Paginator paginator(max_pages);
    paginator.note_sent("id ..; max=1000");
    std::size_t pos = first_line.size() < input.size() ? first_line.size() + 1 : input.size();
    std::size_t answers = 0;
    while (pos < input.size()) {
        const auto end = input.find('\n', pos);
        const auto line =
            input.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? input.size() : end + 1;
        if (line.empty()) continue;
        const int status = (static_cast<unsigned char>(line[0]) % 4 == 0) ? 200 : 206;
        ++answers;
        try {
            const auto next = paginator.after_page(status, line.substr(1));
            if (!next) break;
            if (!iru::heroku::is_sendable_range(*next)) std::abort();
            if (*next != line.substr(1)) std::abort();  // Next-Range is sent back verbatim
        } catch (const iru::heroku::PaginationError&) {
            break;
        }
        if (paginator.pages() > max_pages) std::abort();
    }
    if (paginator.pages() > answers) std::abort();
    return 0;
}

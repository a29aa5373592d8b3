// Heroku's Range pagination as pure functions: the first Range header of a list, and what to do
// after each answer (206 + Next-Range: continue with it verbatim; anything else: done). A repeated
// Next-Range or too many pages is an error, never a loop; a page cut between items that share
// their sort value is told apart (PageTail). No I/O; safe to fuzz.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace iru::heroku {

inline constexpr std::size_t max_page_size = 1000;  // Heroku's largest max=
inline constexpr std::size_t default_max_pages = 100000;

// "id ..; max=1000" or "version ..; order=desc, max=10". page_size is clamped to 1..1000.
// Throws std::invalid_argument for a sort attribute that is not [A-Za-z0-9_.]+.
std::string build_range(std::string_view sort_attribute, bool descending, std::size_t page_size);

// The page size for a list: max_page_size, or the limit when smaller (limit 0: no limit).
std::size_t page_size_for(std::size_t limit) noexcept;

// True when a Next-Range value can be sent back as a header: 1..1024 printable ASCII characters.
bool is_sendable_range(std::string_view value) noexcept;

// Thrown by Paginator for a Next-Range loop, too many pages or an unsendable Next-Range.
class PaginationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The sort value of a list item as a server compares it: the JSON text of `attribute` (dotted for
// a nested member, "user.id"); nullopt when the item has no such member.
std::optional<std::string> sort_value(const nlohmann::json& item, std::string_view attribute);

// The last two sort values of one page, in order. A page that ends between two items with the same
// value cannot be resumed: the next page starts after that value, skipping the rest of the items
// that share it.
class PageTail {
public:
    void add(std::optional<std::string> value);
    // The page's last two items have the same value (two items without it count as a tie).
    bool ends_in_tie() const noexcept { return items_ >= 2 && last_ == previous_; }

private:
    std::optional<std::string> previous_;
    std::optional<std::string> last_;
    std::size_t items_ = 0;
};

// Follows one list from its first Range to its end.
class Paginator {
public:
    explicit Paginator(std::size_t max_pages = default_max_pages) : max_pages_(max_pages) {}

    // Records a Range the client sent itself (the first one), so a Next-Range equal to it is a
    // loop.
    void note_sent(std::string_view range) { seen_.emplace(range); }

    // After a page with this HTTP status and Next-Range header ("" when absent): the Range for the
    // next request, or nullopt when the list is complete. Throws PaginationError.
    std::optional<std::string> after_page(int http_status, std::string_view next_range);

    std::size_t pages() const noexcept { return pages_; }

private:
    std::size_t max_pages_;
    std::size_t pages_ = 0;
    std::set<std::string, std::less<>> seen_;
};

}  // namespace iru::heroku

#include "collect/audit_cursor.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace iru::heroku {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::string_view complete_through_field = "complete_through";

bool digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view text) {
    int n = 0;
    for (const char c : text) n = n * 10 + (c - '0');
    return n;
}

}  // namespace

std::string audit_cursor_key(std::string_view enterprise_account_id) {
    return "audit_cursor/" + std::string(enterprise_account_id);
}

Day utc_day(std::chrono::system_clock::time_point when) {
    return Day{std::chrono::floor<days>(when)};
}

std::string format_day(Day day) {
    char text[16];
    const int written = std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(day.year()),
                                      unsigned(day.month()), unsigned(day.day()));
    return written > 0 ? std::string(text, static_cast<std::size_t>(written)) : std::string();
}

std::optional<Day> parse_day(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const std::string_view y = text.substr(0, 4);
    const std::string_view m = text.substr(5, 2);
    const std::string_view d = text.substr(8, 2);
    if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
    const Day day{std::chrono::year{number(y)}, std::chrono::month{unsigned(number(m))},
                  std::chrono::day{unsigned(number(d))}};
    if (!day.ok()) return std::nullopt;
    return day;
}

Day next_day(Day day) { return Day{sys_days{day} + days{1}}; }

AuditCursor read_cursor(const std::optional<std::string>& stored, Day today) {
    AuditCursor cursor;
    if (!stored) return cursor;
    const auto value = nlohmann::json::parse(*stored, nullptr, false);
    std::optional<Day> day;
    if (value.is_object()) {
        const auto it = value.find(complete_through_field);
        if (it != value.end() && it->is_string())
            day = parse_day(it->get_ref<const std::string&>());
    }
    if (!day) {
        cursor.problem =
            "the stored audit cursor is not readable; reading the audit trail as on a first run";
        return cursor;
    }
    if (*day >= today) {
        cursor.problem = "the stored audit cursor says " + format_day(*day) +
                         " was read completely, which is not over yet (UTC " + format_day(today) +
                         "); reading the audit trail as on a first run";
        return cursor;
    }
    cursor.complete_through = day;
    return cursor;
}

std::string cursor_value(Day complete_through) {
    return nlohmann::json{{complete_through_field, format_day(complete_through)}}.dump();
}

AuditWindow days_to_read(std::optional<Day> complete_through, Day today, int lookback) {
    const int span = std::clamp(lookback, audit_lookback_min, audit_lookback_max);
    const sys_days last{today};
    sys_days first = last - days{span - 1};
    AuditWindow window;
    if (complete_through && sys_days{*complete_through} < last) {
        first = sys_days{*complete_through} + days{1};
        const sys_days earliest = last - days{audit_lookback_max - 1};
        if (first < earliest) {
            window.days_skipped = static_cast<std::size_t>((earliest - first).count());
            first = earliest;
        }
    }
    for (sys_days d = first; d <= last; d += days{1}) window.days.emplace_back(d);
    return window;
}

std::optional<Day> advance(std::optional<Day> complete_through, std::span<const DayRead> reads,
                           Day today) {
    std::optional<Day> cursor = complete_through;
    std::optional<Day> previous;
    for (const DayRead& read : reads) {
        if (previous && read.day != next_day(*previous)) break;  // out of sequence
        previous = read.day;
        if (cursor && read.day <= *cursor) continue;  // complete before: never moves back
        if (!read.complete || read.day >= today) break;
        cursor = read.day;
    }
    return cursor;
}

}  // namespace iru::heroku

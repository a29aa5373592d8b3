// The audit trail's cursor: which UTC days of an enterprise account's events a run reads, and how
// far the next run may skip. A day is read whole or not at all (GET .../events?day=YYYY-MM-DD);
// the cursor names the last day read completely, and a day counts as complete only once it is over
// (before today, UTC) and every page of it was read. Today is therefore read on every run until it
// is over, and a day a run could not finish is read again by the next one: no event is missed, and
// an event read twice keeps its key (the event id).
// Pure functions: no clock, no I/O, thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iru::heroku {

using Day = std::chrono::year_month_day;

// audit_lookback_days: the days a first run reads (today included), and the most days any run
// reads for one enterprise account.
inline constexpr int audit_lookback_min = 1;
inline constexpr int audit_lookback_max = 90;
inline constexpr int audit_lookback_default = 7;

// The state key of an enterprise account's cursor.
std::string audit_cursor_key(std::string_view enterprise_account_id);

// The UTC day of a point in time.
Day utc_day(std::chrono::system_clock::time_point when);

// "2026-12-02". parse_day reads exactly that shape of a valid calendar date, nullopt otherwise.
std::string format_day(Day day);
std::optional<Day> parse_day(std::string_view text);

Day next_day(Day day);

// A stored cursor read back. complete_through is the last day read completely; empty for a first
// run. problem is set (a sentence for the log, naming no value but the stored day) when a stored
// value was ignored: it did not parse, or it names today or a later day, which cannot have been
// complete. Either way the run then reads as a first run.
struct AuditCursor {
    std::optional<Day> complete_through;
    std::string problem;
};
AuditCursor read_cursor(const std::optional<std::string>& stored, Day today);

// The value stored for a cursor: {"complete_through":"YYYY-MM-DD"}.
std::string cursor_value(Day complete_through);

// The days a run reads, oldest first, through today. A first run reads the lookback days ending
// today; a later one the days after complete_through. lookback is clamped to
// [audit_lookback_min, audit_lookback_max], and no run reads more than audit_lookback_max days:
// days_skipped counts the older days a long pause left unread (the caller warns).
struct AuditWindow {
    std::vector<Day> days;
    std::size_t days_skipped = 0;
};
AuditWindow days_to_read(std::optional<Day> complete_through, Day today, int lookback);

// How the read of one day ended: complete when every page was read without error.
struct DayRead {
    Day day{};
    bool complete = false;
};

// The cursor after a run's reads of the days of its window (days_to_read), oldest first: the last
// day of the run of consecutive complete days before today that starts at the first day read
// after complete_through. The first day not complete, today, or a day out of sequence ends it, so
// a day a run could not finish, and every later one, is read again. Never moves back.
std::optional<Day> advance(std::optional<Day> complete_through, std::span<const DayRead> reads,
                           Day today);

}  // namespace iru::heroku

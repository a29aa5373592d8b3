// The audit trail's cursor: the days a run reads and how far the next one may skip.
#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

#include "collect/audit_cursor.hpp"

using namespace iru::heroku;

namespace {

Day ymd(const char* text) {
    const auto parsed = parse_day(text);
    REQUIRE(parsed);
    return *parsed;
}

std::vector<std::string> texts(const std::vector<Day>& days) {
    std::vector<std::string> out;
    for (const Day& d : days) out.push_back(format_day(d));
    return out;
}

}  // namespace

TEST_CASE("audit days: parsed and formatted as YYYY-MM-DD, valid dates only", "[audit_cursor]") {
    CHECK(format_day(ymd("2024-02-29")) == "2024-02-29");
    CHECK(format_day(ymd("0999-01-01")) == "0999-01-01");
    CHECK_FALSE(parse_day("2023-02-29"));  // not a leap year
    CHECK_FALSE(parse_day("2024-13-01"));
    CHECK_FALSE(parse_day("2024-04-31"));
    CHECK_FALSE(parse_day("2024-4-01"));
    CHECK_FALSE(parse_day("2024-04-01T00:00:00Z"));
    CHECK_FALSE(parse_day("20x4-04-01"));
    CHECK_FALSE(parse_day(""));
    CHECK(format_day(next_day(ymd("2024-02-28"))) == "2024-02-29");
    CHECK(format_day(next_day(ymd("2024-02-29"))) == "2024-03-01");
    CHECK(format_day(next_day(ymd("2023-02-28"))) == "2023-03-01");
    CHECK(format_day(next_day(ymd("2026-12-31"))) == "2027-01-01");
    CHECK(format_day(next_day(ymd("2026-04-30"))) == "2026-05-01");
}

TEST_CASE("audit days: the UTC day of an instant, at its boundaries", "[audit_cursor]") {
    using namespace std::chrono;
    const sys_days midnight{ymd("2027-01-01")};
    CHECK(format_day(utc_day(midnight)) == "2027-01-01");
    CHECK(format_day(utc_day(midnight - seconds(1))) == "2026-12-31");
    CHECK(format_day(utc_day(midnight + hours(23) + minutes(59))) == "2027-01-01");
}

TEST_CASE("audit window: a first run reads the lookback days ending today", "[audit_cursor]") {
    const auto w = days_to_read(std::nullopt, ymd("2024-03-02"), 4);
    CHECK(texts(w.days) ==
          std::vector<std::string>{"2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"});
    CHECK(w.days_skipped == 0);
    CHECK(texts(days_to_read(std::nullopt, ymd("2027-01-01"), 2).days) ==
          std::vector<std::string>{"2026-12-31", "2027-01-01"});
    CHECK(texts(days_to_read(std::nullopt, ymd("2027-01-01"), 1).days) ==
          std::vector<std::string>{"2027-01-01"});
}

TEST_CASE("audit window: the lookback is clamped to 1..90 days", "[audit_cursor]") {
    CHECK(days_to_read(std::nullopt, ymd("2026-12-02"), 0).days.size() == 1);
    CHECK(days_to_read(std::nullopt, ymd("2026-12-02"), -5).days.size() == 1);
    const auto w = days_to_read(std::nullopt, ymd("2026-12-02"), 1000);
    REQUIRE(w.days.size() == 90);
    CHECK(format_day(w.days.front()) == "2026-09-04");
    CHECK(format_day(w.days.back()) == "2026-12-02");
}

TEST_CASE("audit window: a later run reads from the day after the cursor through today",
          "[audit_cursor]") {
    // Across a year's end, whatever the lookback.
    const auto w = days_to_read(ymd("2026-12-30"), ymd("2027-01-02"), 1);
    CHECK(texts(w.days) == std::vector<std::string>{"2026-12-31", "2027-01-01", "2027-01-02"});
    // The run after a complete yesterday: today alone.
    CHECK(texts(days_to_read(ymd("2026-12-01"), ymd("2026-12-02"), 7).days) ==
          std::vector<std::string>{"2026-12-02"});
    // A long pause: the 90 newest days, the older ones counted as skipped.
    const auto pause = days_to_read(ymd("2026-01-01"), ymd("2026-12-02"), 7);
    REQUIRE(pause.days.size() == 90);
    CHECK(format_day(pause.days.front()) == "2026-09-04");
    CHECK(pause.days_skipped == 245);  // 2026-01-02 .. 2026-09-03
}

TEST_CASE("audit cursor: stored values, absent, corrupt or not yet over", "[audit_cursor]") {
    const Day today = ymd("2026-12-02");
    auto c = read_cursor(std::nullopt, today);
    CHECK_FALSE(c.complete_through);
    CHECK(c.problem.empty());

    c = read_cursor(cursor_value(ymd("2026-11-30")), today);
    REQUIRE(c.complete_through);
    CHECK(format_day(*c.complete_through) == "2026-11-30");
    CHECK(c.problem.empty());
    CHECK(cursor_value(ymd("2026-11-30")) == R"({"complete_through":"2026-11-30"})");

    for (const char* corrupt : {"", "not json", "[]", R"({"complete_through":20261130})",
                                R"({"complete_through":"2026-02-30"})", R"({"other":"x"})"}) {
        CAPTURE(corrupt);
        c = read_cursor(std::string(corrupt), today);
        CHECK_FALSE(c.complete_through);
        CHECK_THAT(c.problem, Catch::Contains("not readable") && Catch::Contains("first run"));
    }
    // Today cannot be complete yet, nor a later day (a clock moved back): a first run.
    for (const char* future : {"2026-12-02", "2027-06-01"}) {
        CAPTURE(future);
        c = read_cursor(cursor_value(ymd(future)), today);
        CHECK_FALSE(c.complete_through);
        CHECK_THAT(c.problem, Catch::Contains(future) && Catch::Contains("first run"));
    }
    // A future cursor read as a first run still covers the lookback: nothing before it is lost.
    CHECK(
        days_to_read(read_cursor(cursor_value(ymd("2027-06-01")), today).complete_through, today, 3)
            .days.size() == 3);
}

TEST_CASE("audit cursor: advances over consecutive complete days before today", "[audit_cursor]") {
    const Day today = ymd("2024-03-01");
    const std::vector<DayRead> all_complete = {{ymd("2024-02-27"), true},
                                               {ymd("2024-02-28"), true},
                                               {ymd("2024-02-29"), true},
                                               {today, true}};
    // A first run: through yesterday, never today.
    auto c = advance(std::nullopt, all_complete, today);
    REQUIRE(c);
    CHECK(format_day(*c) == "2024-02-29");
    c = advance(ymd("2024-02-26"), all_complete, today);
    REQUIRE(c);
    CHECK(format_day(*c) == "2024-02-29");
}

TEST_CASE("audit cursor: an interrupted day and every later day are read again", "[audit_cursor]") {
    const Day today = ymd("2026-12-02");
    const std::vector<DayRead> interrupted = {{ymd("2026-11-28"), true},
                                              {ymd("2026-11-29"), false},
                                              {ymd("2026-11-30"), true},
                                              {ymd("2026-12-01"), true},
                                              {today, true}};
    auto c = advance(ymd("2026-11-27"), interrupted, today);
    REQUIRE(c);
    CHECK(format_day(*c) == "2026-11-28");
    // The next run starts with the day that failed.
    CHECK(format_day(days_to_read(c, today, 7).days.front()) == "2026-11-29");

    // The first day fails: the cursor stays where it was (absent: a first run again).
    const std::vector<DayRead> first_fails = {{ymd("2026-12-01"), false}, {today, true}};
    c = advance(ymd("2026-11-30"), first_fails, today);
    REQUIRE(c);
    CHECK(format_day(*c) == "2026-11-30");
    CHECK_FALSE(advance(std::nullopt, first_fails, today));
    // A run cut before any day was read.
    CHECK(format_day(*advance(ymd("2026-11-30"), {}, today)) == "2026-11-30");
}

TEST_CASE("audit cursor: never moves back, stops at a hole in the days read", "[audit_cursor]") {
    const Day today = ymd("2026-12-02");
    const std::vector<DayRead> older = {{ymd("2026-11-20"), true}, {ymd("2026-11-21"), true}};
    CHECK(format_day(*advance(ymd("2026-11-30"), older, today)) == "2026-11-30");
    const std::vector<DayRead> hole = {{ymd("2026-11-28"), true}, {ymd("2026-11-30"), true}};
    CHECK(format_day(*advance(ymd("2026-11-27"), hole, today)) == "2026-11-28");
    // After a long pause the window starts later than the cursor's next day (days skipped).
    const auto window = days_to_read(ymd("2026-01-01"), today, 7);
    std::vector<DayRead> reads;
    for (const Day& d : window.days) reads.push_back({d, true});
    CHECK(format_day(*advance(ymd("2026-01-01"), reads, today)) == "2026-12-01");
}

TEST_CASE("audit cursor: the state key names the enterprise account", "[audit_cursor]") {
    CHECK(audit_cursor_key("01234567-89ab-cdef-0123-456789abcdef") ==
          "audit_cursor/01234567-89ab-cdef-0123-456789abcdef");
}

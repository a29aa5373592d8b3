// The per-app read planner: its order, its budget and what it carries forward; the run's request
// budget; whether a snapshot is complete.
#include <catch2/catch.hpp>

#include "collect/app_read_history.hpp"
#include "collect/app_read_plan.hpp"

using namespace iru::heroku;
using namespace std::chrono;

namespace {

const Seconds day0 = Seconds{} + hours(24 * 20000);  // 2024-10-04, any fixed instant does

AppPlanInput account_of_six() {
    AppPlanInput input;
    input.now = day0;
    input.max_evidence_age = hours(24 * 7);
    // a: never read; b: audit events since its read; c: updated_at moved; d: read 8 days ago;
    // e: read 2 days ago; f: read 3 days ago, released_at moved.
    input.apps = {{"a", "u1", "r1"}, {"b", "u1", "r1"}, {"c", "u2", "r1"},
                  {"d", "u1", "r1"}, {"e", "u1", "r1"}, {"f", "u1", "r2"}};
    input.history = {{"b", {day0 - hours(24), "u1", "r1"}},
                     {"c", {day0 - hours(48), "u1", "r1"}},
                     {"d", {day0 - hours(24 * 8), "u1", "r1"}},
                     {"e", {day0 - hours(48), "u1", "r1"}},
                     {"f", {day0 - hours(72), "u1", "r1"}}};
    input.last_event_at = {{"b", day0 - hours(2)}, {"e", day0 - hours(72)}};
    return input;
}

std::vector<std::string> ids(const std::vector<PlannedRead>& reads) {
    std::vector<std::string> out;
    for (const PlannedRead& read : reads) out.push_back(read.id);
    return out;
}

}  // namespace

TEST_CASE("planner: never read, audit events, changed, aged, then the rest", "[plan]") {
    const AppPlan plan = plan_app_reads(account_of_six());
    // f (read 3 days ago) goes before c (2 days ago): within a reason, the oldest read first.
    CHECK(ids(plan.read) == std::vector<std::string>{"a", "b", "f", "c", "d", "e"});
    REQUIRE(plan.read.size() == 6);
    CHECK(plan.read[0].reason == ReadReason::never_read);
    CHECK(plan.read[1].reason == ReadReason::audit_events);
    CHECK(plan.read[2].reason == ReadReason::app_changed);
    CHECK(plan.read[3].reason == ReadReason::app_changed);
    CHECK(plan.read[4].reason == ReadReason::aged);
    // e's only event is older than its last read: nothing new.
    CHECK(plan.read[5].reason == ReadReason::refresh);
    CHECK(plan.carry.empty());
    CHECK(plan.due_not_read == 0);
}

TEST_CASE("planner: the budget cuts the order and the rest is carried in list order", "[plan]") {
    AppPlanInput input = account_of_six();
    input.app_budget = 3;
    const AppPlan plan = plan_app_reads(input);
    CHECK(ids(plan.read) == std::vector<std::string>{"a", "b", "f"});
    CHECK(plan.carry == std::vector<std::string>{"c", "d", "e"});
    CHECK(plan.due_not_read == 2);  // c changed, d aged; e is only a refresh
    CHECK(plan.never_read_not_read == 0);

    input.app_budget = 0;
    const AppPlan none = plan_app_reads(input);
    CHECK(none.read.empty());
    CHECK(none.carry.size() == 6);
    CHECK(none.due_not_read == 5);
    CHECK(none.never_read_not_read == 1);
}

TEST_CASE("planner: a first run larger than its budget reads in list order", "[plan]") {
    AppPlanInput input;
    input.now = day0;
    for (int i = 0; i < 10; ++i) input.apps.push_back({"app" + std::to_string(i), "u", "r"});
    input.app_budget = 4;
    const AppPlan plan = plan_app_reads(input);
    CHECK(ids(plan.read) == std::vector<std::string>{"app0", "app1", "app2", "app3"});
    CHECK(plan.never_read_not_read == 6);
    CHECK(plan.due_not_read == 6);
    CHECK_FALSE(snapshot_complete(input, ids(plan.read), plan.carry));
}

TEST_CASE("planner: aged apps and the rest go oldest first", "[plan]") {
    AppPlanInput input;
    input.now = day0;
    input.max_evidence_age = hours(24 * 7);
    input.apps = {{"x", "", ""}, {"y", "", ""}, {"z", "", ""}, {"w", "", ""}};
    input.history = {{"x", {day0 - hours(24 * 9), "", ""}},
                     {"y", {day0 - hours(24 * 10), "", ""}},
                     {"z", {day0 - hours(1), "", ""}},
                     {"w", {day0 - hours(5), "", ""}}};
    const AppPlan plan = plan_app_reads(input);
    CHECK(ids(plan.read) == std::vector<std::string>{"y", "x", "w", "z"});
    CHECK(plan.read[1].reason == ReadReason::aged);
    CHECK(plan.read[2].reason == ReadReason::refresh);
}

TEST_CASE("planner: a last read in the future counts as aged", "[plan]") {
    AppPlanInput input;
    input.now = day0;
    input.apps = {{"x", "u", "r"}, {"y", "u", "r"}};
    input.history = {{"x", {day0 - hours(1), "u", "r"}}, {"y", {day0 + hours(24 * 30), "u", "r"}}};
    const AppPlan plan = plan_app_reads(input);
    CHECK(ids(plan.read) == std::vector<std::string>{"y", "x"});
    CHECK(plan.read[0].reason == ReadReason::aged);
    CHECK_FALSE(snapshot_complete(input, {"x"}, {"y"}));
    CHECK(snapshot_complete(input, {"y"}, {"x"}));
}

TEST_CASE("planner: an app listed twice is planned once", "[plan]") {
    AppPlanInput input;
    input.now = day0;
    input.apps = {{"x", "", ""}, {"x", "", ""}, {"y", "", ""}};
    const AppPlan plan = plan_app_reads(input);
    CHECK(ids(plan.read) == std::vector<std::string>{"x", "y"});
}

TEST_CASE("planner: history of apps that are gone is ignored", "[plan]") {
    AppPlanInput input = account_of_six();
    input.history.emplace("gone", AppReadHistory{day0 - hours(24 * 30), "", ""});
    input.last_event_at.emplace("gone", day0);
    const AppPlan plan = plan_app_reads(input);
    CHECK(plan.read.size() == 6);
    for (const PlannedRead& read : plan.read) CHECK(read.id != "gone");
    CHECK(plan.carry.empty());
}

TEST_CASE("snapshot: complete when every app is read or carried recent enough", "[plan]") {
    const AppPlanInput input = account_of_six();
    CHECK(snapshot_complete(input, {"a", "b", "c", "d", "e", "f"}, {}));
    CHECK_FALSE(snapshot_complete(input, {"b", "c", "d", "e", "f"}, {}));     // a never read
    CHECK_FALSE(snapshot_complete(input, {"b", "c", "d", "e", "f"}, {"a"}));  // a: no history
    CHECK_FALSE(snapshot_complete(input, {"a", "b", "c", "e", "f"}, {"d"}));  // d is 8 days old
    CHECK(snapshot_complete(input, {"a", "d"}, {"b", "c", "e", "f"}));        // within 7 days
    // A run that stopped read neither b nor c: not observed, whatever their history says.
    CHECK_FALSE(snapshot_complete(input, {"a", "d"}, {"e", "f"}));
}

TEST_CASE("reasons have stable names", "[plan]") {
    CHECK(to_string(ReadReason::never_read) == "never_read");
    CHECK(to_string(ReadReason::audit_events) == "audit_events");
    CHECK(to_string(ReadReason::app_changed) == "app_changed");
    CHECK(to_string(ReadReason::aged) == "aged");
    CHECK(to_string(ReadReason::refresh) == "refresh");
}

TEST_CASE("budget: a daily run gets its share of the daily refill", "[plan]") {
    CHECK(run_request_budget(0.10, hours(24), std::nullopt) == 10800);
    CHECK(run_request_budget(0.10, hours(6), std::nullopt) == 2700);
    // Clamped to one hour .. one day.
    CHECK(run_request_budget(0.10, minutes(5), std::nullopt) == 450);
    CHECK(run_request_budget(0.10, hours(24 * 7), std::nullopt) == 10800);
    CHECK(run_request_budget(2.0, hours(24), std::nullopt) == 108000);
    CHECK(run_request_budget(-1.0, hours(24), std::nullopt) == 0);
    CHECK(run_request_budget(0.10, hours(24), 500) == 500);
    CHECK(run_request_budget(0.5, hours(24), std::nullopt, 1000) == 500);
}

TEST_CASE("budget: apps a budget affords", "[plan]") {
    CHECK(apps_affordable(10800, 8.8) == 1215);  // 10,692 after the 1 % margin
    CHECK(apps_affordable(10000, 10.0) == 990);
    CHECK(apps_affordable(10, 3.0) == 3);
    CHECK(apps_affordable(10, 0.0) == 10);  // at least one request per app
    CHECK(apps_affordable(10, std::nan("")) == 10);
    CHECK(apps_affordable(0, 8.0) == 0);
}

TEST_CASE("budget: an app's read starts only while the budget covers it and those in flight",
          "[plan]") {
    CHECK(may_start_app_read(0, 0, 10.0, 10));
    CHECK_FALSE(may_start_app_read(1, 0, 10.0, 10));
    CHECK(may_start_app_read(10'000, 7, 10.0, 10'080));  // 10,000 + 8 apps of 10
    CHECK_FALSE(may_start_app_read(10'000, 8, 10.0, 10'080));
    CHECK_FALSE(may_start_app_read(10'800, 0, 1.0, 10'800));
    CHECK(may_start_app_read(5, 0, std::nan(""), 6));  // at least one request an app
    CHECK_FALSE(may_start_app_read(0, 0, 10.0, 0));
}

TEST_CASE("history: an app's read survives the state store's text", "[plan]") {
    const AppReadHistory history{day0 + seconds(7), "2026-11-01T00:00:00Z", ""};
    const auto decoded = decode_app_history(encode_app_history(history));
    REQUIRE(decoded);
    CHECK(decoded->read_at == history.read_at);
    CHECK(decoded->updated_at == history.updated_at);
    CHECK(decoded->released_at.empty());
    CHECK(app_history_key("01234567-89ab-cdef-0123-456789abcdef") ==
          "app/01234567-89ab-cdef-0123-456789abcdef");
}

TEST_CASE("history: a value that does not decode is absent, never an error", "[plan]") {
    for (const char* value :
         {"", "{", "null", "[]", "{}", R"({"read_at":5})", R"({"read_at":"yesterday"})",
          R"({"read_at":"2026-11-01T00:00:00Z","updated_at":7})"})
        CHECK_FALSE(decode_app_history(value));
    CHECK(decode_app_history(R"({"read_at":"2026-11-01T00:00:00Z"})"));
}

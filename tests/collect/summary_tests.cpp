// The heroku.collection_summary record: shape (contracts §2), token expiry warning, hint, caps.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "collect/collection_summary.hpp"

using namespace iru::heroku;
using nlohmann::json;

TEST_CASE("summary has the contract's shape", "[summary]") {
    const auto start = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
    CollectionSummary s(start);
    s.count("heroku.app");
    s.count("heroku.app");
    s.count("heroku.dyno");
    s.add_gap(
        {gap_kind::app_not_visible, "/apps/a1/formation", Ref{"a1", "one"}, std::nullopt, "403"});
    s.set_account({{"id", "u1"},
                   {"email", "me@example.com"},
                   {"two_factor_authentication", true},
                   {"federated", false},
                   {"last_login", "x"}});
    CHECK(s.build(Status::ok, "", {}, start)["missing_apps_hint"].get<std::string>().find(
              "could not be read") != std::string::npos);
    s.set_teams({{Ref{"t1", "alpha"}, "admin", 3}, {Ref{"t2", "beta"}, "member", 0, false}});
    ClientStats stats;
    stats.requests = 10;
    stats.pages = 4;
    stats.rate_limit_remaining = 4400;
    s.set_requests_by_type({{"heroku.app", 6}, {"heroku.dyno", 3}});
    const json d =
        s.build(Status::partial, "1 gap", stats, start + std::chrono::milliseconds(1500));
    CHECK(d["status"] == "partial");
    CHECK(d["message"] == "1 gap");
    CHECK(d["started_at"] == "2026-01-01T00:00:00Z");
    CHECK(d["finished_at"] == "2026-01-01T00:00:01Z");
    CHECK(d["duration_ms"] == 1500);
    CHECK(d["counts"] == json({{"heroku.app", 2}, {"heroku.dyno", 1}}));
    REQUIRE(d["gaps"].size() == 1);
    CHECK(d["gaps"][0] == json({{"kind", "app_not_visible"},
                                {"resource", "/apps/a1/formation"},
                                {"app", {{"id", "a1"}, {"name", "one"}}},
                                {"reason", "403"}}));
    CHECK(d["requests"] == json({{"total", 10},
                                 {"by_type", {{"heroku.app", 6}, {"heroku.dyno", 3}}},
                                 {"pages", 4},
                                 {"retries", 0},
                                 {"rate_limited", 0},
                                 {"throttled_waits", 0},
                                 {"duplicate_urls", 0}}));
    CHECK(d["rate_limit_remaining"] == 4400);
    CHECK(d["account"] == json({{"id", "u1"},
                                {"email", "me@example.com"},
                                {"two_factor_authentication", true},
                                {"federated", false}}));
    CHECK(d["teams"][0] ==
          json({{"id", "t1"}, {"name", "alpha"}, {"role", "admin"}, {"app_count", 3}}));
    CHECK(d["token"]["matched"] == false);
    CHECK(d["token"]["expires_at"].is_null());
    CHECK(d["warnings"] == json::array());
    const std::string hint = d["missing_apps_hint"];
    CHECK(hint.find("alpha (admin)") != std::string::npos);
    CHECK(hint.find("beta (member, left out by the 'teams' option)") != std::string::npos);
    CHECK(hint.find("enterprise") == std::string::npos);  // no enterprise team outside the account
    s.add_enterprise_team_not_joined("legal");
    s.add_enterprise_team_not_joined("finance");
    s.add_enterprise_team_not_joined("legal");
    const std::string with_outside = s.build(Status::ok, "", stats, start)["missing_apps_hint"];
    CHECK(with_outside.find("not a member of (their apps are not collected): legal, finance.") !=
          std::string::npos);
    CHECK(d["teams"].size() == 2);
    ClientStats unknown;
    CHECK(s.build(Status::ok, "ignored", unknown, start)["rate_limit_remaining"].is_null());
    CHECK(s.build(Status::ok, "ignored", unknown, start)["message"] == "");
}

TEST_CASE("summary rate_limit: the reserve, the lowest seen, the wait, someone else's spending",
          "[summary]") {
    ClientStats stats;
    stats.rate_limit_reserve = 1000;
    stats.rate_limit_remaining = 1004;
    stats.lowest_rate_limit_remaining = 958;
    stats.reserve_waited = std::chrono::milliseconds(46'000);
    stats.throttled_waits = 8;
    stats.rate_limit_polls = 10;
    stats.budget_spent_by_others = 42;
    CHECK(rate_limit_json(stats) == json({{"reserve", 1000},
                                          {"remaining", 1004},
                                          {"lowest_remaining", 958},
                                          {"waited_ms", 46'000},
                                          {"waits", 8},
                                          {"polls", 10},
                                          {"others_spending", true},
                                          {"others_spent_at_least", 42}}));
    const json unknown = rate_limit_json(ClientStats{});
    CHECK(unknown["remaining"].is_null());
    CHECK(unknown["lowest_remaining"].is_null());
    CHECK(unknown["others_spending"] == false);
    CHECK(unknown["waited_ms"] == 0);
    CollectionSummary s(std::chrono::system_clock::now());
    CHECK(s.build(Status::ok, "", stats, std::chrono::system_clock::now())["rate_limit"] ==
          rate_limit_json(stats));
}

TEST_CASE("token expiry: warning within 14 days, none beyond, none without expiry", "[summary]") {
    auto token_with = [](std::optional<std::int64_t> expires_in) {
        TokenMatch m;
        m.record = {"heroku.token",
                    "auth-1",
                    {{"id", "auth-1"},
                     {"description", "iru"},
                     {"created_at", "c"},
                     {"expires_at", expires_in ? json("2026-01-10T00:00:00Z") : json(nullptr)}}};
        m.expires_in = expires_in;
        return summarize_token(m);
    };
    const json soon = token_with(9 * 86400 + 100);
    CHECK(soon["matched"] == true);
    CHECK(soon["id"] == "auth-1");
    CHECK(soon["expires_in_days"] == 9);
    REQUIRE(soon["warning"].is_string());
    CHECK(soon["warning"].get<std::string>().find("9 days") != std::string::npos);
    const json later = token_with(30 * 86400);
    CHECK(later["expires_in_days"] == 30);
    CHECK(later["warning"].is_null());
    const json never = token_with(std::nullopt);
    CHECK(never["expires_in_days"].is_null());
    CHECK(never["warning"].is_null());

    CollectionSummary s(std::chrono::system_clock::now());
    s.set_token(soon);
    const json d = s.build(Status::ok, "", {}, std::chrono::system_clock::now());
    CHECK(d["warnings"].size() == 1);
}

TEST_CASE("gaps and warnings are capped but counted, and concurrent use is safe", "[summary]") {
    CollectionSummary s(std::chrono::system_clock::now());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (std::size_t i = 0; i < CollectionSummary::max_listed_gaps; ++i) {
                s.add_gap({gap_kind::request_failed, "/x", std::nullopt, std::nullopt, "r"});
                s.count("heroku.app");
            }
        });
    for (auto& t : threads) t.join();
    CHECK(s.gap_count() == 4 * CollectionSummary::max_listed_gaps);
    CHECK(s.records_counted() == 4 * CollectionSummary::max_listed_gaps);
    const json d = s.build(Status::partial, "m", {}, std::chrono::system_clock::now());
    CHECK(d["gaps"].size() == CollectionSummary::max_listed_gaps);
    CHECK(d["warnings"].size() == 1);
    CHECK(s.has_gap("request_failed"));
    CHECK_FALSE(s.has_gap("app_vanished"));
}

TEST_CASE("fields not recognized: per type, each name once, bounded", "[summary]") {
    const auto start = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
    CollectionSummary s(start);
    CHECK(s.build(Status::ok, "", {}, start)["fields_not_recognized"] == json::object());
    s.note_fields_not_recognized("heroku.app", {"new_field", "build_stack.extra"});
    s.note_fields_not_recognized("heroku.app", {"new_field"});
    s.note_fields_not_recognized("heroku.dyno", {std::string(500, 'x')});
    std::vector<std::string> many;
    for (int i = 0; i < 200; ++i) many.push_back("f" + std::to_string(i));
    s.note_fields_not_recognized("heroku.release", many);
    const json d = s.build(Status::ok, "", {}, start)["fields_not_recognized"];
    CHECK(d["heroku.app"] == json({"build_stack.extra", "new_field"}));
    CHECK(d["heroku.dyno"][0].get<std::string>().size() ==
          CollectionSummary::max_unrecognized_name);
    CHECK(d["heroku.release"].size() == CollectionSummary::max_unrecognized_per_type);
}

TEST_CASE("summary schema: its gap kinds are exactly the kinds the collector can report",
          "[summary]") {
    std::ifstream in(std::string(IRU_RECORD_SCHEMAS_DIR) +
                     "/heroku.collection_summary.schema.json");
    REQUIRE(in);
    const json schema = json::parse(in);
    std::set<std::string> in_schema;
    for (const auto& kind :
         schema.at("properties").at("gaps").at("items").at("properties").at("kind").at("enum"))
        in_schema.insert(kind.get<std::string>());
    std::set<std::string> in_code;
    for (std::string_view kind : gap_kind::all) in_code.insert(std::string(kind));
    CHECK(in_schema == in_code);
}

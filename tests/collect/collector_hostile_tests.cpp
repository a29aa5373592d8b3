// The collector against the fake Heroku's hostile answers (fake_heroku/hostile.hpp): planted
// secrets and undocumented fields, a 40,000-deep body, wrong-shaped items mid-page, a denied
// per-app endpoint and a read-scoped token. Each ends as named gaps while the rest is collected.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "collect/collector.hpp"
#include "collect/token_scope.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "memory_sink.hpp"
#include "test_collection.hpp"

using namespace iru::heroku;
using iru::fake::FakeHeroku;
using nlohmann::json;

namespace {

constexpr const char* marker = "IRU-SECRET-MARKER";

iru::fake::Config hostile_config(const iru::fake::HostileSpec& hostile) {
    iru::fake::Config config;
    config.account.apps = 12;
    config.account.teams = 2;
    config.account.members_per_team = 5;
    config.server.rate_limit_start = 100'000'000;
    config.server.rate_limit_capacity = 100'000'000;
    config.faults.hostile = hostile;
    return config;
}

struct Run {
    CollectOutcome outcome;
    std::vector<iru::test::EmittedRecord> records;
    std::vector<std::string> log_lines;
    json summary;

    std::vector<json> of(const std::string& type) const {
        std::vector<json> out;
        for (const auto& r : records)
            if (r.type == type) out.push_back(r.json());
        return out;
    }
    std::multimap<std::string, json> gaps() const {
        std::multimap<std::string, json> out;
        for (const auto& g : summary["gaps"]) out.emplace(g["kind"].get<std::string>(), g);
        return out;
    }
};

Run collect(FakeHeroku& fake) {
    const iru::test::TestCollection c = iru::test::run_test_collection(
        iru::test::test_client_options(fake.base_url(), 4), fake.token());
    return {c.outcome, c.records, c.log_lines, c.summary()};
}

std::set<std::string> types_for_app(const Run& run, const std::string& app_id) {
    std::set<std::string> types;
    for (const auto& r : run.records)
        if (r.key.rfind(app_id, 0) == 0 && r.type != "heroku.app") types.insert(r.type);
    return types;
}

}  // namespace

TEST_CASE("planted secrets and undocumented fields reach no record, log or summary",
          "[collector][hostile]") {
    iru::fake::HostileSpec hostile;
    hostile.planted_secrets = true;
    FakeHeroku fake(hostile_config(hostile));
    fake.start();
    const Run run = collect(fake);
    CHECK(run.outcome.status == Status::ok);
    REQUIRE_FALSE(fake.planted_secrets().empty());
    std::size_t dirty = 0;
    for (const auto& r : run.records)
        if (r.data.find(marker) != std::string::npos || r.key.find(marker) != std::string::npos) {
            UNSCOPED_INFO(r.type << " " << r.key);
            ++dirty;
        }
    for (const auto& line : run.log_lines)
        dirty += line.find(marker) != std::string::npos ? 1U : 0U;
    CHECK(dirty == 0);
    CHECK(run.outcome.message.find(marker) == std::string::npos);

    for (const auto& account : run.of("heroku.account"))
        CHECK_FALSE(account.contains("sms_number"));
    // The one-off dyno keeps its program, not the database URL's password.
    bool oneoff = false;
    for (const auto& dyno : run.of("heroku.dyno"))
        if (dyno["name"] == "run.1") {
            oneoff = true;
            CHECK(dyno["command"].get<std::string>().find("rake db:migrate") != std::string::npos);
        }
    CHECK(oneoff);
    for (const auto& drain : run.of("heroku.log_drain")) {
        const std::string url = drain["url"].get<std::string>();
        INFO(url);
        const auto authority = url.find("://");
        if (authority == std::string::npos) {
            CHECK(url == "[REDACTED]");
            continue;
        }
        CHECK(url.find_first_of("/?#@", authority + 3) == std::string::npos);
        CHECK_FALSE(drain.contains("token"));
    }

    // The undocumented fields are named once per type, their values nowhere.
    const json& unknown = run.summary["fields_not_recognized"];
    for (const char* type : {"heroku.account", "heroku.app", "heroku.dyno", "heroku.formation",
                             "heroku.log_drain", "heroku.domain", "heroku.team_member"}) {
        INFO(type);
        REQUIRE(unknown.contains(type));
        CHECK(std::find(unknown[type].begin(), unknown[type].end(), json("x_future_field")) !=
              unknown[type].end());
    }
    CHECK(std::find(unknown["heroku.dyno"].begin(), unknown["heroku.dyno"].end(),
                    json("x_future_object")) != unknown["heroku.dyno"].end());
    CHECK(unknown.dump().find(marker) == std::string::npos);
}

TEST_CASE("a 40,000-deep answer is a named gap, and the app's other endpoints and the run go on",
          "[collector][hostile]") {
    iru::fake::HostileSpec hostile;
    FakeHeroku probe(hostile_config(hostile));  // to learn an app's name and id
    const auto app = probe.account().apps[2];
    hostile.deep_nesting_apps = {app.name};
    FakeHeroku fake(hostile_config(hostile));
    fake.start();
    const Run run = collect(fake);
    CHECK(run.outcome.status == Status::partial);
    const auto gaps = run.gaps();
    REQUIRE(gaps.count("answer_rejected") == 1);
    CHECK(gaps.find("answer_rejected")->second["resource"] == "/apps/" + app.id + "/formation");
    const auto types = types_for_app(run, app.id);
    CHECK(types.count("heroku.formation") == 0);
    CHECK(types.count("heroku.dyno") == 1);
    CHECK(types.count("heroku.release") == 1);
    CHECK(run.of("heroku.app").size() == fake.account().apps.size());
}

TEST_CASE("wrong-shaped items mid-page are skipped and named, and the rest of every page is kept",
          "[collector][hostile]") {
    iru::fake::HostileSpec hostile;
    FakeHeroku probe(hostile_config(hostile));
    const auto app = probe.account().apps[3];
    const auto team = probe.account().teams[0];
    hostile.bad_item_apps = {app.name};
    hostile.bad_item_teams = {team.name};
    FakeHeroku fake(hostile_config(hostile));
    fake.start();
    const Run run = collect(fake);
    CHECK(run.outcome.status == Status::partial);
    std::map<std::string, int> skipped;  // resource -> items skipped
    for (const auto& [kind, gap] : run.gaps()) {
        CHECK(kind == "item_skipped");
        skipped[gap["resource"].get<std::string>()]++;
        CHECK(gap["reason"].get<std::string>().find("item ") != std::string::npos);
    }
    const std::string domains = "/apps/" + app.id + "/domains";
    const std::string members = "/teams/" + team.id + "/members";
    CHECK(skipped.size() == 2);
    CHECK(skipped[domains] >= 2);  // one per page, two pages at least
    CHECK(skipped[members] >= 2);
    std::size_t domain_records = 0;
    for (const auto& r : run.records)
        domain_records += r.type == "heroku.domain" && r.key.rfind(app.id + "/", 0) == 0 ? 1U : 0U;
    CHECK(domain_records >= 4);  // at least two good items a page
    std::size_t member_records = 0;
    for (const auto& m : run.of("heroku.team_member"))
        member_records += m["team"]["id"] == team.id ? 1U : 0U;
    CHECK(member_records >= team.members.size());
}

TEST_CASE("a denied per-app endpoint is a gap for it alone", "[collector][hostile]") {
    iru::fake::HostileSpec hostile;
    FakeHeroku probe(hostile_config(hostile));
    const auto app = probe.account().apps[4];
    hostile.denied_app_endpoints = {app.name + "/dynos"};
    FakeHeroku fake(hostile_config(hostile));
    fake.start();
    const Run run = collect(fake);
    CHECK(run.outcome.status == Status::partial);
    const auto gaps = run.gaps();
    REQUIRE(gaps.size() == 1);
    CHECK(gaps.begin()->first == "app_endpoint_denied");
    CHECK(gaps.begin()->second["resource"] == "/apps/" + app.id + "/dynos");
    // Every type the app has without the fault, but its dynos.
    probe.start();
    auto expected = types_for_app(collect(probe), app.id);
    REQUIRE(expected.count("heroku.dyno") == 1);
    expected.erase("heroku.dyno");
    CHECK(expected.size() >= 6);
    CHECK(types_for_app(run, app.id) == expected);
}

TEST_CASE("a read-scoped token: members and config vars denied with cause and remedy, said once",
          "[collector][hostile]") {
    iru::fake::HostileSpec hostile;
    hostile.token_scope = "read";
    FakeHeroku fake(hostile_config(hostile));
    fake.start();
    const Run run = collect(fake);
    CHECK(run.outcome.status == Status::partial);
    std::map<std::string, std::size_t> kinds;
    for (const auto& [kind, gap] : run.gaps()) {
        ++kinds[kind];
        INFO(kind << ": " << gap["reason"].get<std::string>());
        CHECK(gap["reason"].get<std::string>().find(global_scope_remedy) != std::string::npos);
    }
    CHECK(kinds["team_members_denied"] == fake.account().teams.size());
    CHECK(kinds["config_vars_denied"] == fake.account().apps.size());
    CHECK(kinds.size() == 2);
    std::size_t said = 0;
    for (const auto& w : run.summary["warnings"])
        said += w.get<std::string>().find(global_scope_remedy) != std::string::npos ? 1U : 0U;
    CHECK(said == 1);
    CHECK(run.summary["token"]["oauth_scope"] == "read");
    CHECK(run.of("heroku.team_member").empty());
    CHECK_FALSE(run.of("heroku.dyno").empty());  // everything else is collected
}

// The summary's generic findings: one per gap kind with count, example and remedy, the token's
// warning; and the whole summary satisfies the generic run-summary schema a host reads.
#include <catch2/catch.hpp>

#include "collect/collection_summary.hpp"
#include "collect/summary_findings.hpp"
#include "collect/time_format.hpp"
#include "fixtures_io.hpp"
#include "schema_check.hpp"

using namespace iru::heroku;
using nlohmann::json;

TEST_CASE("findings: one per gap kind, counted, with an example and a remedy", "[summary]") {
    const std::vector<json> gaps = {
        {{"kind", "team_members_denied"},
         {"resource", "/teams/t2/members"},
         {"reason", "403 forbidden"}},
        {{"kind", "app_vanished"}, {"resource", "/apps/a9/dynos"}, {"reason", "404"}},
        {{"kind", "team_members_denied"},
         {"resource", "/teams/t3/members"},
         {"reason", "403 forbidden"}},
        {{"kind", "something_new"}, {"resource", "/x"}, {"reason", "?"}},
    };
    const json f = summary_findings(gaps, summarize_token(std::nullopt));
    REQUIRE(f.size() == 3);
    CHECK(f[0] == json({{"level", "warn"},
                        {"message",
                         "2 team(s) whose members the account may not list (e.g. "
                         "/teams/t2/members: 403 forbidden)"},
                        {"remedy", "use a token of an account that is an admin of those teams"},
                        {"count", 2}}));
    CHECK(f[1]["level"] == "info");
    CHECK(f[1]["remedy"].is_null());
    CHECK(f[1]["count"] == 1);
    CHECK(f[2]["message"] == "1 gap(s) of kind something_new (e.g. /x: ?)");
    CHECK(f[2]["level"] == "warn");
}

TEST_CASE("findings: the token's expiry warning is a finding with what to do", "[summary]") {
    json token = summarize_token(std::nullopt);
    CHECK(summary_findings({}, token).empty());
    token["warning"] = "the Heroku token expires in 3 days";
    const json f = summary_findings({}, token);
    REQUIRE(f.size() == 1);
    CHECK(f[0]["level"] == "warn");
    CHECK(f[0]["message"] == "the Heroku token expires in 3 days");
    CHECK_THAT(f[0]["remedy"].get<std::string>(), Catch::Contains("heroku authorizations:create"));
}

TEST_CASE("the summary carries the generic part of plugin_api/README.md", "[summary][schemas]") {
    const auto start = std::chrono::system_clock::now();
    CollectionSummary s(start);
    s.count("heroku.app");
    s.add_gap({gap_kind::request_failed, "/apps/a1/formation", Ref{"a1", "one"}, std::nullopt,
               "503 after retries"});
    s.add_warning("something to know");
    const json d = s.build(Status::partial, "1 gap", {}, start);
    const json schema = iru::test::read_json_file(std::filesystem::path(IRU_SCHEMAS_DIR) /
                                                  "run-summary.schema.json");
    const auto errors = iru::test::schema_errors(schema, d);
    INFO(d.dump(2));
    for (const auto& e : errors) INFO(e);
    CHECK(errors.empty());
    CHECK(d["status"] == "partial");
    CHECK(d["counts"]["heroku.app"] == 1);
    REQUIRE(d["findings"].size() == 1);
    CHECK(d["findings"][0]["count"] == 1);
    CHECK(d["findings"][0]["remedy"] == std::string(gap_remedy("request_failed")));
}

TEST_CASE("findings: the account's records say what a reviewer asks first", "[summary]") {
    using std::chrono::hours;
    const auto now = std::chrono::system_clock::now();
    AccountFacts facts;
    facts.set_drains_collected(true);
    auto member = [](const std::string& email, const std::string& team, const std::string& role,
                     bool tfa, bool federated) {
        return json{{"email", email},
                    {"role", role},
                    {"two_factor_authentication", tfa},
                    {"federated", federated},
                    {"team", {{"id", team + "-id"}, {"name", team}}}};
    };
    facts.observe("heroku.team_member", member("ann@x.test", "core", "admin", true, false));
    facts.observe("heroku.team_member", member("bob@x.test", "core", "member", false, false));
    facts.observe("heroku.team_member",
                  member("sso@x.test", "core", "member", false, true));  // federated
    facts.observe("heroku.team_member",
                  member("bob@x.test", "web", "admin", false, false));  // counted once
    facts.observe("heroku.team_member", member("cy@x.test", "web", "admin", true, false));
    facts.observe("heroku.team_member", member("dee@x.test", "ops", "member", true, false));
    for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
             {"a1", "shop"}, {"a2", "blog"}, {"a3", "api"}, {"a4", "unread"}})
        facts.observe("heroku.app", {{"id", id}, {"name", name}});
    facts.observe("heroku.log_drain", {{"id", "d1"}, {"app", {{"id", "a1"}, {"name", "shop"}}}});
    auto cert = [](const std::string& app, const std::string& name,
                   std::chrono::system_clock::time_point at) {
        return json{{"name", name},
                    {"app", {{"id", app + "-id"}, {"name", app}}},
                    {"ssl_cert", {{"expires_at", format_rfc3339(at)}}}};
    };
    facts.observe("heroku.sni_endpoint", cert("shop", "tokyo-1", now + hours(24 * 20)));
    facts.observe("heroku.sni_endpoint", cert("blog", "tokyo-2", now + hours(24 * 400)));
    facts.observe("heroku.sni_endpoint", cert("api", "tokyo-3", now - hours(24)));  // expired
    const std::vector<json> gaps = {
        {{"kind", "request_failed"}, {"resource", "/apps/a4/log-drains"}, {"reason", "503"}}};
    json token = summarize_token(std::nullopt);
    token["matched"] = true;
    token["expires_in_days"] = 200;
    token["expires_at"] = "2027-06-20T00:00:00Z";
    token["oauth_scope"] = "global";
    const json f = summary_findings(gaps, token, facts.snapshot(), now);
    INFO(f.dump(2));
    REQUIRE(f.size() == 6);
    CHECK(f[0]["level"] == "warn");
    CHECK(f[0]["count"] == 1);
    CHECK(f[0]["message"] ==
          "1 team member(s) without two-factor authentication who are not federated (e.g. "
          "bob@x.test in team core)");
    CHECK(f[1]["count"] == 2);
    CHECK_THAT(
        f[1]["message"].get<std::string>(),
        Catch::StartsWith(
            "2 certificate(s) expired or expiring within 30 days (e.g. tokyo-1 of app shop, at "));
    // a4's drains could not be read: it is not counted as without one.
    CHECK(f[2]["message"] == "2 of 4 app(s) without a log drain (e.g. blog)");
    CHECK(f[2]["count"] == 2);
    CHECK(f[3] == json({{"level", "info"},
                        {"message", "admins per team: core 1, ops 0, web 2"},
                        {"remedy", nullptr},
                        {"count", 1}}));
    CHECK(f[4]["message"] ==
          "the token expires in 200 days (at 2027-06-20T00:00:00Z); its OAuth scope: global");
    CHECK(f[4]["level"] == "info");
    CHECK(f[5]["message"] ==
          "1 request(s) that failed after retries (e.g. /apps/a4/log-drains: 503)");
}

TEST_CASE("findings: no drain finding when drains were not collected; a token that does not expire",
          "[summary]") {
    AccountFacts facts;
    facts.observe("heroku.app", {{"id", "a1"}, {"name", "shop"}});
    json token = summarize_token(std::nullopt);
    token["matched"] = true;
    token["oauth_scope"] = "read";
    const json f = summary_findings({}, token, facts.snapshot(), std::chrono::system_clock::now());
    REQUIRE(f.size() == 1);
    CHECK(f[0]["message"] == "the token does not expire; its OAuth scope: read");
}

TEST_CASE("findings: apps on a deprecated stack, held against the stacks' states", "[summary]") {
    const auto now = std::chrono::system_clock::now();
    auto app = [](const std::string& id, const std::string& name, json stack) {
        return json{{"id", id}, {"name", name}, {"stack", std::move(stack)}};
    };
    auto stack = [](const std::string& id, const std::string& name, const std::string& state,
                    bool is_default) {
        return json{{"id", id}, {"name", name}, {"state", state}, {"default", is_default}};
    };
    AccountFacts facts;
    facts.observe("heroku.app", app("a1", "shop", {{"id", "s24"}, {"name", "heroku-24"}}));
    facts.observe("heroku.app", app("a2", "blog", {{"id", "s20"}, {"name", "heroku-20"}}));
    facts.observe("heroku.app", app("a3", "api", {{"name", "heroku-20"}}));  // named only
    facts.observe("heroku.app", {{"id", "a4"}, {"name", "bare"}});           // stack unknown

    SECTION("without the stacks' states nothing is judged") {
        CHECK(account_findings(facts.snapshot(), {}, now).empty());
    }
    SECTION("the deprecated stack's apps are counted, matched by id or by name") {
        facts.observe("heroku.stack", stack("s20", "heroku-20", "deprecated", false));
        facts.observe("heroku.stack", stack("s22", "heroku-22", "public", false));
        facts.observe("heroku.stack", stack("s24", "heroku-24", "public", true));
        const json f = account_findings(facts.snapshot(), {}, now);
        INFO(f.dump(2));
        REQUIRE(f.size() == 1);
        CHECK(f[0] ==
              json({{"level", "warn"},
                    {"message", "2 of 3 app(s) on a deprecated stack (e.g. blog on heroku-20)"},
                    {"remedy",
                     "move them to a supported stack: heroku stack:set heroku-24 -a <app>, "
                     "then deploy"},
                    {"count", 2}}));
    }
    SECTION("no app on a deprecated stack; without a default the remedy names none") {
        facts.observe("heroku.stack", stack("s22", "heroku-22", "deprecated", false));
        CHECK(account_findings(facts.snapshot(), {}, now).empty());
        facts.observe("heroku.app", app("a5", "old", {{"id", "s22"}, {"name", "heroku-22"}}));
        const json f = account_findings(facts.snapshot(), {}, now);
        REQUIRE(f.size() == 1);
        CHECK(f[0]["message"] == "1 of 4 app(s) on a deprecated stack (e.g. old on heroku-22)");
        CHECK(f[0]["remedy"] ==
              "move them to a supported stack: heroku stack:set <stack> -a <app>, then deploy");
    }
}

TEST_CASE("time: RFC 3339 UTC timestamps are read back", "[summary]") {
    const auto at = parse_rfc3339_utc("2026-11-28T07:08:12Z");
    REQUIRE(at);
    CHECK(format_rfc3339(*at) == "2026-11-28T07:08:12Z");
    CHECK(parse_rfc3339_utc("2026-11-28T07:08:12.345+00:00") == at);
    CHECK_FALSE(parse_rfc3339_utc("2026-11-28 07:08:12Z"));
    CHECK_FALSE(parse_rfc3339_utc("2026-11-28T07:08:12+02:00"));
    CHECK_FALSE(parse_rfc3339_utc("soon"));
}

// The Heroku plugin's troubleshooting report against the fake Heroku: identity, teams with roles and
// app counts, personal apps, token expiry, budget, findings; a rejected token explained; the report
// satisfies the generic check-report schema and never carries the token.
#include <catch2/catch.hpp>

#include <fstream>

#include "api/api_client.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "plugin/check_extension.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

iru::fake::Config small_account() {
    iru::fake::Config config;
    config.account.apps = 9;
    config.account.teams = 2;
    config.account.members_per_team = 2;
    config.account.releases_per_app = 1;
    return config;
}

CheckOutcome check_against(iru::fake::FakeHeroku& fake) {
    ClientOptions options;
    options.api_url = fake.base_url();
    options.connect_timeout = std::chrono::milliseconds(2000);
    options.max_retries = 0;
    NullLogger logger;
    ApiClient client(options, logger);
    client.set_token(Secret(fake.token()));
    client.begin_run();
    return build_check_report(client, fake.token(), std::chrono::system_clock::now());
}

bool has_finding(const json& report, const std::string& level, const std::string& part) {
    for (const auto& f : report["findings"])
        if (f["level"] == level && f["message"].get<std::string>().find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("check report: who the token is, its teams and roles with app counts, expiry and budget", "[check]") {
    iru::fake::FakeHeroku fake(small_account());
    fake.start();
    const CheckOutcome out = check_against(fake);
    INFO(out.report.dump(2));
    CHECK(out.status == Status::ok);
    const json& r = out.report;
    const auto& account = fake.account();
    CHECK(r["identity"]["kind"] == "account");
    CHECK(r["identity"]["name"] == account.me().email);
    CHECK(r["credential"]["state"] == "accepted");
    CHECK(r["credential"]["expires_in_days"] == 30);
    CHECK(r["credential"]["expires_at"].is_string());
    CHECK_THAT(r["credential"]["detail"].get<std::string>(), Catch::StartsWith("authorization "));
    REQUIRE(r["scopes"].size() == account.teams.size() + 1);
    for (std::size_t i = 0; i < account.teams.size(); ++i) {
        const auto& team = account.teams[i];
        const auto it = std::find_if(r["scopes"].begin(), r["scopes"].end(),
                                     [&](const json& s) { return s["name"] == team.name; });
        REQUIRE(it != r["scopes"].end());
        CHECK((*it)["kind"] == "team");
        CHECK((*it)["role"] == team.role);
        CHECK((*it)["count"] == team.apps.size());
        CHECK((*it)["count_of"] == "apps");
    }
    std::size_t personal = 0;
    for (const auto& app : account.apps) personal += app.team < 0 && app.in_apps_list ? 1 : 0;
    CHECK(r["scopes"].back()["kind"] == "personal");
    CHECK(r["scopes"].back()["count"] == personal);
    CHECK(r["budget"]["remaining"].is_number_integer());
    CHECK(has_finding(r, "info", "Missing apps?"));
    CHECK(r.dump().find(fake.token()) == std::string::npos);
}

TEST_CASE("check report: the token's OAuth scope, and a scope without global named with its remedy",
          "[check]") {
    SECTION("global") {
        iru::fake::FakeHeroku fake(small_account());
        fake.start();
        const CheckOutcome out = check_against(fake);
        INFO(out.report.dump(2));
        CHECK(out.report["credential"]["scope"] == "global");
        CHECK_FALSE(has_finding(out.report, "warn", "OAuth scope"));
    }
    SECTION("read") {
        iru::fake::Config config = small_account();
        config.faults.hostile.token_scope = "read";
        iru::fake::FakeHeroku fake(config);
        fake.start();
        const CheckOutcome out = check_against(fake);
        INFO(out.report.dump(2));
        CHECK(out.status == Status::ok);
        CHECK(out.report["credential"]["scope"] == "read");
        REQUIRE(has_finding(out.report, "warn", "OAuth scope is \"read\", not global"));
        bool remedy = false;
        for (const auto& f : out.report["findings"])
            remedy = remedy || (f["remedy"].is_string() &&
                                f["remedy"].get<std::string>().find("--scope global") != std::string::npos);
        CHECK(remedy);
        CHECK(out.report.dump().find(fake.token()) == std::string::npos);
    }
}

TEST_CASE("check report: a rejected token is explained with how to make a new one", "[check]") {
    iru::fake::FakeHeroku fake(small_account());
    fake.start();
    iru::fake::FaultSpec expired;
    expired.token_expired = true;
    fake.set_faults(expired);
    const CheckOutcome out = check_against(fake);
    CHECK(out.status == Status::auth_failed);
    CHECK_THAT(out.message, Catch::Contains("GET /account"));
    CHECK(out.report["credential"]["state"] == "rejected");
    CHECK(out.report["identity"].is_null());
    REQUIRE(out.report["findings"].size() == 1);
    CHECK(out.report["findings"][0] == rejected_token_finding());
    CHECK_THAT(out.report["findings"][0]["remedy"].get<std::string>(),
               Catch::Contains("heroku authorizations:create --description \"Iru Compliance\""));
}

TEST_CASE("check report: an unreachable API is a network finding with what to check", "[check]") {
    iru::fake::FakeHeroku fake(small_account());
    fake.start();
    const std::string url = fake.base_url();
    fake.stop();
    ClientOptions options;
    options.api_url = url;
    options.connect_timeout = std::chrono::milliseconds(500);
    options.max_retries = 0;
    NullLogger logger;
    ApiClient client(options, logger);
    client.set_token(Secret("t"));
    client.begin_run();
    const CheckOutcome out = build_check_report(client, "t", std::chrono::system_clock::now());
    CHECK(out.status == Status::network);
    CHECK(out.report["credential"]["state"] == "unverified");
    REQUIRE(out.report["findings"].size() == 1);
    CHECK(out.report["findings"][0]["level"] == "error");
    CHECK_THAT(out.report["findings"][0]["remedy"].get<std::string>(), Catch::Contains("api_url"));
}

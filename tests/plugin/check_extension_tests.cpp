// The Heroku plugin's troubleshooting report against the fake Heroku: identity, teams with roles
// and app counts, personal apps, token expiry, budget, findings; what it looked at (probes), what
// it could not read (gaps) and its result; the request bound counted at the fake; a rejected token
// explained; the report satisfies the generic check-report schema and never carries the token.
#include <catch2/catch.hpp>

#include <fstream>

#include "api/api_client.hpp"
#include "collect/schema_check.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "plugin/check_extension.hpp"
#include "plugin/check_probes.hpp"

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
        if (f["level"] == level && f["message"].get<std::string>().find(part) != std::string::npos)
            return true;
    return false;
}

json check_report_schema() {
    std::ifstream in(std::string(IRU_SCHEMAS_DIR) + "/check-report.schema.json");
    REQUIRE(in.good());
    return json::parse(in);
}

std::vector<std::string> schema_errors_of(const json& report) {
    return iru::test::schema_errors(check_report_schema(), report);
}

// The probes whose endpoint is this path template.
std::vector<json> probes_at(const json& report, const std::string& endpoint) {
    std::vector<json> found;
    for (const auto& p : report["probes"])
        if (p["endpoint"] == endpoint) found.push_back(p);
    return found;
}

std::vector<json> gaps_of(const json& report) {
    std::vector<json> gaps;
    for (const auto& p : report["probes"])
        if (p["result"] == "gap") gaps.push_back(p);
    return gaps;
}

// The probes of the sample app's details (the collector's first per-app read).
std::vector<json> sample_probes(const json& report) {
    std::vector<json> found;
    for (const auto& p : report["probes"])
        if (p["what"].get<std::string>().rfind("details of app ", 0) == 0) found.push_back(p);
    return found;
}

// The name of the app the check sampled (from its probe's "what").
std::string sampled_app(const iru::fake::FakeHeroku& fake, const json& report) {
    const auto probes = sample_probes(report);
    REQUIRE(probes.size() == 1);
    const std::string what = probes[0]["what"];
    for (const auto& app : fake.account().apps)
        if (what == "details of app " + app.name + " (the sample)") return app.name;
    FAIL("no app named in " << what);
    return {};
}

std::size_t admin_teams(const iru::fake::Account& account, std::size_t first_n) {
    std::size_t admins = 0;
    for (std::size_t i = 0; i < std::min(first_n, account.teams.size()); ++i)
        admins += account.teams[i].role == "admin" ? 1 : 0;
    return admins;
}

}  // namespace

TEST_CASE("check report: who the token is, its teams and roles with app counts, expiry and budget",
          "[check]") {
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

TEST_CASE("check report: a healthy account lists what was looked at and is complete", "[check]") {
    iru::fake::FakeHeroku fake(small_account());
    fake.start();
    fake.clear_requests();
    const CheckOutcome out = check_against(fake);
    const json& r = out.report;
    INFO(r.dump(2));
    CHECK(out.status == Status::ok);
    CHECK(r["result"] == "complete");
    CHECK(schema_errors_of(r).empty());
    const auto& account = fake.account();
    // account, authorizations, teams, apps; per team apps and members, per admin team the matrix;
    // the sample app; the token's scope.
    const std::size_t admins = admin_teams(account, account.teams.size());
    REQUIRE(r["probes"].size() == 4 + 2 * account.teams.size() + admins + 1 + 1);
    for (const auto& p : r["probes"]) {
        CHECK(p["result"] == "ok");
        CHECK(p["what"].get<std::string>().size() > 3);
    }
    CHECK(probes_at(r, "/account")[0]["items"] == 1);
    CHECK(probes_at(r, "/teams")[0]["items"] == account.teams.size());
    REQUIRE(probes_at(r, "/teams/{team}/members").size() == account.teams.size());
    for (const auto& team :
         account.teams) {  // each team's members, one page, in the order /teams lists them
        std::size_t found = 0;
        for (const auto& p : probes_at(r, "/teams/{team}/members"))
            if (p["what"] == "members of team " + team.name) {
                ++found;
                CHECK(p["items"] == team.members.size());
            }
        CHECK(found == 1);
    }
    CHECK(probes_at(r, "/teams/{team}/permissions").size() == admins);
    REQUIRE(sample_probes(r).size() == 1);
    CHECK(sample_probes(r)[0]["items"].is_number_integer());
    CHECK_THAT(sample_probes(r)[0]["endpoint"].get<std::string>(),
               Catch::StartsWith("/apps/{app}/"));
    CHECK(gaps_of(r).empty());
    // The other apps' details are not read, and the report says so.
    REQUIRE(r["not_probed"].size() == 1);
    CHECK(r["not_probed"][0]["what"] == "apps' details");
    CHECK(r["not_probed"][0]["count"] == account.apps.size() - 1);
    // The requests: stated, within the bound, and what the fake counted.
    const std::size_t bound = check_request_bound(account.teams.size(), admins);
    CHECK(r["requests"]["at_most"] == bound);
    CHECK(r["requests"]["made"] == fake.requests().size());
    CHECK(fake.requests().size() <= bound);
    CHECK(r["requests"]["retries"] == 0);
    CHECK(r.dump().find(fake.token()) == std::string::npos);
}

TEST_CASE(
    "check report: an account whose run would be partial gives a partial check naming each gap",
    "[check]") {
    iru::fake::FakeHeroku fake(small_account());
    fake.start();
    const std::string sample = sampled_app(fake, check_against(fake).report);
    const auto& account = fake.account();
    std::string other;
    for (const auto& app : account.apps)
        if (app.name != sample) other = app.name;
    iru::fake::FaultSpec faults;
    faults.teams_denying_members.insert(account.teams[1].name);
    faults.forbidden_apps.insert(sample);
    faults.deleted_apps.insert(other);
    fake.set_faults(faults);
    fake.clear_requests();

    const CheckOutcome out = check_against(fake);
    const json& r = out.report;
    INFO(r.dump(2));
    CHECK(out.status == Status::partial);
    CHECK(r["result"] == "partial");
    CHECK(schema_errors_of(r).empty());
    const auto gaps = gaps_of(r);
    REQUIRE(gaps.size() == 2);
    CHECK(gaps[0]["what"] == "members of team " + account.teams[1].name);
    CHECK(gaps[0]["endpoint"] == "/teams/{team}/members");
    CHECK(gaps[0]["gap_kind"] == "team_members_denied");
    CHECK_THAT(gaps[0]["cause"].get<std::string>(), Catch::Contains("403"));
    CHECK(gaps[0]["remedy"].is_string());
    CHECK(gaps[1]["what"] == "details of app " + sample + " (the sample)");
    CHECK(gaps[1]["gap_kind"] == "app_not_visible");
    CHECK_THAT(gaps[1]["cause"].get<std::string>(), Catch::Contains("403"));
    CHECK_THAT(out.message, Catch::Contains("could not read 2") &&
                                Catch::Contains("members of team " + account.teams[1].name));
    // Each gap is repeated as a finding for hosts that do not read probes, pointing at its probe.
    std::size_t repeated = 0;
    for (const auto& f : r["findings"])
        if (f.contains("probe")) {
            ++repeated;
            CHECK(r["probes"][f["probe"].get<std::size_t>()]["result"] == "gap");
        }
    CHECK(repeated == 2);
    CHECK(fake.requests().size() <= r["requests"]["at_most"].get<std::size_t>());
    CHECK(r.dump().find(fake.token()) == std::string::npos);

    SECTION("a sampled app that is gone is a vanished app") {
        iru::fake::FaultSpec deleted;
        deleted.deleted_apps.insert(sample);
        fake.set_faults(deleted);
        const CheckOutcome again = check_against(fake);
        INFO(again.report.dump(2));
        CHECK(again.status == Status::partial);
        REQUIRE(gaps_of(again.report).size() == 1);
        CHECK(gaps_of(again.report)[0]["gap_kind"] == "app_vanished");
        CHECK_THAT(gaps_of(again.report)[0]["cause"].get<std::string>(), Catch::Contains("404"));
    }
}

TEST_CASE(
    "check report: an account of many teams probes a bounded number and says how many were left",
    "[check]") {
    iru::fake::Config config = small_account();
    config.account.teams = static_cast<int>(max_teams_probed) + 3;
    config.account.apps = 40;
    config.account.members_per_team = 1;
    iru::fake::FakeHeroku fake(config);
    fake.start();
    fake.clear_requests();
    const CheckOutcome out = check_against(fake);
    const json& r = out.report;
    INFO(r.dump(2));
    CHECK(out.status == Status::ok);
    CHECK(probes_at(r, "/teams/{team}/members").size() == max_teams_probed);
    CHECK(r["scopes"].size() == fake.account().teams.size() + 1);  // every team is still listed
    bool said = false;
    for (const auto& n : r["not_probed"])
        if (n["what"] == "teams") {
            said = true;
            CHECK(n["count"] == 3);
        }
    CHECK(said);
    // The admins among the teams probed (in the order /teams lists them) get their matrix read.
    std::size_t admins = 0;
    for (const auto& p : probes_at(r, "/teams/{team}/members"))
        for (const auto& team : fake.account().teams)
            admins += p["what"] == "members of team " + team.name && team.role == "admin" ? 1 : 0;
    CHECK(probes_at(r, "/teams/{team}/permissions").size() == admins);
    const std::size_t bound = check_request_bound(max_teams_probed, admins);
    CHECK(r["requests"]["at_most"] == bound);
    CHECK(fake.requests().size() <= bound);
    CHECK(bound <= check_fixed_requests + 3 * max_teams_probed);
}

TEST_CASE("check result: derived from the probes, never complete on a failure or a gap",
          "[check]") {
    auto probe = [](ProbeResult result, Status status = Status::ok) {
        Probe p;
        p.what = "x";
        p.result = result;
        p.status = status;
        return p;
    };
    std::vector<Probe> probes;
    CHECK(check_result(probes).status == Status::internal);  // nothing read: not complete
    CHECK(check_result(probes).word == "failed");
    probes = {probe(ProbeResult::ok), probe(ProbeResult::skipped)};
    CHECK(check_result(probes).status == Status::ok);
    CHECK(check_result(probes).word == "complete");
    probes.push_back(probe(ProbeResult::gap, Status::permission_denied));
    CHECK(check_result(probes).status == Status::partial);
    CHECK(check_result(probes).word == "partial");
    probes.push_back(probe(ProbeResult::failed, Status::rate_limited));
    CHECK(check_result(probes).status == Status::rate_limited);
    CHECK(check_result(probes).word == "failed");
    probes = {probe(ProbeResult::failed, Status::ok)};  // a failure without a status is still one
    CHECK(check_result(probes).status == Status::internal);

    CHECK(check_request_bound(0, 0) == check_fixed_requests);
    CHECK(check_request_bound(3, 1) == check_fixed_requests + 7);
    CHECK(check_request_bound(2, 5) == check_fixed_requests + 6);  // admins are among the teams
}

TEST_CASE("check report schema: the new parts are checked", "[check]") {
    json report = {
        {"probes",
         {{{"what", "members of team a"},
           {"endpoint", "/teams/{team}/members"},
           {"items", 3},
           {"result", "ok"}}}},
        {"requests", {{"made", 4}, {"retries", 0}, {"at_most", 9}, {"bound", "5 + 2 per team"}}},
        {"not_probed", {{{"what", "teams"}, {"count", 2}, {"reason", "bounded"}}}},
        {"result", "complete"}};
    CHECK(schema_errors_of(report).empty());
    report["probes"][0]["result"] = "fine";
    CHECK_FALSE(schema_errors_of(report).empty());
    report["probes"][0]["result"] = "ok";
    report["result"] = "done";
    CHECK_FALSE(schema_errors_of(report).empty());
    report["result"] = "partial";
    report["not_probed"][0].erase("reason");
    CHECK_FALSE(schema_errors_of(report).empty());
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
        CHECK(out.report["result"] == "complete");
    }
    SECTION("read") {
        iru::fake::Config config = small_account();
        config.faults.hostile.token_scope = "read";
        iru::fake::FakeHeroku fake(config);
        fake.start();
        const CheckOutcome out = check_against(fake);
        INFO(out.report.dump(2));
        // A run with this token cannot read members or config var names: the check is partial.
        CHECK(out.status == Status::partial);
        CHECK(out.report["result"] == "partial");
        CHECK(out.report["credential"]["scope"] == "read");
        REQUIRE(has_finding(out.report, "warn", "OAuth scope is \"read\", not global"));
        const auto members = probes_at(out.report, "/teams/{team}/members");
        REQUIRE_FALSE(members.empty());
        for (const auto& p : members) {
            CHECK(p["result"] == "gap");
            CHECK(p["gap_kind"] == "team_members_denied");
            CHECK_THAT(p["cause"].get<std::string>(), Catch::Contains("OAuth scope is \"read\""));
            CHECK_THAT(p["remedy"].get<std::string>(), Catch::Contains("--scope global"));
        }
        bool scope_gap = false;
        for (const auto& p : gaps_of(out.report))
            scope_gap = scope_gap || (p["gap_kind"] == "config_vars_denied" &&
                                      p["remedy"].get<std::string>().find("--scope global") !=
                                          std::string::npos);
        CHECK(scope_gap);
        bool remedy = false;
        for (const auto& f : out.report["findings"])
            remedy = remedy ||
                     (f["remedy"].is_string() &&
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
    CHECK(out.report["result"] == "failed");
    REQUIRE(out.report["probes"].size() == 1);
    CHECK(out.report["probes"][0]["result"] == "failed");
    CHECK(schema_errors_of(out.report).empty());
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
    CHECK(out.report["result"] == "failed");
}

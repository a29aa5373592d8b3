// The hostile modes serve what they claim: planted secrets, deep nesting, wrong-shaped items
// mid-page, a denied per-app endpoint, and a read-scoped token; and nothing of it while they are
// off.
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "http_get.hpp"

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

namespace {

Config small() {
    Config config;
    config.account.apps = 6;
    config.account.teams = 2;
    config.account.members_per_team = 5;
    return config;
}

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("planted secrets: commands, drain URLs and tokens, sms_number, unknown fields",
          "[hostile]") {
    FakeHeroku fake(small());
    fake.start();
    FakeClient client(fake);
    const App& app = fake.account().apps[1];
    const std::string before = client.get("/apps/" + app.name + "/dynos").body;
    CHECK_FALSE(has(before, "run.1"));
    CHECK_FALSE(has(client.get("/account").body, "x_future_field"));
    const auto secrets_off = fake.planted_secrets().size();

    FaultSpec faults;
    faults.hostile.planted_secrets = true;
    fake.set_faults(faults);
    const std::string marker = "IRU-SECRET-MARKER-a" + std::to_string(app.index) + "-";

    const json dynos = json::parse(client.get("/apps/" + app.name + "/dynos").body);
    bool oneoff = false;
    for (const auto& dyno : dynos) {
        CHECK(has(dyno["x_future_field"].get<std::string>(), marker));
        if (dyno["name"] == "run.1") {
            oneoff = true;
            CHECK(dyno["command"] == "DATABASE_URL=postgres://user:" + marker +
                                         "oneoff-command@db.example.com:5432/d1 rake db:migrate");
            CHECK(has(dyno["x_future_object"]["note"].get<std::string>(), marker));
        }
    }
    CHECK(oneoff);

    const json formation = json::parse(client.get("/apps/" + app.name + "/formation").body);
    CHECK(formation[0]["command"].get<std::string>().rfind("RAILS_MASTER_KEY=" + marker, 0) == 0);

    const json drains = json::parse(client.get("/apps/" + app.name + "/log-drains").body);
    std::set<std::string> urls;
    for (const auto& drain : drains) {
        urls.insert(drain["url"].get<std::string>());
        CHECK(has(drain["token"].get<std::string>(), marker));
        CHECK(has(drain["x_future_field"].get<std::string>(), marker));
    }
    CHECK(urls.count("syslog+tls://user:" + marker +
                     "drain-userinfo@logs.example-siem.com:6514/") == 1);
    CHECK(urls.count("https://user:pa#" + marker +
                     "drain-hash-password@logs.example-siem.com/in") == 1);
    CHECK(urls.count("https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/" + marker +
                     "drain-sumo-path") == 1);
    CHECK(urls.count("https://logs-01.loggly.com/bulk/" + marker +
                     "drain-loggly-path/tag/heroku/") == 1);
    CHECK(urls.count("https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=" + marker +
                     "drain-datadog-query&ddsource=heroku") == 1);
    CHECK(urls.count("https://logs.example-siem.com/in#" + marker + "drain-fragment") == 1);

    const json account = json::parse(client.get("/account").body);
    CHECK(has(account["sms_number"].get<std::string>(), "IRU-SECRET-MARKER-account-sms-number"));
    CHECK(account["x_future_field"] == "IRU-SECRET-MARKER-account-future");
    for (const auto& listed : walk_list(client, "/apps", "id ..")) {
        CHECK(has(listed["x_future_field"].get<std::string>(), "IRU-SECRET-MARKER-a"));
        CHECK(has(listed["x_future_object"]["note"].get<std::string>(), "IRU-SECRET-MARKER-a"));
    }
    for (const auto& member :
         walk_list(client, "/teams/" + fake.account().teams[0].name + "/members", "email ..")) {
        CHECK(has(member["x_future_field"].get<std::string>(), "IRU-SECRET-MARKER-member-"));
        CHECK(
            has(member["x_future_object"]["note"].get<std::string>(), "IRU-SECRET-MARKER-member-"));
    }
    for (const auto& domain : json::parse(client.get("/apps/" + app.name + "/domains").body))
        CHECK(has(domain["x_future_field"].get<std::string>(), marker));

    // planted_secrets() lists every one of them.
    const auto secrets = fake.planted_secrets();
    CHECK(secrets.size() > secrets_off);
    const std::set<std::string> listed(secrets.begin(), secrets.end());
    CHECK(listed.count(marker + "oneoff-command") == 1);
    CHECK(listed.count(marker + "drain-sumo-path") == 1);
    CHECK(listed.count(marker + "drain-token-fragment") == 1);
    CHECK(listed.count("IRU-SECRET-MARKER-account-sms-number") == 1);
    CHECK(listed.count(dynos[0]["x_future_field"].get<std::string>()) == 1);
}

TEST_CASE("deep nesting: one app's formation is an 80 KB body nested 40,000 levels", "[hostile]") {
    FakeHeroku fake(small());
    const App& app = fake.account().apps[2];
    FaultSpec faults;
    faults.hostile.deep_nesting_apps = {app.name};
    fake.set_faults(faults);
    fake.start();
    FakeClient client(fake);
    const Reply r = client.get("/apps/" + app.id + "/formation");
    CHECK(r.status == 200);
    CHECK(r.body.size() == 80'000);
    CHECK(r.body == std::string(40'000, '[') + std::string(40'000, ']'));
    CHECK(client.get("/apps/" + app.name + "/dynos").status == 200);
    CHECK(json::parse(client.get("/apps/" + fake.account().apps[3].name + "/formation").body)
              .is_array());
}

namespace {

// Every page of a list with 206 + Next-Range, items as served (any shape).
std::vector<json> pages_of(FakeClient& client, const std::string& path, std::string range) {
    std::vector<json> pages;
    for (int n = 0; n < 50; ++n) {
        const Reply r = client.get(path, {{"Range", range}});
        REQUIRE((r.status == 200 || r.status == 206));
        pages.push_back(json::parse(r.body));
        if (r.status == 200) break;
        range = r.header("Next-Range");
        REQUIRE_FALSE(range.empty());
    }
    return pages;
}

}  // namespace

TEST_CASE("bad items: a number and an id-less object mid-page, later pages still served",
          "[hostile]") {
    FakeHeroku fake(small());
    const App& app = fake.account().apps[1];
    const Team& team = fake.account().teams[0];
    FaultSpec faults;
    faults.hostile.bad_item_apps = {app.name};
    faults.hostile.bad_item_teams = {team.id};
    fake.set_faults(faults);
    fake.start();
    FakeClient client(fake);
    for (const auto& [path, range, total] :
         {std::tuple{"/apps/" + app.name + "/domains", std::string("id ..; max=1000"),
                     std::size_t{0}},
          std::tuple{"/teams/" + team.name + "/members", std::string("email ..; max=1000"),
                     team.members.size() + 3}}) {
        INFO(path);
        const auto pages = pages_of(client, path, range);
        REQUIRE(pages.size() >= 2);
        std::size_t good = 0;
        for (std::size_t p = 0; p < pages.size(); ++p) {
            const json& page = pages[p];
            REQUIRE(page.size() >= 3);
            std::vector<std::size_t> bad;
            for (std::size_t i = 0; i < page.size(); ++i) {
                const bool ok = page[i].is_object() && page[i].contains("id");
                if (ok)
                    ++good;
                else
                    bad.push_back(i);
            }
            REQUIRE(bad.size() == 1);
            CHECK((bad[0] > 0 && bad[0] + 1 < page.size()));  // mid-page
            if (p == 0)
                CHECK(page[bad[0]] == 42);
            else
                CHECK(page[bad[0]].is_object());
        }
        if (total > 0)
            CHECK(good == total);
        else
            CHECK(good >= 4);  // the app's own domains and three more (members likewise)
    }
    // Other lists are untouched.
    const auto other = pages_of(client, "/teams/" + fake.account().teams[1].name + "/members",
                                "email ..; max=1000");
    CHECK(other.size() == 1);
    for (const auto& item : other[0]) CHECK(item.contains("id"));
}

TEST_CASE("a denied per-app endpoint: config vars 403 while the app's other endpoints answer",
          "[hostile]") {
    FakeHeroku fake(small());
    const App& app = fake.account().apps[0];
    FaultSpec faults;
    faults.hostile.denied_app_endpoints = {app.name + "/config-vars"};
    fake.set_faults(faults);
    fake.start();
    FakeClient client(fake);
    Reply r = client.get("/apps/" + app.name + "/config-vars");
    CHECK(r.status == 403);
    CHECK(json::parse(r.body)["id"] == "forbidden");
    CHECK(client.get("/apps/" + app.id + "/config-vars").status == 403);
    for (const char* other : {"", "/formation", "/dynos", "/domains", "/log-drains", "/releases"})
        CHECK(client.get("/apps/" + app.name + other).status == 200);
    CHECK(client.get("/apps/" + fake.account().apps[1].name + "/config-vars").status == 200);
}

TEST_CASE("token scope: OAuth-Scope on every answer; read is denied members and config vars",
          "[hostile]") {
    FakeHeroku fake(small());
    fake.start();
    FakeClient client(fake);
    const Team& team = fake.account().teams[0];
    const App& app = fake.account().apps[0];
    Reply r = client.get("/account");
    CHECK(r.header("OAuth-Scope") == "global");
    CHECK(client.get("/teams/" + team.name + "/members").status == 200);

    FaultSpec faults;
    faults.hostile.token_scope = "read";
    fake.set_faults(faults);
    r = client.get("/account");
    CHECK(r.status == 200);
    CHECK(r.header("OAuth-Scope") == "read");
    r = client.get("/teams/" + team.name + "/members");
    CHECK(r.status == 403);
    CHECK(json::parse(r.body)["id"] == "forbidden");
    CHECK(r.header("OAuth-Scope") == "read");
    CHECK(r.header("OAuth-Scope-Accepted") == "global");
    r = client.get("/apps/" + app.name + "/config-vars");
    CHECK(r.status == 403);
    CHECK(r.header("OAuth-Scope-Accepted") == "global read-protected write-protected");
    CHECK(client.get("/apps/" + app.name + "/formation").status == 200);
    CHECK(client.get("/apps").status == 200);

    faults.hostile.token_scope = "read read-protected";
    fake.set_faults(faults);
    CHECK(client.get("/apps/" + app.name + "/config-vars").status == 200);
    CHECK(client.get("/teams/" + team.name + "/members").status == 403);
}

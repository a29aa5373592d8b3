// Injected faults, the team access rules, and the planted secrets.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "http_get.hpp"

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

namespace {

const std::vector<std::string> kPerAppEndpoints = {"",
                                                   "/formation",
                                                   "/dynos",
                                                   "/config-vars",
                                                   "/collaborators",
                                                   "/domains",
                                                   "/sni-endpoints",
                                                   "/log-drains",
                                                   "/features",
                                                   "/releases",
                                                   "/buildpack-installations",
                                                   "/webhooks"};

}  // namespace

TEST_CASE("forbidden and deleted apps stay listed but fail per-app endpoints", "[faults]") {
    Config config;
    config.account.apps = 20;
    config.account.teams = 0;
    FakeHeroku fake(config);
    const App& forbidden = fake.account().apps[3];
    const App& deleted = fake.account().apps[4];
    config.faults.forbidden_apps = {forbidden.name};
    config.faults.deleted_apps = {deleted.id};
    fake.set_faults(config.faults);
    fake.start();
    FakeClient client(fake);
    std::set<std::string> listed;
    for (const auto& app : walk_list(client, "/apps", "id .."))
        listed.insert(app["name"].get<std::string>());
    CHECK(listed.count(forbidden.name) == 1);
    CHECK(listed.count(deleted.name) == 1);
    for (const auto& suffix : kPerAppEndpoints) {
        Reply r = client.get("/apps/" + forbidden.name + suffix);
        CHECK(r.status == 403);
        CHECK(json::parse(r.body)["id"] == "forbidden");
        r = client.get("/apps/" + forbidden.id + suffix);
        CHECK(r.status == 403);
        r = client.get("/apps/" + deleted.name + suffix);
        CHECK(r.status == 404);
        CHECK(json::parse(r.body)["id"] == "not_found");
    }
    CHECK(client.get("/apps/" + fake.account().apps[5].name + "/config-vars").status == 200);
}

TEST_CASE("team members, permissions and invitations can be denied", "[faults]") {
    Config config;
    config.account.apps = 30;
    config.account.teams = 3;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    const auto& teams = fake.account().teams;
    // Permissions: the token user must be an admin (team 0 is admin, 1 member, 2 collaborator).
    Reply r = client.get("/teams/" + teams[0].name + "/permissions");
    CHECK(r.status == 200);
    const json matrix = json::parse(r.body);
    CHECK(matrix.size() == teams[0].apps.size());
    CHECK(matrix[0]["users"][0].contains("permissions"));
    CHECK(client.get("/teams/" + teams[1].name + "/permissions").status == 403);
    CHECK(client.get("/teams/" + teams[2].id + "/permissions").status == 403);
    CHECK(client.get("/teams/" + teams[1].name + "/members").status == 200);

    FaultSpec faults;
    faults.teams_denying_members = {teams[1].name};
    faults.teams_denying_permissions = {teams[0].id};
    faults.teams_denying_invitations = {teams[0].name};
    fake.set_faults(faults);
    r = client.get("/teams/" + teams[1].name + "/members");
    CHECK(r.status == 403);
    CHECK(json::parse(r.body)["id"] == "forbidden");
    CHECK(client.get("/teams/" + teams[1].id + "/members").status == 403);
    CHECK(client.get("/teams/" + teams[0].name + "/permissions").status == 403);
    CHECK(client.get("/teams/" + teams[0].name + "/invitations").status == 403);
    CHECK(client.get("/teams/" + teams[0].name + "/members").status == 200);
}

TEST_CASE("server errors can be injected a given number of times", "[faults]") {
    Config config;
    config.account.apps = 5;
    config.faults.server_errors = 2;
    config.faults.server_error_path_prefix = "/apps";
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    CHECK(client.get("/account").status == 200);  // other paths unaffected
    CHECK(client.get("/apps").status == 503);
    CHECK(client.get("/apps").status == 503);
    CHECK(client.get("/apps").status == 200);
    FaultSpec faults;
    faults.server_errors = 1;
    faults.server_error_status = 500;
    fake.set_faults(faults);
    const Reply r = client.get("/teams");
    CHECK(r.status == 500);
    CHECK(json::parse(r.body)["id"] == "internal_server_error");
}

TEST_CASE("every planted secret is served somewhere and carries the marker", "[secrets]") {
    Config config;
    config.account.apps = 24;
    config.account.teams = 3;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    std::string served;
    auto read = [&](const std::string& path) {
        const Reply r = client.get(path, {{"Range", ""}});
        REQUIRE((r.status == 200 || r.status == 206));
        served += r.body;
    };
    for (const std::string p :
         {"/account", "/account/features", "/account/keys", "/teams", "/apps", "/addons",
          "/addon-attachments", "/pipelines", "/pipeline-couplings", "/spaces",
          "/oauth/authorizations", "/oauth/clients", "/enterprise-accounts"})
        read(p);
    for (const auto& space : fake.account().spaces)
        read("/spaces/" + space.name +
             (space.generation == "fir" ? "/telemetry-drains" : "/vpn-connections"));
    for (const auto& app : fake.account().apps) {
        for (const auto& suffix : kPerAppEndpoints) read("/apps/" + app.name + suffix);
        if (app.generation == "fir") read("/apps/" + app.name + "/telemetry-drains");
    }
    // The audit trail: the week up to the clock (fixed, so the events served do not move on),
    // every page, and the archives.
    fake.set_clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000)));
    for (const auto& ea : fake.account().enterprise_accounts) {
        const std::int64_t today = 1'796'000'000 / 86400;
        for (std::int64_t d = today - 6; d <= today; ++d) {
            const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{d}}};
            char day[16];
            (void)std::snprintf(day, sizeof day, "%04d-%02u-%02u", int(ymd.year()),
                                unsigned(ymd.month()), unsigned(ymd.day()));
            for (const auto& e :
                 walk_list(client, "/enterprise-accounts/" + ea.id + "/events?day=" + day,
                           "id ..; max=1000"))
                served += e.dump();
        }
        read("/enterprise-accounts/" + ea.id + "/archives");
    }

    const auto secrets = fake.planted_secrets();
    CHECK(secrets.size() > 24 * 5);
    std::set<std::string> unique(secrets.begin(), secrets.end());
    CHECK(unique.size() == secrets.size());
    CHECK(unique.count(fake.token()) == 1);
    for (const auto& s : secrets) {
        INFO(s);
        CHECK(s.find("IRU-SECRET-MARKER-") != std::string::npos);
        CHECK(served.find(s) != std::string::npos);
    }
    // Config var values are all secret.
    const json vars =
        json::parse(client.get("/apps/" + fake.account().apps[0].name + "/config-vars").body);
    for (const auto& [name, value] : vars.items())
        CHECK(value.get<std::string>().find("IRU-SECRET-MARKER-") != std::string::npos);
    // The token in use is listed in /oauth/authorizations with its expiry.
    const json auths = json::parse(client.get("/oauth/authorizations").body);
    int matched = 0;
    for (const auto& auth : auths) {
        if (auth["access_token"]["token"] != fake.token()) continue;
        ++matched;
        CHECK(auth["access_token"]["expires_in"] == 30 * 24 * 3600);
        CHECK(auth["refresh_token"].is_null());
    }
    CHECK(matched == 1);
}

TEST_CASE("a space serves what its generation offers, with its secrets, and can be denied",
          "[faults][secrets]") {
    Config config;  // the demo account's shape: a cedar space and a fir space with a fir app
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    const Space* cedar = nullptr;
    const Space* fir = nullptr;
    for (const auto& space : fake.account().spaces)
        (space.generation == "fir" ? fir : cedar) = &space;
    REQUIRE(cedar != nullptr);
    REQUIRE(fir != nullptr);
    const App* fir_app = nullptr;
    for (const auto& app : fake.account().apps)
        if (app.generation == "fir" && app.in_apps_list) fir_app = &app;
    REQUIRE(fir_app != nullptr);
    CHECK(fake.account().spaces[static_cast<std::size_t>(fir_app->space)].generation == "fir");

    const auto status = [&](const std::string& path) { return client.get(path).status; };
    const std::string c = "/spaces/" + cedar->id;
    const std::string f = "/spaces/" + fir->id;
    for (const char* e : {"/inbound-ruleset", "/vpn-connections", "/peerings", "/nat", "/members"})
        CHECK(status(c + e) == 200);
    CHECK(status(c + "/telemetry-drains") == 404);
    for (const char* e : {"/inbound-ruleset", "/members", "/telemetry-drains"})
        CHECK(status(f + e) == 200);
    CHECK(status(f + "/vpn-connections") == 422);
    CHECK(status(f + "/peerings") == 422);
    CHECK(status(f + "/nat") == 404);
    CHECK(status("/apps/" + fir_app->name + "/telemetry-drains") == 200);
    CHECK(status("/apps/" + fake.account().apps[0].name + "/telemetry-drains") == 404);

    // The secrets: each tunnel's pre-shared key, each exporter's API key header, and the
    // endpoint's user-info and query.
    // A space has two VPN connections and two drains, each with secrets of its own.
    const json vpn = json::parse(client.get(c + "/vpn-connections").body);
    REQUIRE(vpn.size() == 2);
    REQUIRE(cedar->vpn_connections.size() == 2);
    CHECK(vpn[0]["tunnels"][0]["pre_shared_key"] == cedar->vpn_connections[0].pre_shared_key);
    CHECK(vpn[1]["tunnels"][0]["pre_shared_key"] == cedar->vpn_connections[1].pre_shared_key);
    CHECK(cedar->vpn_connections[0].pre_shared_key != cedar->vpn_connections[1].pre_shared_key);
    CHECK(json::parse(client.get(c + "/peerings").body).size() == 2);
    for (const auto& [path, count] : std::vector<std::pair<std::string, std::size_t>>{
             {f + "/telemetry-drains", 2}, {"/apps/" + fir_app->name + "/telemetry-drains", 1}}) {
        const json drains = json::parse(client.get(path).body);
        REQUIRE(drains.size() == count);
        std::set<std::string> keys;
        for (const json& drain : drains) {
            const json& exporter = drain["exporter"];
            const std::string key = exporter["headers"]["API-Key"];
            CHECK(key.find("IRU-SECRET-MARKER-") == 0);
            keys.insert(key);
            const std::string endpoint = exporter["endpoint"];
            CHECK(endpoint.find("otel:IRU-SECRET-MARKER-") != std::string::npos);
            CHECK(endpoint.find("?api_key=IRU-SECRET-MARKER-") != std::string::npos);
        }
        CHECK(keys.size() == count);
    }

    FaultSpec faults;
    faults.hostile.denied_space_endpoints = {cedar->name + "/vpn-connections",
                                             fir->id + "/members"};
    fake.set_faults(faults);
    CHECK(status(c + "/vpn-connections") == 403);
    CHECK(status("/spaces/" + cedar->name + "/vpn-connections") == 403);
    CHECK(status(c + "/peerings") == 200);
    CHECK(status(f + "/members") == 403);
    CHECK(status(f + "/inbound-ruleset") == 200);
}

TEST_CASE("the token in use may have no expiry", "[secrets]") {
    Config config;
    config.account.apps = 2;
    config.account.token_expires_in.reset();
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    int matched = 0;
    for (const auto& auth : json::parse(client.get("/oauth/authorizations").body)) {
        if (auth["access_token"]["token"] != fake.token()) continue;
        ++matched;
        CHECK(auth["access_token"]["expires_in"].is_null());
    }
    CHECK(matched == 1);
}

TEST_CASE("faults can change while requests are served", "[faults]") {
    Config config;
    config.account.apps = 10;
    config.account.teams = 0;
    FakeHeroku fake(config);
    fake.start();
    const std::string app = fake.account().apps[2].name;
    std::atomic<bool> done{false};
    std::thread toggler([&] {
        for (int i = 0; !done.load(); ++i) {
            FaultSpec faults;
            if (i % 2 == 0) faults.forbidden_apps = {app};
            fake.set_faults(faults);
            fake.set_rate_limit_remaining(4000);
            std::this_thread::yield();
        }
    });
    std::vector<std::thread> clients;
    std::atomic<int> answered{0};
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&] {
            FakeClient client(fake);
            for (int i = 0; i < 50; ++i) {
                const int status = client.get("/apps/" + app + "/releases").status;
                if (status == 200 || status == 403) ++answered;
            }
        });
    for (auto& c : clients) c.join();
    done.store(true);
    toggler.join();
    CHECK(answered == 200);
    CHECK(fake.requests().size() == 200);
}

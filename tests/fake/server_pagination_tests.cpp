// Pagination as a client meets it: 206 + Next-Range to the end, per-endpoint range attributes.
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "http_get.hpp"

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

TEST_CASE("walking /apps with max=1000 over 2,500 apps gets every app exactly once",
          "[pagination]") {
    Config config;
    config.account.apps = 2500;
    config.account.teams = 0;  // all personal: /apps lists every app
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    for (const std::string attr : {"id", "name", "updated_at"}) {
        int pages = 0;
        const auto items = walk_list(client, "/apps", attr + " ..; max=1000", &pages);
        CHECK(pages == 3);
        std::set<std::string> ids;
        for (const auto& app : items) ids.insert(app["id"].get<std::string>());
        CHECK(items.size() == 2500);
        CHECK(ids.size() == 2500);
        for (std::size_t i = 1; i < items.size(); ++i) REQUIRE(items[i - 1][attr] < items[i][attr]);
    }
    // The first and second answers were 206 with Accept-Ranges; the last 200 without Next-Range.
    const auto log = fake.requests();
    REQUIRE(log.size() == 9);
    CHECK(log[0].status == 206);
    CHECK(log[1].status == 206);
    CHECK(log[1].range.rfind("id ]", 0) == 0);
    CHECK(log[2].status == 200);
}

TEST_CASE("without a Range header a list answers 200 items and a Next-Range", "[pagination]") {
    Config config;
    config.account.apps = 450;
    config.account.teams = 0;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    const Reply r = client.get("/apps");
    CHECK(r.status == 206);
    CHECK(json::parse(r.body).size() == 200);
    CHECK(r.header("Accept-Ranges") == "id, name, updated_at");
    CHECK(r.header("Next-Range").rfind("id ]", 0) == 0);
    const auto items = walk_list(client, "/apps", r.header("Next-Range"));
    CHECK(items.size() == 250);
}

TEST_CASE("an attribute the endpoint does not accept is 416", "[pagination]") {
    Config config;
    config.account.apps = 10;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    Reply r = client.get("/apps", {{"Range", "email ..; max=1000"}});
    CHECK(r.status == 416);
    CHECK(json::parse(r.body)["id"] == "requested_range_not_satisfiable");
    const std::string team = fake.account().teams[0].name;
    r = client.get("/teams/" + team + "/members", {{"Range", "id ..; max=1000"}});
    CHECK(r.status == 416);
    r = client.get("/teams/" + team + "/members", {{"Range", "name ..; max=1000"}});
    CHECK(r.status == 416);
    r = client.get("/apps", {{"Range", "id ..; max=zero"}});
    CHECK(r.status == 416);
}

TEST_CASE("team members sort by email only, over several pages", "[pagination]") {
    Config config;
    config.account.apps = 10;
    config.account.teams = 2;
    config.account.members_per_team = 25;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    const std::string team = fake.account().teams[0].name;
    const Reply first = client.get("/teams/" + team + "/members", {{"Range", "email ..; max=10"}});
    CHECK(first.header("Accept-Ranges") == "email");
    int pages = 0;
    const auto members =
        walk_list(client, "/teams/" + team + "/members", "email ..; max=10", &pages);
    CHECK(pages == 3);
    REQUIRE(members.size() == fake.account().teams[0].members.size());
    for (std::size_t i = 1; i < members.size(); ++i)
        CHECK(members[i - 1]["email"].get<std::string>() < members[i]["email"].get<std::string>());
}

TEST_CASE("releases: newest first with order=desc, by version", "[pagination]") {
    Config config;
    config.account.apps = 3;
    config.account.releases_per_app = 12;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    const std::string app = fake.account().apps[1].name;
    const Reply r =
        client.get("/apps/" + app + "/releases", {{"Range", "version ..; order=desc, max=5"}});
    CHECK(r.status == 206);
    const json page = json::parse(r.body);
    REQUIRE(page.size() == 5);
    CHECK(page[0]["version"] == 12);
    CHECK(page[4]["version"] == 8);
    CHECK(page[0]["current"] == true);
    CHECK(r.header("Next-Range") == "version ]8..; max=5, order=desc");
    const auto rest = walk_list(client, "/apps/" + app + "/releases", r.header("Next-Range"));
    CHECK(rest.size() == 7);
    CHECK(rest.back()["version"] == 1);
}

TEST_CASE("the union of /apps and /teams/{t}/apps is every app, /apps alone is not",
          "[pagination]") {
    Config config;
    config.account.apps = 120;
    config.account.teams = 3;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    std::set<std::string> from_apps;
    for (const auto& app : walk_list(client, "/apps", "id ..; max=1000"))
        from_apps.insert(app["id"].get<std::string>());
    std::set<std::string> all = from_apps;
    for (const auto& team : walk_list(client, "/teams", "id ..; max=1000")) {
        for (const auto& app :
             walk_list(client, "/teams/" + team["name"].get<std::string>() + "/apps",
                       "id ..; max=1000")) {
            CHECK(app.contains("joined"));
            CHECK(app.contains("locked"));
            all.insert(app["id"].get<std::string>());
        }
    }
    CHECK(all.size() == 120);
    CHECK(from_apps.size() < 120);
}

TEST_CASE("max_page_size cuts every list below what the Range asks, archives excepted",
          "[pagination]") {
    Config config;
    config.account.apps = 9;
    config.account.teams = 1;
    config.server.max_page_size = 2;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);

    const Reply first = client.get("/apps", {{"Range", "name ..; max=1000"}});
    CHECK(first.status == 206);
    CHECK(json::parse(first.body).size() == 2);
    CHECK(first.header("Content-Range").find("; max=2") != std::string::npos);
    int pages = 0;
    const auto apps = walk_list(client, "/apps", "name ..; max=1000", &pages);
    CHECK(pages == static_cast<int>((apps.size() + 1) / 2));
    CHECK(pages >= 2);
    std::set<std::string> names;
    for (const auto& app : apps) names.insert(app["name"].get<std::string>());
    CHECK(names.size() == apps.size());

    const std::string ea = fake.account().enterprise_accounts[0].id;
    const Reply archives =
        client.get("/enterprise-accounts/" + ea + "/archives", {{"Range", "id ..; max=1000"}});
    CHECK(archives.status == 200);
    CHECK(archives.header("Next-Range").empty());
    CHECK(json::parse(archives.body).size() > 2);
}

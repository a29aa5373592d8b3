// The app union: /apps and the team lists merged by id, visited in id order, then released.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/app_union.hpp"

using iru::heroku::AppUnion;
using iru::heroku::Ref;
using nlohmann::json;

TEST_CASE("the app union merges the team lists into /apps and visits apps in id order") {
    AppUnion apps;
    apps.add(json::parse(R"({"id":"b","name":"personal","team":null,"locked":null})"));
    apps.add(json::parse(R"({"id":"c","name":"joined","team":{"id":"t1","name":"one"}})"));
    // A team list item: /apps' fields win, the team list adds what only it tells.
    apps.add_team_app(json::parse(R"({"id":"c","name":"other","joined":true,"locked":false})"),
                      Ref{"t1", "one"});
    // Only in a team list: the team is set when the app names none.
    apps.add_team_app(json::parse(R"({"id":"a","name":"team-only","joined":false})"),
                      Ref{"t2", "two"});
    // A later /apps item of the same id replaces the first.
    apps.add(json::parse(R"({"id":"b","name":"personal","team":null,"stack":"heroku-24"})"));
    CHECK(apps.size() == 3);
    CHECK_THROWS_AS(apps.add(json::parse(R"({"name":"no id"})")), std::invalid_argument);
    CHECK_THROWS_AS(apps.add_team_app(json::array(), Ref{"t1", "one"}), std::invalid_argument);

    std::vector<std::string> ids;
    std::vector<json> seen;
    apps.drain([&](const std::string& id, const json& app) {
        ids.push_back(id);
        seen.push_back(app);
        return true;
    });
    CHECK(ids == std::vector<std::string>{"a", "b", "c"});
    CHECK(seen[0] ==
          json::parse(
              R"({"id":"a","name":"team-only","joined":false,"team":{"id":"t2","name":"two"}})"));
    CHECK(seen[1] ==
          json::parse(R"({"id":"b","name":"personal","team":null,"stack":"heroku-24"})"));
    CHECK(
        seen[2] ==
        json::parse(
            R"({"id":"c","name":"joined","team":{"id":"t1","name":"one"},"joined":true,"locked":false})"));
    CHECK(apps.size() == 0);
    CHECK(apps.stored_bytes() == 0);
}

TEST_CASE("the app union stops where the visit asks and is released either way") {
    AppUnion apps;
    for (int i = 0; i < 2000; ++i)
        apps.add(json{{"id", "app-" + std::to_string(10000 + i)}, {"name", "n"}});
    for (int i = 0; i < 2000; i += 2)
        apps.add_team_app(json{{"id", "app-" + std::to_string(10000 + i)}, {"joined", true}},
                          Ref{"t", "team"});
    CHECK(apps.size() == 2000);
    int visited = 0;
    apps.drain([&](const std::string& id, const json& app) {
        CHECK(id == "app-" + std::to_string(10000 + visited));
        CHECK(app.contains("joined") == (visited % 2 == 0));
        return ++visited < 10;
    });
    CHECK(visited == 10);
    CHECK(apps.size() == 0);

    apps.add(json{{"id", "x"}});
    CHECK_THROWS_AS(apps.drain([](const std::string&, const json&) -> bool {
        throw std::runtime_error("visit");
    }),
                    std::runtime_error);
    CHECK(apps.size() == 0);
}

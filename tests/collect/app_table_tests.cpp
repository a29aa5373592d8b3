// The selected apps, kept flat: every reference comes back as it was added.
#include <catch2/catch.hpp>

#include <string>

#include "collect/app_table.hpp"
#include "collect/catalogue.hpp"

using iru::heroku::AppEntry;
using iru::heroku::AppTable;
using iru::heroku::Ref;
namespace generation = iru::heroku::generation;

TEST_CASE("the app table gives back each app's id, name, team and generation") {
    AppTable table;
    CHECK(table.empty());
    const Ref growth{"team-1", "acme-growth"};
    const Ref platform{"team-2", "acme-platform"};
    for (int i = 0; i < 3000; ++i) {
        AppEntry e{{"app-" + std::to_string(i), "name-" + std::to_string(i)}, std::nullopt};
        if (i % 3 == 1) e.team = growth;
        if (i % 3 == 2) e.team = platform;
        if (i % 5 == 0) e.generation = generation::fir;
        CHECK(table.add(e));
    }
    REQUIRE(table.size() == 3000);
    for (int i = 0; i < 3000; ++i) {
        const AppEntry e = table.at(static_cast<std::size_t>(i));
        CHECK(e.app.id == "app-" + std::to_string(i));
        CHECK(e.app.name == "name-" + std::to_string(i));
        CHECK(e.generation == (i % 5 == 0 ? generation::fir : 0U));
        if (i % 3 == 0) CHECK_FALSE(e.team);
        if (i % 3 == 1) CHECK((e.team && e.team->id == "team-1" && e.team->name == "acme-growth"));
        if (i % 3 == 2)
            CHECK((e.team && e.team->id == "team-2" && e.team->name == "acme-platform"));
    }
    const auto found = table.find("app-2999");
    REQUIRE(found);
    CHECK(found->app.name == "name-2999");
    CHECK((found->team && found->team->name == "acme-platform"));
    CHECK_FALSE(table.find("app-3000"));
    CHECK(table.count_in_team("team-1") == 1000);
    CHECK(table.count_in_team("team-2") == 1000);
    CHECK(table.count_in_team("team-3") == 0);
    CHECK_THROWS_AS(table.at(3000), std::out_of_range);
}

TEST_CASE("the app table adds an id once and keeps teams of the same id and other names apart") {
    AppTable table;
    CHECK(table.add({{"a", "first"}, Ref{"t", "one"}}));
    CHECK_FALSE(table.add({{"a", "second"}, std::nullopt}));
    CHECK(table.add({{"b", ""}, Ref{"t", "renamed"}}));
    CHECK(table.add({{"c", "c"}, Ref{"", "by-name-only"}}));
    REQUIRE(table.size() == 3);
    CHECK(table.at(0).app.name == "first");
    CHECK(table.at(0).team->name == "one");
    CHECK(table.at(1).app.name.empty());
    CHECK(table.at(1).team->name == "renamed");
    CHECK(table.at(2).team->id.empty());
    CHECK(table.at(2).team->name == "by-name-only");
    CHECK(table.count_in_team("t") == 2);
}

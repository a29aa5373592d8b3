// Record type include/exclude and the teams/apps name, id and glob filters.
#include <catch2/catch.hpp>

#include "collect/filters.hpp"

using namespace iru::heroku;

TEST_CASE("record types: include, exclude, summary always on", "[filters]") {
    const RecordTypeFilter all({}, {});
    CHECK(all.enabled("heroku.app"));
    const RecordTypeFilter only({"heroku.app", "heroku.dyno"}, {"heroku.dyno"});
    CHECK(only.enabled("heroku.app"));
    CHECK_FALSE(only.enabled("heroku.dyno"));
    CHECK_FALSE(only.enabled("heroku.release"));
    CHECK(only.enabled("heroku.collection_summary"));
    CHECK(only.any_enabled({"heroku.release", "heroku.app"}));
    CHECK_FALSE(only.any_enabled({"heroku.release", "heroku.dyno"}));
    const RecordTypeFilter excluded({}, {"heroku.collection_summary", "heroku.team"});
    CHECK(excluded.enabled("heroku.collection_summary"));
    CHECK_FALSE(excluded.enabled("heroku.team"));
}

TEST_CASE("names, ids and globs", "[filters]") {
    const NameFilter none({});
    CHECK(none.empty());
    CHECK(none.matches("id", "anything"));
    const NameFilter f({"prod-*", "01234567-89ab-cdef-0123-456789abcdef", "exact", "app-?[0-9]"});
    CHECK(f.matches("x", "prod-api"));
    CHECK_FALSE(f.matches("x", "staging-api"));
    CHECK(f.matches("01234567-89ab-cdef-0123-456789abcdef", "whatever"));
    CHECK(f.matches("x", "exact"));
    CHECK_FALSE(f.matches("x", "exactly"));
    CHECK(f.matches("x", "app-a7"));
    CHECK_FALSE(f.matches("x", "app-77x"));
    CHECK(glob_match("*", ""));
    CHECK_FALSE(glob_match("a", ""));
}

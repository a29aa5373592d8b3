// What a 304 costs in the fake's bucket (ServerConfig::not_modified_cost), and config vars changed
// after start (FakeHeroku::set_config_var), which change the answer and its ETag.
#include <catch2/catch.hpp>

#include <string>

#include "http_get.hpp"

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

namespace {

Config config_with(NotModifiedCost cost) {
    Config c;
    c.account.apps = 3;
    c.account.teams = 1;
    c.account.members_per_team = 2;
    c.server.refill_per_minute = 0;
    c.server.not_modified_cost = cost;
    return c;
}

std::int64_t remaining_of(const Reply& r) { return std::stoll(r.header("RateLimit-Remaining")); }

}  // namespace

TEST_CASE("a 304 costs one token by default", "[server][not_modified]") {
    CHECK(ServerConfig{}.not_modified_cost == NotModifiedCost::one);
}

TEST_CASE("a 304 costs one token, or none when the fake is told so", "[server][not_modified]") {
    const bool free = GENERATE(true, false);
    FakeHeroku fake(config_with(free ? NotModifiedCost::free : NotModifiedCost::one));
    fake.start();
    FakeClient client(fake);
    const Reply first = client.get("/account");
    REQUIRE(first.status == 200);
    const std::string etag = first.header("ETag");
    const Reply again = client.get("/account", {{"If-None-Match", etag}});
    REQUIRE(again.status == 304);
    CHECK(remaining_of(again) == remaining_of(first) - (free ? 0 : 1));
    CHECK(fake.rate_limit_remaining() == remaining_of(again));
    CHECK(fake.rate_limit_stats().served == (free ? 1U : 2U));
    // A 200 costs its token either way.
    const Reply changed = client.get("/account", {{"If-None-Match", "\"other\""}});
    CHECK(changed.status == 200);
    CHECK(remaining_of(changed) == remaining_of(again) - 1);
}

TEST_CASE("a config var set after start is served, with a new ETag", "[server][not_modified]") {
    FakeHeroku fake(config_with(NotModifiedCost::one));
    fake.start();
    FakeClient client(fake);
    const App& app = fake.account().apps.front();
    const std::string path = "/apps/" + app.id + "/config-vars";
    const Reply before = client.get(path);
    REQUIRE(before.status == 200);
    CHECK_FALSE(json::parse(before.body).contains("ADDED"));

    const std::string value = "IRU-SECRET-MARKER-added";
    fake.set_config_var(app.name, "ADDED", value);
    const Reply after = client.get(path, {{"If-None-Match", before.header("ETag")}});
    REQUIRE(after.status == 200);
    CHECK(json::parse(after.body).at("ADDED") == value);
    CHECK(after.header("ETag") != before.header("ETag"));
    CHECK(client.get(path, {{"If-None-Match", after.header("ETag")}}).status == 304);
    // The other apps are as generated; the value is among the planted secrets.
    const Reply other = client.get("/apps/" + fake.account().apps.back().id + "/config-vars");
    CHECK_FALSE(json::parse(other.body).contains("ADDED"));
    const auto secrets = fake.planted_secrets();
    CHECK(std::find(secrets.begin(), secrets.end(), value) != secrets.end());
    CHECK_THROWS_AS(fake.set_config_var("no-such-app", "X", value), std::invalid_argument);
}

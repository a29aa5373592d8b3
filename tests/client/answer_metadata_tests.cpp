// What the client reports about answers beyond their bodies: the token's OAuth scope, the scopes a
// denied endpoint accepts, and answers it refused as unusable (bad_answer: named, never retried).
#include <catch2/catch.hpp>

#include "client_test_fixture.hpp"

using namespace iru::heroku;
using namespace iru::test;

TEST_CASE("the OAuth-Scope header is reported in the stats; a 403 carries OAuth-Scope-Accepted",
          "[client][http][scope]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        if (r.path == "/account")
            return ScriptedResponse::json(
                200, R"({"id":"u1"})",
                {{"OAuth-Scope", "read"}, {"OAuth-Scope-Accepted", "global identity"}});
        if (r.path == "/teams/t/members")
            return ScriptedResponse::json(
                403, R"({"id":"forbidden","message":"Insufficient scope"})",
                {{"OAuth-Scope", "read"}, {"OAuth-Scope-Accepted", "global"}});
        return ScriptedResponse::json(404, R"({"id":"not_found","message":"nope"})");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    CHECK(client->stats().oauth_scope.empty());

    client->get("/account");
    CHECK(client->stats().oauth_scope == "read");

    const auto denied = expect_api_error([&] { client->list_all("/teams/t/members"); });
    CHECK(denied.http_status() == 403);
    CHECK(denied.oauth_scope_accepted() == "global");
    CHECK_FALSE(denied.bad_answer());

    const auto missing = expect_api_error([&] { client->get("/apps/gone"); });
    CHECK(missing.oauth_scope_accepted().empty());
    CHECK_FALSE(missing.bad_answer());
    CHECK(client->stats().oauth_scope ==
          "read");  // an answer without the header keeps the last seen

    client->begin_run();
    CHECK(client->stats().oauth_scope.empty());
    check_log_free_of_token(logger);
}

TEST_CASE("a malformed answer is a bad_answer naming the request, and is not retried",
          "[client][http][bad_answer]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        if (r.path == "/account") return ScriptedResponse::json(200, R"({"id": "u1", "email": )");
        if (r.path == "/apps") return ScriptedResponse::json(200, R"({"not":"a list"})");
        if (r.path == "/addons") return ScriptedResponse::json(200, R"([{"id":"a"}, {"id": ])");
        return ScriptedResponse::json(404, "{}");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);

    const auto not_json = expect_api_error([&] { client->get("/account"); });
    CHECK(not_json.bad_answer());
    CHECK(not_json.http_status() == 200);
    CHECK_THAT(not_json.what(), Catch::Contains("GET /account") && Catch::Contains("not JSON"));
    CHECK(server.request_count() == 1);

    const auto not_list =
        expect_api_error([&] { client->list_items("/apps", ListSpec{}, [](nlohmann::json&) {}); });
    CHECK(not_list.bad_answer());
    CHECK_THAT(not_list.what(), Catch::Contains("GET /apps") && Catch::Contains("not a list"));
    CHECK(server.request_count() == 2);

    std::size_t items = 0;
    const auto torn = expect_api_error(
        [&] { client->list_items("/addons", ListSpec{}, [&](nlohmann::json&) { ++items; }); });
    CHECK(torn.bad_answer());
    CHECK(server.request_count() == 3);
    CHECK(client->stats().retries == 0);
    check_log_free_of_token(logger);
}

TEST_CASE("the lowest RateLimit-Remaining the server reported in a run is kept",
          "[client][http][ratelimit]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t index) {
        static const char* const remaining[] = {"900", "850", "990"};
        if (index == 3)
            return ScriptedResponse::json(429, R"({"id":"rate_limit"})");  // no header: not counted
        return ScriptedResponse::json(200, "{}", {{"RateLimit-Remaining", remaining[index % 3]}});
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    CHECK(client->stats().lowest_rate_limit_remaining == -1);
    for (int i = 0; i < 3; ++i) client->get("/account/" + std::to_string(i));
    CHECK(client->stats().lowest_rate_limit_remaining == 850);
    CHECK(client->stats().rate_limit_remaining == 990);
    // A 429 without a header (an empty bucket, below the reserve): the client polls
    // /account/rate-limits, which answers 850 in the header (index 4), then resends (990).
    client->get("/account/3");
    CHECK(client->stats().lowest_rate_limit_remaining == 850);
    client->begin_run();
    CHECK(client->stats().lowest_rate_limit_remaining == -1);
}

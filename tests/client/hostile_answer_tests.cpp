// Answers a hostile or broken server may send: nesting bombs, oversized bodies. Each ends as a
// named bad_answer for its one request, never a crash, a retry or a value.
#include <catch2/catch.hpp>

#include "client_test_fixture.hpp"

using namespace iru::heroku;
using namespace iru::test;

namespace {

// About 80 KB: an object nested 40,000 levels deep ({"a":{"a":...}}).
std::string nesting_bomb() {
    std::string out;
    for (int i = 0; i < 40'000; ++i) out += i % 2 ? "[" : "{\"a\":";
    out += "1";
    for (int i = 40'000 - 1; i >= 0; --i) out += i % 2 ? "]" : "}";
    return out;
}

}  // namespace

TEST_CASE("a nesting bomb is refused unread by get() and by list pages",
          "[client][http][bad_answer]") {
    const std::string bomb = nesting_bomb();
    REQUIRE(bomb.size() > 80'000);
    ScriptedHttpServer server([&](const RecordedRequest& r, std::size_t) {
        if (r.path == "/account") return ScriptedResponse::json(200, bomb);
        if (r.path == "/apps") return ScriptedResponse::json(200, R"([{"id":"ok"},)" + bomb + "]");
        return ScriptedResponse::json(200, "[" + bomb + "]");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);

    const auto start = Clock::now();
    const auto deep = expect_api_error([&] { client->get("/account"); });
    CHECK(deep.bad_answer());
    CHECK_THAT(deep.what(),
               Catch::Contains("GET /account") && Catch::Contains("nested more than 64 levels"));

    std::size_t items = 0;
    const auto deep_page = expect_api_error(
        [&] { client->list_items("/apps", ListSpec{}, [&](nlohmann::json&) { ++items; }); });
    CHECK(deep_page.bad_answer());
    CHECK(items == 0);  // the page is refused before any item of it is delivered
    CHECK_THAT(deep_page.what(), Catch::Contains("GET /apps"));

    const auto deep_list = expect_api_error([&] { client->list_all("/addons"); });
    CHECK(deep_list.bad_answer());
    CHECK(server.request_count() == 3);  // never retried
    CHECK(ms_since(start) < 2000);
    check_log_free_of_token(logger);
}

TEST_CASE("a list page nested within the bound is read", "[client][http][bad_answer]") {
    std::string item = R"({"id":"x","a":)";
    for (int i = 0; i < 60; ++i) item += "[";
    for (int i = 0; i < 60; ++i) item += "]";
    item += "}";
    ScriptedHttpServer server([&](const RecordedRequest&, std::size_t) {
        return ScriptedResponse::json(200, "[" + item + "]");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    std::size_t items = 0;
    client->list_items("/apps", ListSpec{},
                       [&](nlohmann::json& i) { items += i.at("id") == "x" ? 1 : 0; });
    CHECK(items == 1);
}

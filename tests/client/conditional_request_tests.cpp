// Conditional GETs (If-None-Match) against a scripted server: a 304 is "not modified", not an
// error; a list is judged by its ETag only when it came as one page; a 304 to a request that was
// not conditional is refused; and requests sent alone give samples of what a 304 costs.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "client_test_fixture.hpp"

using namespace iru::heroku;
using namespace iru::test;

namespace {

// /thing and /one-page have ETag "v1" (304 when asked with it); /paged is a page of several.
// RateLimit-Remaining starts at 1000 and drops by one for each answer but a free 304.
ScriptedHttpServer conditional_server(std::atomic<int>& remaining, bool free_304) {
    return ScriptedHttpServer([&remaining, free_304](const RecordedRequest& r, std::size_t) {
        const bool matches = r.header("If-None-Match") == "\"v1\"";
        if (!(matches && free_304)) --remaining;
        HeaderList headers = {{"RateLimit-Remaining", std::to_string(remaining.load())},
                              {"ETag", "\"v1\""}};
        if (r.path == "/not-conditional") return ScriptedResponse::json(304, "", headers);
        if (matches) return ScriptedResponse::json(304, "", headers);
        if (r.path == "/thing") return ScriptedResponse::json(200, R"({"id":"t"})", headers);
        if (r.path == "/one-page") return ScriptedResponse::json(200, json_items("a", 2), headers);
        if (r.path == "/paged") {
            headers.emplace_back("Next-Range", "]a1..; max=2");
            return ScriptedResponse::json(206, json_items("a", 2), headers);
        }
        if (r.path == "/bad-etag")
            return ScriptedResponse::json(200, "{}", {{"ETag", "\"has space\""}});
        return ScriptedResponse::json(404, R"({"id":"not_found","message":"no"})");
    });
}

}  // namespace

TEST_CASE("a conditional GET: the ETag of a 200, and a 304 that is not an error",
          "[client][http][conditional]") {
    std::atomic<int> remaining{1000};
    ScriptedHttpServer server = conditional_server(remaining, false);
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);

    const ConditionalAnswer plain = client->get_conditional("/thing");
    CHECK_FALSE(plain.not_modified);
    CHECK(plain.body == nlohmann::json{{"id", "t"}});
    CHECK(plain.etag == "\"v1\"");
    CHECK(client->stats().conditional_requests == 0);

    const ConditionalAnswer again = client->get_conditional("/thing", plain.etag);
    CHECK(again.not_modified);
    CHECK(again.body.is_null());
    CHECK(client->stats().conditional_requests == 1);
    CHECK(client->stats().not_modified == 1);
    CHECK(client->stats().duplicate_urls == 0);  // a 304 brought no body
    CHECK(client->get_conditional("/bad-etag").etag.empty());

    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK_FALSE(requests[0].has_header("If-None-Match"));
    CHECK(requests[1].header("If-None-Match") == "\"v1\"");
    // An ETag the client would not keep is never sent either.
    expect_api_error([&] { client->get_conditional("/thing", "\"bad\r\nX: y\""); });
    CHECK(server.requests().size() == 3);
    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("a list is judged by its ETag only when it came as one page",
          "[client][http][conditional]") {
    std::atomic<int> remaining{1000};
    ScriptedHttpServer server = conditional_server(remaining, false);
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    const ListSpec spec;

    std::string etag = "stale";
    int items = 0;
    client->list_items(
        "/one-page", spec, [&](nlohmann::json&) { ++items; }, &etag);
    CHECK(items == 2);
    CHECK(etag == "\"v1\"");

    const ConditionalAnswer same = client->list_conditional("/one-page", spec, etag);
    CHECK(same.not_modified);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].header("Range") == requests[0].header("Range"));  // the same request
    CHECK(requests[1].header("If-None-Match") == "\"v1\"");

    const ConditionalAnswer paged = client->list_conditional("/paged", spec, "\"v0\"");
    CHECK_FALSE(paged.not_modified);
    CHECK_FALSE(paged.single_page);
    CHECK(paged.body.is_null());
    CHECK(paged.etag.empty());

    const ConditionalAnswer whole = client->list_conditional("/one-page", spec, "\"v0\"");
    CHECK(whole.single_page);
    CHECK(whole.body.size() == 2);
    CHECK(whole.etag == "\"v1\"");
}

TEST_CASE("a 304 to a request that was not conditional is refused, lists included",
          "[client][http][conditional]") {
    std::atomic<int> remaining{1000};
    ScriptedHttpServer server = conditional_server(remaining, false);
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    const auto on_get = expect_api_error([&] { client->get("/not-conditional"); });
    CHECK(on_get.bad_answer());
    const auto on_list =
        expect_api_error([&] { client->list_items("/not-conditional", {}, [](auto&) {}); });
    CHECK(on_list.bad_answer());
    CHECK_THAT(on_list.what(), Catch::Contains("not conditional"));
    CHECK(client->stats().not_modified == 0);
    for (const auto& r : server.requests()) CHECK_FALSE(r.has_header("If-None-Match"));
}

TEST_CASE("304s sent alone after an answer had alone are samples of what a 304 costs",
          "[client][http][conditional]") {
    const bool free = GENERATE(true, false);
    std::atomic<int> remaining{1000};
    ScriptedHttpServer server = conditional_server(remaining, free);
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);

    client->get_conditional("/thing", "\"v1\"");  // not alone: no sample
    CHECK(client->not_modified_samples().empty());
    {
        ApiClient::Alone alone(*client);
        client->get_conditional("/thing", "\"v1\"");  // the first alone: nothing before it
        client->get_conditional("/thing", "\"v1\"");
        client->get("/thing");  // a 200: no sample, but the next 304's reference
        client->get_conditional("/thing", "\"v1\"");
        client->get_conditional("/thing", "\"v1\"");
    }
    client->get_conditional("/thing", "\"v1\"");  // alone no more
    const auto samples = client->not_modified_samples();
    REQUIRE(samples.size() == 3);
    CHECK(judge_not_modified_cost(samples) ==
          (free ? NotModifiedCost::free : NotModifiedCost::one_token));
    client->begin_run();
    CHECK(client->not_modified_samples().empty());
}

TEST_CASE("while a thread sends alone, the others' requests wait", "[client][http][conditional]") {
    std::atomic<int> remaining{1000};
    ScriptedHttpServer server = conditional_server(remaining, false);
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    std::atomic<bool> other_done{false};
    std::thread other;
    {
        ApiClient::Alone alone(*client);
        other = std::thread([&] {
            client->get("/thing");
            other_done = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        CHECK_FALSE(other_done.load());
        CHECK(server.requests().empty());
        client->get_conditional("/thing", "\"v1\"");  // the holder's own request goes
        CHECK(server.requests().size() == 1);
    }
    other.join();
    CHECK(other_done.load());
    CHECK(server.requests().size() == 2);
}

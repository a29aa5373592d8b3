// RequestTally (collect/request_tally.hpp) over the client's per-thread request count: each
// measured read is charged what its thread sent, retries included; a read measured inside another
// is charged to its own type alone; reads on other threads at once do not mix.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "client_test_fixture.hpp"
#include "collect/request_tally.hpp"

using namespace iru::heroku;
using namespace iru::test;

namespace {

// /flaky answers 503 to its first request and 200 after; /gone is 404; anything else 200.
ScriptedHttpServer tally_server() {
    auto flaky_seen = std::make_shared<std::atomic<int>>(0);
    return ScriptedHttpServer([flaky_seen](const RecordedRequest& r, std::size_t) {
        if (r.path == "/flaky" && flaky_seen->fetch_add(1) == 0)
            return ScriptedResponse::json(503, R"({"id":"unavailable","message":"later"})");
        if (r.path == "/gone") return ScriptedResponse::json(404, R"({"id":"not_found"})");
        return ScriptedResponse::json(200, R"({"id":"x"})");
    });
}

}  // namespace

TEST_CASE("a request tally charges each type what its reads sent, nested reads apart",
          "[collect][tally]") {
    ScriptedHttpServer server = tally_server();
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    RequestTally tally;

    tally.measure("heroku.outer", [&] {
        client->get("/a");
        tally.measure("heroku.inner", [&] {
            client->get("/b");
            client->get("/flaky");  // a 503 then a 200: two requests
        });
        client->get("/c");
    });
    CHECK_THROWS_AS(tally.measure("heroku.failed", [&] { client->get("/gone"); }), ApiError);
    tally.measure("heroku.silent", [] {});
    tally.add("heroku.outer", 1);

    const nlohmann::json by_type = tally.to_json();
    INFO(by_type.dump());
    CHECK(by_type ==
          nlohmann::json{{"heroku.outer", 3}, {"heroku.inner", 3}, {"heroku.failed", 1}});
    CHECK(server.request_count() == 6);
}

TEST_CASE("a request tally keeps reads on different threads apart", "[collect][tally]") {
    ScriptedHttpServer server = tally_server();
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    RequestTally tally;

    constexpr int per_thread = 20;
    auto reader = [&](const char* type) {
        for (int i = 0; i < per_thread; ++i)
            tally.measure(type, [&] { client->get("/item-" + std::to_string(i)); });
    };
    std::thread a(reader, "heroku.a");
    std::thread b(reader, "heroku.b");
    a.join();
    b.join();

    CHECK(tally.to_json() == nlohmann::json{{"heroku.a", per_thread}, {"heroku.b", per_thread}});
    CHECK(server.request_count() == 2 * per_thread);
}

// ApiClient against a scripted plain-HTTP server on 127.0.0.1: headers, pagination, 416 fallback,
// loops, retries, 429, timeouts, cancel, keep-alive reuse, concurrency, and no token anywhere.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>

#include "client_test_fixture.hpp"

using namespace iru::heroku;
using namespace iru::test;
using namespace std::chrono_literals;

namespace {

// Three pages: "id ..; max=1000" -> 206 + Next-Range p2 -> 206 + Next-Range p3 -> 200.
ScriptedResponse three_pages(const RecordedRequest& r, std::size_t) {
    const std::string range = r.header("Range");
    if (range == "id ..; max=1000")
        return ScriptedResponse::json(
            206, json_items("a", 3),
            {{"Next-Range", "]a2..; max=1000"}, {"RateLimit-Remaining", "4000"}});
    if (range == "]a2..; max=1000")
        return ScriptedResponse::json(
            206, json_items("b", 3),
            {{"Next-Range", "]b2..; max=1000"}, {"RateLimit-Remaining", "3999"}});
    if (range == "]b2..; max=1000")
        return ScriptedResponse::json(200, json_items("c", 2), {{"RateLimit-Remaining", "3998"}});
    return ScriptedResponse::json(400, R"({"id":"bad_request","message":"unexpected range"})");
}

}  // namespace

TEST_CASE("get sends only GETs with the Heroku headers and parses JSON", "[client][http]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        if (r.path == "/account")
            return ScriptedResponse::json(200, R"({"email":"a@example.com"})",
                                          {{"Request-Id", "srv-1"}});
        return ScriptedResponse::json(404, R"({"id":"not_found","message":"nope"})",
                                      {{"Request-Id", "srv-404"}});
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);

    const auto account = client->get("/account");
    CHECK(account.at("email") == "a@example.com");
    const auto missing = expect_api_error([&] { client->get("/apps/gone"); });
    CHECK(missing.http_status() == 404);
    CHECK(missing.request_id() == "srv-404");
    CHECK(std::string(missing.what()).find("Request-Id: srv-404") != std::string::npos);
    CHECK(server.request_count() == 2);  // 404 is not retried

    const auto bad_path = expect_api_error([&] { client->get("https://evil.example/x"); });
    CHECK(bad_path.status() == Status::internal);
    CHECK(server.request_count() == 2);

    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("a list is followed through 206 + Next-Range to its end", "[client][http][pagination]") {
    ScriptedHttpServer server(three_pages);
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);

    std::vector<std::size_t> page_sizes;
    client->list("/apps", ListSpec{},
                 [&](nlohmann::json& items) { page_sizes.push_back(items.size()); });
    CHECK(page_sizes == std::vector<std::size_t>{3, 3, 2});
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].header("Range") == "id ..; max=1000");
    CHECK(requests[1].header("Range") == "]a2..; max=1000");
    CHECK(requests[2].header("Range") == "]b2..; max=1000");
    const auto stats = client->stats();
    CHECK(stats.pages == 3);
    CHECK(stats.requests == 3);
    CHECK(stats.duplicate_urls == 0);
    CHECK(stats.rate_limit_remaining == 3998);
    CHECK(stats.lowest_rate_limit_remaining == 3998);
    CHECK(logger.contains("GET /apps page 2"));
    CHECK(logger.contains("GET /apps page 3"));

    const auto all = client->list_all("/apps");
    CHECK(all.size() == 8);
    CHECK(all[7].at("id") == "c1");
    CHECK(client->stats().duplicate_urls == 1);  // /apps twice in this run
    client->begin_run();
    CHECK(client->stats().duplicate_urls == 0);
    CHECK(client->stats().requests == 0);

    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("a page that ends between items sharing their sort value: read on, then incomplete",
          "[client][http][pagination]") {
    // Space members as Heroku's schema has them: "id" is the space's, shared by every member. The
    // server resumes after the last page's value, so members past the first page are skipped.
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        const std::string range = r.header("Range");
        if (range == "id ..; max=1000")
            return ScriptedResponse::json(
                206, R"([{"id":"s","user":{"id":"u0"}},{"id":"s","user":{"id":"u1"}}])",
                {{"Next-Range", "id ]\"s\"..; max=1000"}});
        return ScriptedResponse::json(200, R"([{"id":"t","user":{"id":"u9"}}])");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    std::vector<std::string> users;
    const auto error = expect_api_error([&] {
        client->list_items("/spaces/x/members", ListSpec{}, [&](nlohmann::json& item) {
            users.push_back(item["user"]["id"].get<std::string>());
        });
    });
    CHECK(users == std::vector<std::string>{"u0", "u1", "u9"});  // every page was read
    CHECK(error.status() == Status::internal);
    const std::string message = error.what();
    CHECK(message.find("GET /spaces/x/members") != std::string::npos);
    CHECK(message.find("page 1 ended between items that share their \"id\" value") !=
          std::string::npos);
    CHECK(message.find("the list is incomplete") != std::string::npos);

    std::size_t items = 0;
    CHECK_THROWS_AS(client->list("/spaces/x/members", ListSpec{},
                                 [&](nlohmann::json& page) { items += page.size(); }),
                    ApiError);
    CHECK(items == 3);

    // Sorted by a value the items do not share, the same pages are complete.
    ListSpec by_user;
    by_user.sort_attribute = "user.id";
    std::size_t read = 0;
    ScriptedHttpServer unique([](const RecordedRequest& r, std::size_t) {
        if (r.header("Range") == "user.id ..; max=1000")
            return ScriptedResponse::json(
                206, R"([{"id":"s","user":{"id":"u0"}},{"id":"s","user":{"id":"u1"}}])",
                {{"Next-Range", "user.id ]\"u1\"..; max=1000"}});
        return ScriptedResponse::json(200, R"([{"id":"s","user":{"id":"u2"}}])");
    });
    auto unique_client = make_client(fast_options(unique.base_url()), logger);
    unique_client->list_items("/spaces/x/members", by_user, [&](nlohmann::json&) { ++read; });
    CHECK(read == 3);
    check_log_free_of_token(logger);
}

TEST_CASE("a sort attribute and descending order reach the Range header; a limit stops early",
          "[client][http][pagination]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        if (r.path == "/apps/x/releases")
            return ScriptedResponse::json(206, json_items("v", 10),
                                          {{"Next-Range", "]v9..; order=desc, max=10"}});
        if (r.header("Range") == "email ..; max=1000")
            return ScriptedResponse::json(200, json_items("m", 2));
        if (r.path == "/big")
            return ScriptedResponse::json(
                206, json_items(r.header("Range").substr(0, 3), 1000),
                {{"Next-Range", r.header("Range") == "id ..; max=1000" ? "p2" : "p3"}});
        return ScriptedResponse::json(400, "{}");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);

    const auto releases = client->list_all("/apps/x/releases", ListSpec{"version", true, 10});
    CHECK(releases.size() == 10);
    CHECK(server.requests().at(0).header("Range") == "version ..; order=desc, max=10");
    CHECK(server.request_count() == 1);  // the limit was reached: Next-Range not followed

    CHECK(client->list_all("/teams/t/members", ListSpec{"email", false, 0}).size() == 2);

    const auto big = client->list_all("/big", ListSpec{"id", false, 1500});
    CHECK(big.size() == 1500);
    CHECK(server.request_count() == 4);
    check_requests_well_formed(server);
}

TEST_CASE("416 is retried once without a Range header", "[client][http][pagination]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        if (r.has_header("Range"))
            return ScriptedResponse::json(
                416, R"({"id":"requested_range_not_satisfiable","message":"bad attr"})");
        return ScriptedResponse::json(200, json_items("x", 4));
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    CHECK(client->list_all("/teams/t/members", ListSpec{"id", false, 0}).size() == 4);
    auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].has_header("Range"));
    CHECK_FALSE(requests[1].has_header("Range"));
    CHECK(logger.contains("without a Range header"));

    // A server that answers 416 even without Range: one fallback only, then an error.
    server.set_handler([](const RecordedRequest&, std::size_t) {
        return ScriptedResponse::json(416, R"({"id":"requested_range_not_satisfiable"})");
    });
    const auto error = expect_api_error([&] { client->list_all("/teams/t/members"); });
    CHECK(error.http_status() == 416);
    CHECK(server.request_count() == 4);
    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("a repeated Next-Range is an error, never a loop", "[client][http][pagination]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t) {
        return ScriptedResponse::json(206, json_items("x", 1),
                                      {{"Next-Range", "]same..; max=1000"}});
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    std::size_t pages = 0;
    const auto error =
        expect_api_error([&] { client->list("/apps", {}, [&](nlohmann::json&) { ++pages; }); });
    CHECK(error.status() == Status::internal);
    CHECK(std::string(error.what()).find("same Next-Range") != std::string::npos);
    CHECK(std::string(error.what()).find("incomplete") != std::string::npos);
    CHECK(server.request_count() == 2);
    CHECK(pages == 2);

    server.set_handler(
        [](const RecordedRequest&, std::size_t) {  // Next-Range equal to the first Range
            return ScriptedResponse::json(206, "[]", {{"Next-Range", "id ..; max=1000"}});
        });
    expect_api_error([&] { client->list_all("/apps"); });
    CHECK(server.request_count() == 3);

    server.set_handler([](const RecordedRequest&, std::size_t) {
        return ScriptedResponse::json(206, R"({"not":"a list"})");
    });
    CHECK(expect_api_error([&] { client->list_all("/apps"); }).status() == Status::internal);
}

TEST_CASE("429 backs off and succeeds; a persistent 429 stops within max_rate_limit_wait",
          "[client][http][ratelimit]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t index) {
        if (index < 2)
            return ScriptedResponse::json(429, R"({"id":"rate_limit","message":"slow down"})",
                                          {{"RateLimit-Remaining", "0"}});
        return ScriptedResponse::json(200, "{}", {{"RateLimit-Remaining", "5"}});
    });
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.rate_limit_reserve = 0;
    auto client = make_client(options, logger);
    CHECK(client->get("/account").is_object());
    CHECK(client->stats().rate_limited == 2);
    CHECK(client->stats().requests == 3);
    CHECK(client->stats().retries == 0);
    CHECK(logger.count(LogLevel::warn) >= 2);

    server.set_handler([](const RecordedRequest&, std::size_t) {
        return ScriptedResponse::json(429, R"({"id":"rate_limit"})", {{"Request-Id", "rl-1"}});
    });
    options.max_rate_limit_wait = 300ms;
    auto limited = make_client(options, logger);
    const auto start = Clock::now();
    const auto error = expect_api_error([&] { limited->get("/account"); });
    CHECK(ms_since(start) < 2000);
    CHECK(ms_since(start) >= 250);
    CHECK(error.status() == Status::rate_limited);
    CHECK(error.http_status() == 429);
    CHECK(std::string(error.what()).find("max_rate_limit_wait") != std::string::npos);
    CHECK(limited->stats().rate_limited >= 2);
    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("5xx and connection resets are retried with back-off", "[client][http][retry]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t index) {
        if (index == 0) return ScriptedResponse::json(503, R"({"id":"unavailable"})");
        if (index == 1) return ScriptedResponse::reset();
        if (index == 2) return ScriptedResponse::json(500, "<html>oops</html>");
        return ScriptedResponse::json(200, R"({"ok":true})");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);  // max_retries 3
    CHECK(client->get("/account").at("ok") == true);
    CHECK(server.request_count() == 4);
    CHECK(client->stats().retries >= 3);
    CHECK(logger.contains("retry 1 of 3"));
    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("retries exhausted are reported, never hidden", "[client][http][retry]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t) {
        return ScriptedResponse::json(503, R"({"id":"unavailable","message":"maintenance"})",
                                      {{"Request-Id", "srv-503"}});
    });
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.max_retries = 2;
    auto client = make_client(options, logger);
    auto error = expect_api_error([&] { client->get("/apps"); });
    CHECK(error.status() == Status::network);
    CHECK(error.http_status() == 503);
    CHECK(server.request_count() == 3);
    CHECK(std::string(error.what()).find("after 3 attempts") != std::string::npos);
    CHECK(std::string(error.what()).find("srv-503") != std::string::npos);

    server.set_handler(
        [](const RecordedRequest&, std::size_t) { return ScriptedResponse::reset(); });
    error = expect_api_error([&] { client->get("/account"); });
    CHECK(error.status() == Status::network);
    CHECK(error.http_status() == 0);
    CHECK(server.request_count() >= 6);

    // A refused connection (nothing listening) is a network error too.
    const std::string dead_url = server.base_url();
    server.stop();
    options.api_url = dead_url;
    auto refused = make_client(options, logger);
    CHECK(expect_api_error([&] { refused->get("/account"); }).status() == Status::network);
    check_log_free_of_token(logger);
}

TEST_CASE("a stalled server hits the read timeout", "[client][http][timeout]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t) {
        ScriptedResponse r = ScriptedResponse::json(200, "{}");
        r.delay = 3000ms;
        return r;
    });
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.read_timeout = 200ms;
    options.max_retries = 1;
    auto client = make_client(options, logger);
    const auto start = Clock::now();
    const auto error = expect_api_error([&] { client->get("/account"); });
    const auto elapsed = ms_since(start);
    CHECK(elapsed >= 380);
    CHECK(elapsed < 1500);
    CHECK(error.status() == Status::network);
    CHECK(std::string(error.what()).find("timeout") != std::string::npos);
    CHECK(server.request_count() == 2);
    check_log_free_of_token(logger);
}

TEST_CASE("cancel aborts a slow request and every later call within a second",
          "[client][http][cancel]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        ScriptedResponse response = ScriptedResponse::json(r.path == "/slow" ? 200 : 503, "{}");
        response.delay = r.path == "/slow" ? 10000ms : 0ms;
        return response;
    });
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.read_timeout = 20000ms;
    options.backoff_base = 5000ms;
    auto client = make_client(options, logger);

    auto slow = std::async(std::launch::async, [&] {
        try {
            client->get("/slow");
            return Status::ok;
        } catch (const ApiError& e) {
            return e.status();
        }
    });
    auto sleeping = std::async(std::launch::async, [&] {  // waiting in a 5 s back-off after a 503
        try {
            client->get("/unavailable");
            return Status::ok;
        } catch (const ApiError& e) {
            return e.status();
        }
    });
    const auto deadline = Clock::now() + 3s;
    while (server.request_count() < 2 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
    std::this_thread::sleep_for(100ms);
    const auto start = Clock::now();
    client->cancel();
    REQUIRE(slow.wait_for(1s) == std::future_status::ready);
    REQUIRE(sleeping.wait_for(1s) == std::future_status::ready);
    CHECK(ms_since(start) < 1000);
    CHECK(slow.get() == Status::cancelled);
    CHECK(sleeping.get() == Status::cancelled);
    CHECK(client->cancelled());
    const auto again = Clock::now();
    CHECK(expect_api_error([&] { client->get("/account"); }).status() == Status::cancelled);
    CHECK(expect_api_error([&] { client->list_all("/apps"); }).status() == Status::cancelled);
    CHECK(ms_since(again) < 200);
    check_log_free_of_token(logger);
}

TEST_CASE("keep-alive connections are reused; concurrent callers share a bounded pool",
          "[client][http][pool]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        return ScriptedResponse::json(200, "{\"path\":\"" + r.path + "\"}");
    });
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.concurrency = 3;
    auto client = make_client(options, logger);
    for (int i = 0; i < 10; ++i)
        CHECK(client->get("/apps/" + std::to_string(i)).at("path") == "/apps/" + std::to_string(i));
    CHECK(server.connections_accepted() == 1);

    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                const std::string path = "/t" + std::to_string(t) + "/" + std::to_string(i);
                if (client->get(path).at("path") == path) ++ok;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(ok == 60);
    CHECK(server.connections_accepted() <= 3);
    CHECK(client->stats().requests == 70);
    check_requests_well_formed(server);
}

TEST_CASE("401 gives the token advice once, with the server's Request-Id, and never the token",
          "[client][http][errors]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t) {
        // A hostile server echoing the token back must not get it into messages or logs.
        return ScriptedResponse::json(
            401, R"({"id":"unauthorized","message":"bad token )" + token_marker + "\"}",
            {{"Request-Id", "srv-401"}});
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    const auto error = expect_api_error([&] { client->get("/account"); });
    CHECK(error.status() == Status::auth_failed);
    CHECK(error.request_id() == "srv-401");
    CHECK(std::string(error.what()).find("heroku authorizations:create") != std::string::npos);
    CHECK(server.request_count() == 1);

    // rate-limits read failing is not fatal: nullopt, and a warning without the token.
    CHECK_FALSE(client->read_rate_limit().has_value());
    check_log_free_of_token(logger);

    // No token at all: a clear error, nothing sent.
    ApiClient no_token(fast_options(server.base_url()), logger);
    CHECK(expect_api_error([&] { no_token.get("/account"); }).status() == Status::auth_failed);
    CHECK(server.request_count() == 2);
}

TEST_CASE("read_rate_limit reads /account/rate-limits", "[client][http][ratelimit]") {
    ScriptedHttpServer server([](const RecordedRequest& r, std::size_t) {
        if (r.path == "/account/rate-limits")
            return ScriptedResponse::json(200, R"({"remaining": 1234})");
        return ScriptedResponse::json(404, "{}");
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    CHECK(client->read_rate_limit() == std::optional<std::int64_t>(1234));
    CHECK(client->stats().rate_limit_remaining == 1234);
    check_requests_well_formed(server);
}

TEST_CASE("a non-loopback http:// api_url is refused", "[client][url]") {
    CapturingLogger logger;
    for (const char* url :
         {"http://api.heroku.com", "http://192.168.1.10:8080", "http://example.com/"}) {
        INFO(url);
        auto options = fast_options(url);
        const auto error = expect_api_error([&] { ApiClient client(options, logger); });
        CHECK(error.status() == Status::bad_config);
        CHECK(std::string(error.what()).find("http://") != std::string::npos);
    }
    auto options = fast_options("http://127.0.0.1:9");
    CHECK_NOTHROW(ApiClient(options, logger));
    options.concurrency = 0;
    CHECK(expect_api_error([&] { ApiClient client(options, logger); }).status() ==
          Status::bad_config);
}

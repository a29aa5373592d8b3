// Pure parts of the client: api_url and proxy parsing, NO_PROXY, Range pagination, back-off, and
// the mapping of error answers to actionable messages.
#include <catch2/catch.hpp>

#include <map>

#include "api/api_error_mapping.hpp"
#include "api/backoff.hpp"
#include "api/pagination.hpp"
#include "http/proxy_config.hpp"
#include "http/url.hpp"

using namespace iru::heroku;
using namespace std::chrono_literals;

namespace {

Status config_error_status(const std::function<void()>& fn, std::string* message = nullptr) {
    try {
        fn();
    } catch (const ApiError& e) {
        if (message) *message = e.what();
        return e.status();
    }
    return Status::ok;
}

}  // namespace

TEST_CASE("api_url: https anywhere, http only to loopback", "[client][url]") {
    auto url = http::parse_api_url("https://api.heroku.com");
    CHECK(url.secure);
    CHECK(url.host == "api.heroku.com");
    CHECK(url.port == 443);
    CHECK(url.base_path.empty());
    CHECK(url.display() == "https://api.heroku.com");

    url = http::parse_api_url("http://127.0.0.1:8080/");
    CHECK_FALSE(url.secure);
    CHECK(url.loopback);
    CHECK(url.port == 8080);
    CHECK(http::parse_api_url("http://localhost:1").loopback);
    CHECK(http::parse_api_url("http://127.8.9.10:1").loopback);
    CHECK(http::parse_api_url("http://[::1]:9").host == "::1");
    CHECK(http::parse_api_url("https://proxy.example.com/heroku/").base_path == "/heroku");

    std::string message;
    for (const char* refused : {"http://api.heroku.com", "http://10.0.0.1", "http://128.0.0.1",
                                "http://[::2]:80", "http://localhost.example.com"}) {
        INFO(refused);
        CHECK(config_error_status([&] { http::parse_api_url(refused); }, &message) ==
              Status::bad_config);
        CHECK(message.find("loopback") != std::string::npos);
    }
    CHECK(config_error_status([] { http::parse_api_url("ftp://api.heroku.com"); }) ==
          Status::bad_config);
    CHECK(config_error_status([] { http::parse_api_url(""); }) == Status::bad_config);
    CHECK(config_error_status([] { http::parse_api_url("api.heroku.com"); }) == Status::bad_config);
    CHECK(config_error_status([] { http::parse_api_url("https://"); }) == Status::bad_config);
    CHECK(config_error_status([] { http::parse_api_url("https://a b"); }) == Status::bad_config);
    CHECK(config_error_status([] { http::parse_api_url("https://api.heroku.com/?x=1"); }) ==
          Status::bad_config);

    // User-info is refused and never echoed.
    CHECK(config_error_status(
              [] { http::parse_api_url("https://me:IRU-SECRET-MARKER-url@api.heroku.com"); },
              &message) == Status::bad_config);
    CHECK(message.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(config_error_status(
              [] { http::parse_api_url("http://me:IRU-SECRET-MARKER-url@example.com"); },
              &message) == Status::bad_config);
    CHECK(message.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(
        http::redact_url("https://u:IRU-SECRET-MARKER-x@h.example:8443/p?q=IRU-SECRET-MARKER-y") ==
        "https://h.example:8443/p");
}

TEST_CASE("proxy URL parsing keeps credentials out of messages", "[client][proxy]") {
    auto proxy = http::parse_proxy_url("http://user:p%40ss-IRU-SECRET-MARKER-p@proxy.corp:3128");
    CHECK(proxy.host == "proxy.corp");
    CHECK(proxy.port == 3128);
    CHECK(proxy.username == "user");
    CHECK(proxy.password == "p@ss-IRU-SECRET-MARKER-p");
    CHECK(proxy.display() == "http://proxy.corp:3128");
    CHECK(http::parse_proxy_url("proxy.corp:8080").port == 8080);

    std::string message;
    CHECK(config_error_status(
              [] { http::parse_proxy_url("https://u:IRU-SECRET-MARKER-p@proxy.corp:3128"); },
              &message) == Status::bad_config);
    CHECK(message.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(message.find("http://") != std::string::npos);
    CHECK(config_error_status(
              [] { http::parse_proxy_url("http://u:IRU-SECRET-MARKER-p@proxy.corp:3128/path"); },
              &message) == Status::bad_config);
    CHECK(message.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(config_error_status([] { http::parse_proxy_url(" "); }) == Status::bad_config);
}

TEST_CASE("NO_PROXY matching and proxy resolution from the environment", "[client][proxy]") {
    CHECK(http::no_proxy_matches("*", "api.heroku.com"));
    CHECK(http::no_proxy_matches("heroku.com", "api.heroku.com"));
    CHECK(http::no_proxy_matches(".heroku.com", "api.heroku.com"));
    CHECK(http::no_proxy_matches("foo, API.Heroku.com:443", "api.heroku.com"));
    CHECK(http::no_proxy_matches("127.0.0.1", "127.0.0.1"));
    CHECK_FALSE(http::no_proxy_matches("roku.com", "api.heroku.com"));
    CHECK_FALSE(http::no_proxy_matches("", "api.heroku.com"));
    CHECK_FALSE(http::no_proxy_matches(",,", "api.heroku.com"));

    std::map<std::string, std::string> env;
    http::EnvironmentLookup lookup = [&](const char* name) -> const char* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    CHECK_FALSE(http::resolve_proxy("", "api.heroku.com", lookup));
    env["https_proxy"] = "http://lower:3128";
    CHECK(http::resolve_proxy("", "api.heroku.com", lookup)->host == "lower");
    env["HTTPS_PROXY"] = "http://upper:3128";
    CHECK(http::resolve_proxy("", "api.heroku.com", lookup)->host == "upper");
    env["no_proxy"] = "heroku.com";
    CHECK_FALSE(http::resolve_proxy("", "api.heroku.com", lookup));
    CHECK(http::resolve_proxy("", "api.example.com", lookup)->host == "upper");
    // The option wins and ignores NO_PROXY.
    CHECK(http::resolve_proxy("http://option:1", "api.heroku.com", lookup)->host == "option");
    env.erase("no_proxy");
    env["HTTPS_PROXY"] = "ftp://u:IRU-SECRET-MARKER-env@x";
    std::string message;
    CHECK(config_error_status([&] { http::resolve_proxy("", "api.heroku.com", lookup); },
                              &message) == Status::bad_config);
    CHECK(message.find("HTTPS_PROXY") != std::string::npos);
    CHECK(message.find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("Range headers and Next-Range handling", "[client][pagination]") {
    CHECK(build_range("id", false, 1000) == "id ..; max=1000");
    CHECK(build_range("version", true, 10) == "version ..; order=desc, max=10");
    CHECK(build_range("email", false, 5000) == "email ..; max=1000");
    CHECK(build_range("id", false, 0) == "id ..; max=1");
    CHECK_THROWS_AS(build_range("id; max=1", false, 10), std::invalid_argument);
    CHECK_THROWS_AS(build_range("", false, 10), std::invalid_argument);
    CHECK(page_size_for(0) == 1000);
    CHECK(page_size_for(10) == 10);
    CHECK(page_size_for(1500) == 1000);

    Paginator pages;
    pages.note_sent("id ..; max=1000");
    CHECK(pages.after_page(206, "]a..; max=1000") == std::optional<std::string>("]a..; max=1000"));
    CHECK(pages.after_page(206, "]b..; max=1000") == std::optional<std::string>("]b..; max=1000"));
    CHECK_THROWS_AS(pages.after_page(206, "]a..; max=1000"), PaginationError);  // repeated

    Paginator first_again;
    first_again.note_sent("id ..; max=1000");
    CHECK_THROWS_AS(first_again.after_page(206, "id ..; max=1000"), PaginationError);

    Paginator done;
    CHECK_FALSE(done.after_page(200, "ignored"));
    Paginator no_header;
    CHECK_FALSE(no_header.after_page(206, ""));
    Paginator bad_header;
    CHECK_THROWS_AS(bad_header.after_page(206, "a\r\nInjected: 1"), PaginationError);

    Paginator bounded(3);
    CHECK(bounded.after_page(206, "1"));
    CHECK(bounded.after_page(206, "2"));
    CHECK_THROWS_AS(bounded.after_page(206, "3"), PaginationError);
}

TEST_CASE("a page's sort values tell a page cut between items that share theirs",
          "[client][pagination]") {
    const auto item = nlohmann::json::parse(
        R"({"id":"s1","version":7,"user":{"id":"u1","email":"a@example.com"},"n":null})");
    CHECK(sort_value(item, "id") == std::optional<std::string>("\"s1\""));
    CHECK(sort_value(item, "version") == std::optional<std::string>("7"));
    CHECK(sort_value(item, "user.id") == std::optional<std::string>("\"u1\""));
    CHECK(sort_value(item, "n") == std::optional<std::string>("null"));
    CHECK_FALSE(sort_value(item, "name"));
    CHECK_FALSE(sort_value(item, "user.name"));
    CHECK_FALSE(sort_value(item, "id.x"));  // a string has no members
    CHECK_FALSE(sort_value(nlohmann::json(42), "id"));
    // "7" the string and 7 the number are different values.
    CHECK(sort_value(nlohmann::json::parse(R"({"v":"7"})"), "v") != sort_value(item, "version"));

    PageTail empty;
    CHECK_FALSE(empty.ends_in_tie());
    PageTail one;
    one.add("\"a\"");
    CHECK_FALSE(one.ends_in_tie());
    PageTail distinct;
    for (const char* v : {"\"a\"", "\"a\"", "\"b\""}) distinct.add(v);
    CHECK_FALSE(distinct.ends_in_tie());  // a tie inside the page is harmless
    PageTail tied;
    for (const char* v : {"\"a\"", "\"b\"", "\"b\""}) tied.add(v);
    CHECK(tied.ends_in_tie());
    PageTail missing;
    missing.add(std::nullopt);
    missing.add(std::nullopt);
    CHECK(missing.ends_in_tie());  // nothing orders them: where the next page starts is unknown
    PageTail one_missing;
    one_missing.add("\"a\"");
    one_missing.add(std::nullopt);
    CHECK_FALSE(one_missing.ends_in_tie());
}

TEST_CASE("back-off grows exponentially with jitter and is bounded", "[client][backoff]") {
    CHECK(backoff_delay(0, 100ms, 10s, 0.0) == 50ms);
    CHECK(backoff_delay(0, 100ms, 10s, 1.0) == 100ms);
    CHECK(backoff_delay(3, 100ms, 10s, 1.0) == 800ms);
    CHECK(backoff_delay(3, 100ms, 10s, 0.0) == 400ms);
    CHECK(backoff_delay(30, 100ms, 10s, 1.0) == 10s);
    CHECK(backoff_delay(1000, 100ms, 10s, 0.5) <= 10s);
    Backoff backoff(10ms, 100ms);
    for (int i = 0; i < 20; ++i) {
        const auto d = backoff.next();
        CHECK(d >= 5ms);
        CHECK(d <= 100ms);
    }
    CHECK(backoff.attempts() == 20);
}

TEST_CASE("error answers map to statuses and actionable messages", "[client][errors]") {
    const auto e401 = error_for_response(
        401, R"({"id":"unauthorized","message":"Invalid credentials provided."})", "req-401",
        "GET /account");
    CHECK(e401.status() == Status::auth_failed);
    CHECK(e401.http_status() == 401);
    CHECK(e401.heroku_id() == "unauthorized");
    CHECK(e401.request_id() == "req-401");
    const std::string m401 = e401.what();
    CHECK(m401.find("8 hours") != std::string::npos);
    CHECK(m401.find("revoked") != std::string::npos);
    CHECK(m401.find("regenerated in the Dashboard") != std::string::npos);
    CHECK(m401.find("heroku authorizations:create --description \"Iru Compliance\"") !=
          std::string::npos);
    CHECK(m401.find("Request-Id: req-401") != std::string::npos);

    std::map<std::string, std::string> messages;
    for (const char* id : {"two_factor", "suspended", "delinquent", "forbidden"}) {
        const auto e = error_for_response(
            403, std::string(R"({"id":")") + id + R"(","message":"m"})", "r", "GET /apps");
        CHECK(e.status() == Status::permission_denied);
        CHECK(e.heroku_id() == id);
        messages[id] = e.what();
    }
    CHECK(messages["two_factor"].find("two-factor") != std::string::npos);
    CHECK(messages["suspended"].find("suspended") != std::string::npos);
    CHECK(messages["delinquent"].find("delinquent") != std::string::npos);
    CHECK(messages["forbidden"].find("ask a team or app admin") != std::string::npos);
    CHECK(messages["two_factor"] != messages["forbidden"]);
    CHECK(error_for_response(402, R"({"id":"delinquent"})", "", "GET /apps").status() ==
          Status::permission_denied);
    CHECK(std::string(error_for_response(402, "", "", "GET /apps").what()).find("delinquent") !=
          std::string::npos);
    CHECK(error_for_response(403, R"({"id":"unauthorized"})", "", "GET /apps").status() ==
          Status::auth_failed);
    CHECK(error_for_response(404, R"({"id":"not_found"})", "", "GET /apps/x").status() ==
          Status::permission_denied);
    CHECK(error_for_response(429, R"({"id":"rate_limit"})", "", "GET /apps").status() ==
          Status::rate_limited);
    CHECK(error_for_response(503, "<html>down</html>", "", "GET /apps", 5).status() ==
          Status::network);
    CHECK(std::string(error_for_response(503, "", "", "GET /apps", 5).what())
              .find("after 5 attempts") != std::string::npos);
    CHECK(error_for_response(400, "{}", "", "GET /apps").status() == Status::internal);

    // Bodies that are not JSON, huge, or full of odd bytes.
    CHECK(parse_error_body("not json").id.empty());
    CHECK(parse_error_body(R"(["id"])").id.empty());
    CHECK(parse_error_body(R"({"id": 5, "message": null})").id.empty());
    const std::string huge(5 << 20, 'x');
    CHECK(std::string(error_for_response(500, huge, "", "GET /apps").what()).size() < 1000);
    const std::string long_message =
        R"({"id":"forbidden","message":")" + std::string(100000, 'y') + "\"}";
    CHECK(std::string(error_for_response(403, long_message, "", "GET /apps").what()).size() < 1500);
    const auto odd =
        parse_error_body("{\"id\":\"forbidden\",\"message\":\"a\\u0000b\\nc\\u001bd\"}");
    CHECK(odd.message == "a?b c?d");
    const std::string odd_request_id = "id\r\nX: y";
    const std::string kept = error_for_response(500, "", odd_request_id, "GET /").request_id();
    CHECK(kept.find_first_of("\r\n") == std::string::npos);
    CHECK(kept.find("X: y") != std::string::npos);
}

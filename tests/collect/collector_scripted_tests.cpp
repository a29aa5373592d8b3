// The collector against a scripted server (tests/support): answers the fake Heroku never gives —
// token-like strings in ordinary fields, an undeclared field, a 5xx, an item without an id.
#include <catch2/catch.hpp>

#include <set>

#include "collect/collector.hpp"
#include "memory_sink.hpp"
#include "support/scripted_http_server.hpp"
#include "test_collection.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

constexpr const char* token = "tok-IRU-SECRET-MARKER-scripted-0123456789";

iru::test::ScriptedResponse answer(const iru::test::RecordedRequest& request) {
    using iru::test::ScriptedResponse;
    const std::string& p = request.path;
    if (p == "/account")
        return ScriptedResponse::json(200,
                                      json{{"id", "u1"},
                                           {"email", "me@example.com"},
                                           {"two_factor_authentication", true},
                                           {"federated", false},
                                           {"name", "HRKU-IRU-SECRET-MARKER-pasted"},
                                           {"note", "an undeclared field: IRU-SECRET-MARKER-note"}}
                                          .dump());
    if (p == "/apps")
        return ScriptedResponse::json(
            200, json::array(
                     {{{"id", "a1"},
                       {"name", "one"},
                       {"team", nullptr},
                       {"stack", {{"id", "s1"}, {"name", std::string("deploy with ") + token}}}}})
                     .dump());
    if (p == "/apps/a1/config-vars")
        return ScriptedResponse::json(200, json{{"SECRET", "IRU-SECRET-MARKER-value"}}.dump());
    if (p == "/apps/a1/log-drains")
        return ScriptedResponse::json(500, R"({"id":"internal_server_error","message":"boom"})");
    if (p == "/apps/a1/formation")  // an item without an id: cannot have a stable key
        return ScriptedResponse::json(200, R"([{"type":"web","quantity":1}])");
    return ScriptedResponse::json(200, "[]");
}

}  // namespace

TEST_CASE("leaking strings are replaced and named, odd answers become gaps", "[collector]") {
    iru::test::ScriptedHttpServer server(
        [](const iru::test::RecordedRequest& r, std::size_t) { return answer(r); });
    const iru::test::TestCollection run =
        iru::test::run_test_collection(iru::test::test_client_options(server.base_url()), token);

    CHECK(run.outcome.status == Status::partial);
    const json summary = run.summary();
    for (const auto& r : run.records) {
        INFO(r.type);
        CHECK(r.data.find("IRU-SECRET-MARKER") == std::string::npos);
        CHECK(r.data.find("HRKU-") == std::string::npos);
    }
    for (const auto& line : run.log_lines)
        CHECK(line.find("IRU-SECRET-MARKER") == std::string::npos);

    REQUIRE(run.of_type("heroku.account").size() == 1);
    CHECK(run.of_type("heroku.account")[0].json()["name"] == "[REDACTED]");
    CHECK_FALSE(run.of_type("heroku.account")[0].json().contains("note"));
    REQUIRE(run.of_type("heroku.app").size() == 1);
    CHECK(run.of_type("heroku.app")[0].json()["stack"]["name"] == "[REDACTED]");
    REQUIRE(run.of_type("heroku.config_vars").size() == 1);
    CHECK(run.of_type("heroku.config_vars")[0].json()["names"] == json({"SECRET"}));

    // The warnings name the record type and field, in the log and in the summary.
    bool logged = false;
    for (const auto& line : run.log_lines)
        logged = logged || (line.find("heroku.account") != std::string::npos &&
                            line.find("/name") != std::string::npos);
    CHECK(logged);
    bool warned = false;
    for (const auto& w : summary["warnings"])
        warned = warned ||
                 w.get<std::string>().find("heroku.app a1 field /stack/name") != std::string::npos;
    CHECK(warned);

    // The undeclared field is named, never its value.
    CHECK(summary["fields_not_recognized"] == json({{"heroku.account", {"note"}}}));

    // The 500 is a request_failed gap and the id-less formation a skipped item (its list and
    // index named); the app's other endpoints were read.
    std::set<std::pair<std::string, std::string>> gaps;
    for (const auto& g : summary["gaps"]) {
        gaps.insert({g["kind"].get<std::string>(), g["resource"].get<std::string>()});
        if (g["kind"] == "item_skipped")
            CHECK(g["reason"].get<std::string>().find("item 0") != std::string::npos);
    }
    CHECK(gaps ==
          std::set<std::pair<std::string, std::string>>{{"request_failed", "/apps/a1/log-drains"},
                                                        {"item_skipped", "/apps/a1/formation"}});
    std::set<std::string> paths;
    for (const auto& r : server.requests()) paths.insert(r.path);
    CHECK(paths.count("/apps/a1/releases") == 1);
    CHECK(paths.count("/apps/a1/collaborators") == 1);
    CHECK(paths.count("/apps/a1/sni-endpoints") == 0);  // no domain uses one
}

TEST_CASE("a sink that refuses records stops the run as cancelled", "[collector]") {
    iru::test::ScriptedHttpServer server(
        [](const iru::test::RecordedRequest& r, std::size_t) { return answer(r); });
    ClientOptions options;
    options.api_url = server.base_url();
    options.concurrency = 1;
    options.rate_limit_reserve = 0;
    iru::test::MemoryLogger logger;
    iru::test::MemorySink sink;
    sink.refuse_ = true;
    ApiClient client(options, logger);
    client.set_token(Secret(token));
    client.begin_run();
    const CollectOutcome outcome = collect_account(client, sink, logger, {}, token);
    CHECK(outcome.status == Status::cancelled);
    const auto records = sink.records();
    REQUIRE(records.size() == 2);  // the account, then the summary
    CHECK(records.back().json()["status"] == "cancelled");
    CHECK(server.request_count() == 1);
}

TEST_CASE("GET /account denied or unreachable: the status says so, the summary is still emitted",
          "[collector]") {
    auto run_against = [](const std::string& url) {
        ClientOptions options = iru::test::test_client_options(url, 1);
        options.connect_timeout = std::chrono::milliseconds(1000);
        options.read_timeout = std::chrono::milliseconds(2000);
        const iru::test::TestCollection run = iru::test::run_test_collection(options, token);
        const CollectOutcome& outcome = run.outcome;
        REQUIRE(run.records.size() == 1);
        const json summary = run.summary();
        CHECK(summary["status"] == std::string(to_string(outcome.status)));
        CHECK(summary["message"] == outcome.message);
        CHECK_FALSE(outcome.message.empty());
        CHECK(outcome.message.find("IRU-SECRET-MARKER") == std::string::npos);
        return outcome.status;
    };
    {
        iru::test::ScriptedHttpServer server([](const iru::test::RecordedRequest&, std::size_t) {
            return iru::test::ScriptedResponse::json(
                403, R"({"id":"forbidden","message":"You do not have access."})");
        });
        CHECK(run_against(server.base_url()) == Status::permission_denied);
    }
    std::string closed_url;
    {
        iru::test::ScriptedHttpServer server([](const iru::test::RecordedRequest&, std::size_t) {
            return iru::test::ScriptedResponse::json(200, "{}");
        });
        closed_url = server.base_url();
    }  // stopped: nothing listens on that port now
    CHECK(run_against(closed_url) == Status::network);
}

TEST_CASE("identity providers: a 404 is none, a 403 a gap, an unreadable certificate is named",
          "[collector]") {
    const std::string pem_secret = "IRU-SECRET-MARKER-pem";
    iru::test::ScriptedHttpServer server([&](const iru::test::RecordedRequest& r, std::size_t) {
        using iru::test::ScriptedResponse;
        const std::string& p = r.path;
        if (p == "/account")
            return ScriptedResponse::json(200,
                                          json{{"id", "u1"}, {"email", "me@example.com"}}.dump());
        if (p == "/teams")
            return ScriptedResponse::json(
                200, json::array({{{"id", "t1"}, {"name", "no-sso"}, {"role", "admin"}},
                                  {{"id", "t2"}, {"name", "denied"}, {"role", "member"}},
                                  {{"id", "t3"}, {"name", "broken"}, {"role", "admin"}}})
                         .dump());
        if (p == "/teams/t1/identity-providers")
            return ScriptedResponse::json(404, R"({"id":"not_found","message":"no SSO"})");
        if (p == "/teams/t2/identity-providers")
            return ScriptedResponse::json(403, R"({"id":"forbidden","message":"admins only"})");
        if (p == "/teams/t3/identity-providers")
            return ScriptedResponse::json(
                200, json::array({{{"id", "idp-3"},
                                   {"entity_id", "https://sso.example.com"},
                                   {"certificate", "-----BEGIN CERTIFICATE-----\n" + pem_secret +
                                                       "\n-----END CERTIFICATE-----\n"},
                                   {"owner", {{"id", "t3"}, {"type", "team"}}}}})
                         .dump());
        if (p.ends_with("/preferences")) return ScriptedResponse::json(200, "{}");
        return ScriptedResponse::json(200, "[]");
    });
    const iru::test::TestCollection run =
        iru::test::run_test_collection(iru::test::test_client_options(server.base_url()), token);
    CHECK(run.outcome.status == Status::partial);  // the 403 alone
    const json summary = run.summary();
    std::set<std::pair<std::string, std::string>> gaps;
    for (const auto& g : summary["gaps"])
        gaps.insert({g["kind"].get<std::string>(), g["resource"].get<std::string>()});
    CHECK(gaps == std::set<std::pair<std::string, std::string>>{
                      {"request_failed", "/teams/t2/identity-providers"}});
    const auto idps = run.of_type("heroku.identity_provider");
    REQUIRE(idps.size() == 1);
    const json d = idps[0].json();
    CHECK(idps[0].key == "t3/idp-3");
    CHECK(d["team"]["name"] == "broken");
    CHECK(d["certificates"] == json::array());
    CHECK(d["certificate_parse_error"] == "certificate 1 of 1 could not be parsed");
    for (const auto& r : run.records) CHECK(r.data.find(pem_secret) == std::string::npos);
    for (const auto& line : run.log_lines) CHECK(line.find(pem_secret) == std::string::npos);
}

// The collector against a scripted server: a read-scoped token (team members and config vars
// denied, the cause and the remedy named once) and an answer the client refuses (a named gap,
// the run carries on).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "collect/collector.hpp"
#include "collect/token_scope.hpp"
#include "memory_sink.hpp"
#include "support/scripted_http_server.hpp"
#include "test_collection.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

constexpr const char* token = "tok-scope-0123456789abcdef";

using iru::test::RecordedRequest;
using iru::test::ScriptedResponse;

ScriptedResponse read_scoped(const RecordedRequest& request) {
    const iru::test::HeaderList scope = {{"OAuth-Scope", "read"}};
    const std::string& p = request.path;
    auto ok = [&](const json& body) { return ScriptedResponse::json(200, body.dump(), scope); };
    if (p == "/account") return ok({{"id", "u1"}, {"email", "me@example.com"}});
    if (p == "/teams")
        return ok(json::array({{{"id", "t1"}, {"name", "core"}, {"role", "member"}}}));
    if (p == "/apps") return ok(json::array({{{"id", "a1"}, {"name", "one"}}}));
    if (p == "/teams/t1/members")
        return ScriptedResponse::json(
            403, R"({"id":"forbidden","message":"Insufficient scope"})",
            {{"OAuth-Scope", "read"}, {"OAuth-Scope-Accepted", "global"}});
    if (p == "/apps/a1/config-vars")
        return ScriptedResponse::json(
            403, R"({"id":"forbidden","message":"Insufficient scope"})",
            {{"OAuth-Scope", "read"},
             {"OAuth-Scope-Accepted", "global read-protected write-protected"}});
    if (p == "/apps/a1/features")
        return ScriptedResponse::json(200, "[{\"id\": \"x1\", ");  // cut short
    if (p == "/apps/a1/formation") return ok(json::array({{{"id", "f1"}}}));
    if (p == "/apps/a1/releases") return ok(json::array({{{"id", "r1"}}}));
    if (p == "/teams/t1/preferences") return ok(json::object());
    return ok(json::array());
}

struct Collected {
    CollectOutcome outcome;
    std::vector<iru::test::EmittedRecord> records;
    json summary;
};

Collected collect() {
    iru::test::ScriptedHttpServer server(
        [](const RecordedRequest& r, std::size_t) { return read_scoped(r); });
    const iru::test::TestCollection run =
        iru::test::run_test_collection(iru::test::test_client_options(server.base_url()), token);
    return {run.outcome, run.records, run.summary()};
}

}  // namespace

TEST_CASE("a read-scoped token: the denied lists name the cause and the remedy, warned once",
          "[collector][scope]") {
    const Collected c = collect();
    CHECK(c.outcome.status == Status::partial);
    std::map<std::string, std::string> reasons;  // kind -> reason
    for (const auto& g : c.summary["gaps"])
        reasons[g["kind"].get<std::string>()] = g["reason"].get<std::string>();
    REQUIRE(reasons.count("team_members_denied") == 1);
    REQUIRE(reasons.count("config_vars_denied") == 1);
    for (const char* kind : {"team_members_denied", "config_vars_denied"}) {
        INFO(kind);
        CHECK(reasons[kind].find("\"read\"") != std::string::npos);
        CHECK(reasons[kind].find(global_scope_remedy) != std::string::npos);
    }
    std::size_t scope_warnings = 0;
    for (const auto& w : c.summary["warnings"])
        scope_warnings +=
            w.get<std::string>().find(global_scope_remedy) != std::string::npos ? 1U : 0U;
    CHECK(scope_warnings == 1);
    CHECK(c.summary["token"]["oauth_scope"] == "read");
}

TEST_CASE(
    "an answer the client refuses is an answer_rejected gap, and the app's other endpoints are "
    "read",
    "[collector][scope]") {
    const Collected c = collect();
    std::set<std::string> rejected;
    for (const auto& g : c.summary["gaps"])
        if (g["kind"] == "answer_rejected") rejected.insert(g["resource"].get<std::string>());
    CHECK(rejected == std::set<std::string>{"/apps/a1/features"});
    std::set<std::string> types;
    for (const auto& r : c.records) types.insert(r.type);
    CHECK(types.count("heroku.formation") == 1);
    CHECK(types.count("heroku.release") == 1);  // read after the refused answer
}

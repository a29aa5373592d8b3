// The collector against a scripted server: one bad item does not end its list, a denied endpoint
// does not end its app, and an app the token cannot see costs one request.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "collect/collector.hpp"
#include "memory_sink.hpp"
#include "support/scripted_http_server.hpp"
#include "test_collection.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

constexpr const char* token = "tok-resilience-0123456789abcdef";

using iru::test::RecordedRequest;
using iru::test::ScriptedResponse;

json one(const std::string& id) { return json::array({{{"id", id}}}); }

// Two apps: a1 visible (its dynos denied, a wrong-shaped item mid-page of its domains), a2 not
// visible at all.
ScriptedResponse answer(const RecordedRequest& request) {
    const std::string& p = request.path;
    if (p == "/account")
        return ScriptedResponse::json(200, json{{"id", "u1"}, {"email", "me@example.com"}}.dump());
    if (p == "/apps")
        return ScriptedResponse::json(
            200,
            json::array({{{"id", "a1"}, {"name", "one"}}, {{"id", "a2"}, {"name", "two"}}}).dump());
    if (p.rfind("/apps/a2/", 0) == 0)
        return ScriptedResponse::json(403, R"({"id":"forbidden","message":"no access to a2"})");
    if (p == "/apps/a1/dynos")
        return ScriptedResponse::json(403, R"({"id":"forbidden","message":"dynos are denied"})");
    if (p == "/apps/a1/domains") {
        if (request.header("Range").find(']') == std::string::npos)
            return ScriptedResponse::json(
                206,
                json::array({{{"id", "d1"}, {"hostname", "one.example.com"}},
                             "not an object",
                             {{"hostname", "no-id.example.com"}},
                             {{"id", "d4"}, {"hostname", "four.example.com"}}})
                    .dump(),
                {{"Next-Range", "]d4..; max=1000"}});
        return ScriptedResponse::json(200, json::array({{{"id", "d5"}}}).dump());
    }
    if (p == "/apps/a1/config-vars") return ScriptedResponse::json(200, R"({"A":"x"})");
    if (p == "/apps/a1/buildpack-installations")
        return ScriptedResponse::json(200, R"([{"ordinal":0,"buildpack":{"name":"heroku/ruby"}}])");
    if (p == "/apps/a1/collaborators")
        return ScriptedResponse::json(200, R"([{"id":"c1","user":{"id":"u1"},"permissions":[]}])");
    if (p == "/apps/a1/formation") return ScriptedResponse::json(200, one("f1").dump());
    if (p == "/apps/a1/log-drains") return ScriptedResponse::json(200, one("l1").dump());
    if (p == "/apps/a1/features") return ScriptedResponse::json(200, one("x1").dump());
    if (p == "/apps/a1/releases") return ScriptedResponse::json(200, one("r1").dump());
    return ScriptedResponse::json(200, "[]");
}

struct Collected {
    CollectOutcome outcome;
    std::vector<iru::test::EmittedRecord> records;
    std::vector<RecordedRequest> requests;
    json summary;
};

Collected collect(const iru::test::RequestHandler& handler) {
    iru::test::ScriptedHttpServer server(handler);
    const iru::test::TestCollection run =
        iru::test::run_test_collection(iru::test::test_client_options(server.base_url()), token);
    return {run.outcome, run.records, server.requests(), run.summary()};
}

}  // namespace

TEST_CASE("a 403 on a later endpoint of a visible app is a gap for that endpoint alone",
          "[collector][resilience]") {
    const Collected c = collect([](const RecordedRequest& r, std::size_t) { return answer(r); });
    CHECK(c.outcome.status == Status::partial);
    std::map<std::string, int> per_type;  // records of app a1
    for (const auto& r : c.records)
        if (r.key.rfind("a1", 0) == 0 && r.type != "heroku.app") ++per_type[r.type];
    CHECK(per_type == std::map<std::string, int>{{"heroku.formation", 1},
                                                 {"heroku.config_vars", 1},
                                                 {"heroku.domain", 3},
                                                 {"heroku.log_drain", 1},
                                                 {"heroku.app_feature", 1},
                                                 {"heroku.release", 1},
                                                 {"heroku.buildpack", 1},
                                                 {"heroku.app_access", 1}});
    std::multiset<std::string> gaps;
    for (const auto& g : c.summary["gaps"])
        gaps.insert(g["kind"].get<std::string>() + " " + g["resource"].get<std::string>());
    CHECK(gaps.count("app_endpoint_denied /apps/a1/dynos") == 1);
    CHECK(gaps.count("app_not_visible /apps/a2/formation") == 1);
    CHECK(gaps.count("item_skipped /apps/a1/domains") == 2);
    CHECK(gaps.size() == 4);
}

TEST_CASE("an app the token cannot see costs one request", "[collector][resilience]") {
    const Collected c = collect([](const RecordedRequest& r, std::size_t) { return answer(r); });
    std::size_t a2 = 0;
    for (const auto& r : c.requests) a2 += r.path.rfind("/apps/a2/", 0) == 0 ? 1U : 0U;
    CHECK(a2 == 1);
    for (const auto& r : c.records) CHECK(r.key.rfind("a2/", 0) != 0);
}

TEST_CASE("a wrong-shaped item mid-page is skipped and named, the rest and later pages are read",
          "[collector][resilience]") {
    const Collected c = collect([](const RecordedRequest& r, std::size_t) { return answer(r); });
    std::set<std::string> domains;
    for (const auto& r : c.records)
        if (r.type == "heroku.domain") domains.insert(r.key);
    CHECK(domains == std::set<std::string>{"a1/d1", "a1/d4", "a1/d5"});
    std::set<std::string> reasons;
    for (const auto& g : c.summary["gaps"])
        if (g["kind"] == "item_skipped") {
            CHECK(g["app"]["id"] == "a1");
            reasons.insert(g["reason"].get<std::string>());
        }
    REQUIRE(reasons.size() == 2);
    CHECK(reasons.begin()->find("item 1 ") != std::string::npos);
    CHECK(reasons.rbegin()->find("item 2 ") != std::string::npos);
    CHECK(reasons.rbegin()->find("\"id\"") != std::string::npos);
    std::size_t domain_pages = 0;
    for (const auto& r : c.requests) domain_pages += r.path == "/apps/a1/domains" ? 1U : 0U;
    CHECK(domain_pages == 2);
}

// The summary's generic findings: one per gap kind with count, example and remedy, the token's
// warning; and the whole summary satisfies the generic run-summary schema a host reads.
#include <catch2/catch.hpp>

#include "collect/collection_summary.hpp"
#include "collect/summary_findings.hpp"
#include "fixtures_io.hpp"
#include "schema_check.hpp"

using namespace iru::heroku;
using nlohmann::json;

TEST_CASE("findings: one per gap kind, counted, with an example and a remedy", "[summary]") {
    const std::vector<json> gaps = {
        {{"kind", "team_members_denied"}, {"resource", "/teams/t2/members"}, {"reason", "403 forbidden"}},
        {{"kind", "app_vanished"}, {"resource", "/apps/a9/dynos"}, {"reason", "404"}},
        {{"kind", "team_members_denied"}, {"resource", "/teams/t3/members"}, {"reason", "403 forbidden"}},
        {{"kind", "something_new"}, {"resource", "/x"}, {"reason", "?"}},
    };
    const json f = summary_findings(gaps, summarize_token(std::nullopt));
    REQUIRE(f.size() == 3);
    CHECK(f[0] == json({{"level", "warn"},
                        {"message", "2 team(s) whose members the account may not list (e.g. /teams/t2/members: 403 forbidden)"},
                        {"remedy", "use a token of an account that is an admin of those teams"},
                        {"count", 2}}));
    CHECK(f[1]["level"] == "info");
    CHECK(f[1]["remedy"].is_null());
    CHECK(f[1]["count"] == 1);
    CHECK(f[2]["message"] == "1 gap(s) of kind something_new (e.g. /x: ?)");
    CHECK(f[2]["level"] == "warn");
}

TEST_CASE("findings: the token's expiry warning is a finding with what to do", "[summary]") {
    json token = summarize_token(std::nullopt);
    CHECK(summary_findings({}, token).empty());
    token["warning"] = "the Heroku token expires in 3 days";
    const json f = summary_findings({}, token);
    REQUIRE(f.size() == 1);
    CHECK(f[0]["level"] == "warn");
    CHECK(f[0]["message"] == "the Heroku token expires in 3 days");
    CHECK_THAT(f[0]["remedy"].get<std::string>(), Catch::Contains("heroku authorizations:create"));
}

TEST_CASE("the summary carries the generic part of plugin_api/README.md", "[summary][schemas]") {
    const auto start = std::chrono::system_clock::now();
    CollectionSummary s(start);
    s.count("heroku.app");
    s.add_gap({gap_kind::request_failed, "/apps/a1/formation", Ref{"a1", "one"}, std::nullopt, "503 after retries"});
    s.add_warning("something to know");
    const json d = s.build(Status::partial, "1 gap", {}, start);
    const json schema = iru::test::read_json_file(std::filesystem::path(IRU_SCHEMAS_DIR) / "run-summary.schema.json");
    const auto errors = iru::test::schema_errors(schema, d);
    INFO(d.dump(2));
    for (const auto& e : errors) INFO(e);
    CHECK(errors.empty());
    CHECK(d["status"] == "partial");
    CHECK(d["counts"]["heroku.app"] == 1);
    REQUIRE(d["findings"].size() == 1);
    CHECK(d["findings"][0]["count"] == 1);
    CHECK(d["findings"][0]["remedy"] == std::string(gap_remedy("request_failed")));
}

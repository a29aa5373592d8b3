// Golden tests of the mapping: every record type, from fixtures built out of the examples in
// Heroku's schema (fixtures/make_fixtures.py states the expected records independently).
#include <catch2/catch.hpp>

#include <set>

#include "collect/record_mapping.hpp"
#include "collect/redaction.hpp"
#include "fixtures_io.hpp"
#include "plugin/descriptor.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

std::optional<Ref> ref_of(const json& context, const char* field) {
    if (!context.contains(field) || context[field].is_null()) return std::nullopt;
    return Ref{context[field]["id"].get<std::string>(), context[field]["name"].get<std::string>()};
}

AppContext app_context(const json& context) { return {*ref_of(context, "app"), ref_of(context, "team")}; }

std::chrono::system_clock::time_point fixed_now() {
    // 2026-01-01T00:00:00Z, the "now" the token fixture's expected expires_at is computed from.
    return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
}

std::vector<Record> map_fixture(const json& fixture) {
    const std::string function = fixture["function"];
    const json& in = fixture["input"];
    const json& ctx = fixture["context"];
    if (function == "map_account") return {map_account(in)};
    if (function == "map_team") return {map_team(in, ctx["preferences"])};
    if (function == "map_team_member") return {map_team_member(in, *ref_of(ctx, "team"))};
    if (function == "map_team_invitation") return {map_team_invitation(in, *ref_of(ctx, "team"))};
    if (function == "map_enterprise_account") return {map_enterprise_account(in)};
    if (function == "map_enterprise_member")
        return {map_enterprise_member(in, *ref_of(ctx, "enterprise_account"))};
    if (function == "map_app") return {map_app(in, ref_of(ctx, "team"))};
    if (function == "map_app_access") return {map_app_access(in, app_context(ctx))};
    if (function == "map_app_access_matrix") return map_app_access_matrix(in, *ref_of(ctx, "team"));
    if (function == "map_formation") return {map_formation(in, app_context(ctx))};
    if (function == "map_dyno") return {map_dyno(in, app_context(ctx))};
    if (function == "map_config_vars") return {map_config_vars(in, app_context(ctx))};
    if (function == "map_addon") return {map_addon(in, app_context(ctx))};
    if (function == "map_addon_attachment") return {map_addon_attachment(in, app_context(ctx))};
    if (function == "map_pipeline") return {map_pipeline(in, ref_of(ctx, "team"))};
    if (function == "map_pipeline_coupling")
        return {map_pipeline_coupling(in, app_context(ctx), ref_of(ctx, "pipeline"))};
    if (function == "map_domain") return {map_domain(in, app_context(ctx))};
    if (function == "map_sni_endpoint") return {map_sni_endpoint(in, app_context(ctx))};
    if (function == "map_log_drain") return {map_log_drain(in, app_context(ctx))};
    if (function == "map_app_feature") return {map_app_feature(in, app_context(ctx))};
    if (function == "map_release") return {map_release(in, app_context(ctx))};
    if (function == "map_buildpack") return {map_buildpack(in, app_context(ctx))};
    if (function == "map_space") return {map_space(in, ref_of(ctx, "team"))};
    if (function == "match_token") {
        auto match = match_token(in, ctx["token"].get<std::string>(), fixed_now());
        if (!match) throw std::runtime_error("the token fixture did not match");
        return {match->record};
    }
    throw std::runtime_error("unknown fixture function " + function);
}

}  // namespace

TEST_CASE("every fixture maps to its expected record", "[mapping]") {
    std::set<std::string> covered;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(iru::test::fixtures_dir())) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        const json fixture = iru::test::read_json_file(entry.path());
        INFO("fixture " << entry.path().filename().string());
        std::vector<Record> records = map_fixture(fixture);
        REQUIRE(records.size() == 1);
        Record& record = records.front();
        redact_secrets(record.data);
        const std::string type_from_name = entry.path().stem().string();
        CHECK(type_from_name.rfind(std::string(record.type), 0) == 0);
        CHECK(record.key == fixture["expected"]["key"].get<std::string>());
        CHECK(record.data.dump(2) == fixture["expected"]["data"].dump(2));
        covered.insert(std::string(record.type));
    }
    CHECK(files >= 24);
    for (auto type : record_types()) {
        if (type == record_type::collection_summary) continue;
        INFO("record type " << type);
        CHECK(covered.count(std::string(type)) == 1);
    }
}

TEST_CASE("mapping copies no config var value and no OAuth token value", "[mapping]") {
    const AppContext ctx{{"app-1", "one"}, std::nullopt};
    const json vars = {{"DATABASE_URL", "postgres://u:IRU-SECRET-MARKER-cv1@h/db"},
                       {"API_KEY", "IRU-SECRET-MARKER-cv2"}, {"EMPTY", nullptr}};
    const Record r = map_config_vars(vars, ctx);
    CHECK(r.data["names"] == json({"API_KEY", "DATABASE_URL", "EMPTY"}));
    CHECK(r.data.dump().find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(r.key == "app-1");
    CHECK_FALSE(r.data.contains("team"));

    const json auth = {{"id", "auth-1"},
                       {"description", "ci"},
                       {"scope", {"read"}},
                       {"created_at", "2025-01-01T00:00:00Z"},
                       {"access_token", {{"id", "at"}, {"token", "tok-IRU-SECRET-MARKER-a"},
                                         {"expires_in", nullptr}}},
                       {"refresh_token", {{"token", "IRU-SECRET-MARKER-r"}}},
                       {"grant", {{"code", "IRU-SECRET-MARKER-g"}}}};
    CHECK_FALSE(match_token(auth, "another-token-value", fixed_now()));
    CHECK_FALSE(match_token(auth, "", fixed_now()));
    const auto match = match_token(auth, "tok-IRU-SECRET-MARKER-a", fixed_now());
    REQUIRE(match);
    CHECK_FALSE(match->expires_in);
    CHECK(match->record.data["expires_at"].is_null());
    CHECK(match->record.data.dump().find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("mapping rejects items without an id", "[mapping]") {
    const AppContext ctx{{"app-1", "one"}, std::nullopt};
    CHECK_THROWS_AS(map_formation(json{{"type", "web"}}, ctx), std::invalid_argument);
    CHECK_THROWS_AS(map_account(json::array()), std::invalid_argument);
    CHECK_THROWS_AS(map_config_vars(json::array(), ctx), std::invalid_argument);
    CHECK_THROWS_AS(map_app_access(json{{"id", "c"}}, ctx), std::invalid_argument);
}

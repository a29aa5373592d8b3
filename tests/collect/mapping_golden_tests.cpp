// Golden tests of the records: every catalogue row, from fixtures built out of the examples in
// Heroku's schema (fixtures/make_fixtures.py states the expected records independently), each
// input carrying fields Heroku does not document, whose marker must not reach the record.
#include <catch2/catch.hpp>

#include <set>

#include "collect/catalogue.hpp"
#include "collect/record_builder.hpp"
#include "collect/record_mapping.hpp"
#include "fixtures_io.hpp"
#include "plugin/descriptor.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

constexpr const char* unknown_marker = "IRU-UNKNOWN-FIELD-MARKER";

std::optional<Ref> ref_of(const json& context, const char* field) {
    if (!context.contains(field) || context[field].is_null()) return std::nullopt;
    return Ref{context[field]["id"].get<std::string>(), context[field]["name"].get<std::string>()};
}

RecordContext context_of(const json& fixture_context) {
    RecordContext context;
    context.app = ref_of(fixture_context, "app");
    context.team = ref_of(fixture_context, "team");
    context.enterprise_account = ref_of(fixture_context, "enterprise_account");
    context.pipeline = ref_of(fixture_context, "pipeline");
    context.space = ref_of(fixture_context, "space");
    return context;
}

std::chrono::system_clock::time_point fixed_now() {
    // 2026-01-01T00:00:00Z, the "now" the token fixture's expected expires_at is computed from.
    return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
}

const Row& row_for(const json& fixture) {
    for (const Row& row : catalogue())
        if (row.type == fixture["type"].get<std::string>() &&
            row.path == fixture["path"].get<std::string>())
            return row;
    throw std::runtime_error("no catalogue row for fixture " + fixture["type"].get<std::string>() +
                             " " + fixture["path"].get<std::string>());
}

// The answer item as the collector hands it to the emitter (the team with its preferences, the
// token's authorization as matched).
json answer_of(const json& fixture) {
    json in = fixture["input"];
    const json& ctx = fixture["context"];
    if (fixture["type"] == "heroku.team") in["preferences"] = ctx["preferences"];
    if (fixture["type"] == "heroku.token") {
        auto match = match_token(in, ctx["token"].get<std::string>(), fixed_now());
        if (!match) throw std::runtime_error("the token fixture did not match");
        return match->record.data;
    }
    return in;
}

}  // namespace

TEST_CASE("every fixture gives its expected record, undocumented fields are named, never kept",
          "[mapping]") {
    std::set<std::pair<std::string, std::string>> covered;  // (type, path) of the rows
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(iru::test::fixtures_dir())) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        const json fixture = iru::test::read_json_file(entry.path());
        INFO("fixture " << entry.path().filename().string());
        const Row& row = row_for(fixture);
        std::vector<std::string> not_recognized;
        std::vector<Record> records =
            build_records(row, answer_of(fixture), context_of(fixture["context"]), not_recognized);
        REQUIRE(records.size() == 1);
        const Record& record = records.front();
        CHECK(record.type == fixture["type"].get<std::string>());
        CHECK(record.key == fixture["expected"]["key"].get<std::string>());
        CHECK(record.data.dump(2) == fixture["expected"]["data"].dump(2));
        CHECK(record.data.dump().find(unknown_marker) == std::string::npos);
        std::sort(not_recognized.begin(), not_recognized.end());
        CHECK(json(not_recognized) == fixture["not_recognized"]);
        if (fixture["type"] != "heroku.token" && fixture["type"] != "heroku.config_vars" &&
            fixture["path"] != "/teams/{team}/permissions")
            CHECK_FALSE(not_recognized.empty());  // something was planted and found
        covered.insert({std::string(row.type), std::string(row.path)});
    }
    CHECK(files >= 25);
    for (const Row& row : catalogue()) {
        INFO("catalogue row " << row.type << " " << row.path);
        CHECK(covered.count({std::string(row.type), std::string(row.path)}) == 1);
    }
}

TEST_CASE("config var names only, no OAuth token value", "[mapping]") {
    RecordContext ctx;
    ctx.app = Ref{"app-1", "one"};
    const json vars = {{"DATABASE_URL", "postgres://u:IRU-SECRET-MARKER-cv1@h/db"},
                       {"API_KEY", "IRU-SECRET-MARKER-cv2"},
                       {"EMPTY", nullptr}};
    std::vector<std::string> unknown;
    const auto records = build_records(*row_of(record_type::config_vars), vars, ctx, unknown);
    REQUIRE(records.size() == 1);
    CHECK(records[0].data["names"] == json({"API_KEY", "DATABASE_URL", "EMPTY"}));
    CHECK(records[0].data.dump().find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(records[0].key == "app-1");
    CHECK_FALSE(records[0].data.contains("team"));
    CHECK(unknown.empty());

    const json auth = {
        {"id", "auth-1"},
        {"description", "ci"},
        {"scope", {"read"}},
        {"created_at", "2025-01-01T00:00:00Z"},
        {"access_token",
         {{"id", "at"}, {"token", "tok-IRU-SECRET-MARKER-a"}, {"expires_in", nullptr}}},
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

TEST_CASE("items of the wrong shape are refused, naming the field", "[mapping]") {
    RecordContext ctx;
    ctx.app = Ref{"app-1", "one"};
    std::vector<std::string> unknown;
    const Row& formation = *row_of(record_type::formation);
    CHECK_THROWS_AS(build_records(formation, json{{"type", "web"}}, ctx, unknown),
                    std::invalid_argument);
    CHECK_THROWS_AS(build_records(formation, json::array(), ctx, unknown), std::invalid_argument);
    CHECK_THROWS_AS(build_records(formation, json{{"id", "f"}}, RecordContext{}, unknown),
                    std::invalid_argument);  // no app to key it by
    CHECK_THROWS_AS(build_records(*row_of(record_type::account), json("x"), {}, unknown),
                    std::invalid_argument);
    CHECK_THROWS_AS(build_records(*row_of(record_type::config_vars), json::array(), ctx, unknown),
                    std::invalid_argument);
    const Row* collaborators = nullptr;
    for (const Row& r : catalogue())
        if (r.path == "/apps/{app}/collaborators") collaborators = &r;
    REQUIRE(collaborators != nullptr);
    CHECK_THROWS_AS(build_records(*collaborators, json{{"id", "c"}}, ctx, unknown),
                    std::invalid_argument);
    try {
        build_records(formation, json{{"type", "web"}, {"secret", "IRU-SECRET-MARKER"}}, ctx,
                      unknown);
        FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("\"id\"") != std::string::npos);
        CHECK(std::string(e.what()).find("IRU-SECRET-MARKER") == std::string::npos);
    }
}

TEST_CASE("a pipeline without review apps is a record saying so, keyed by the pipeline",
          "[mapping]") {
    const Row& review = *row_of(record_type::pipeline_review_config);
    RecordContext ctx;
    ctx.pipeline = Ref{"pipe-1", "checkout"};
    ctx.team = Ref{"team-1", "core"};
    const Record absent = absent_record(review, ctx);
    CHECK(absent.type == record_type::pipeline_review_config);
    CHECK(absent.key == "pipe-1");
    CHECK(absent.data == json{{"configured", false},
                              {"pipeline", {{"id", "pipe-1"}, {"name", "checkout"}}},
                              {"team", {{"id", "team-1"}, {"name", "core"}}}});
    // An answer is configured, whatever the answer says of the field.
    std::vector<std::string> unknown;
    const auto built =
        build_records(review, json{{"wait_for_ci", true}, {"configured", false}}, ctx, unknown);
    REQUIRE(built.size() == 1);
    CHECK(built[0].key == "pipe-1");
    CHECK(built[0].data["configured"] == true);
    CHECK(built[0].data["wait_for_ci"] == true);
    CHECK_THROWS_AS(absent_record(review, RecordContext{}), std::invalid_argument);
    CHECK_THROWS_AS(absent_record(*row_of(record_type::formation), ctx), std::logic_error);
}

TEST_CASE("an unknown audit event keeps its data's names, scrubbed like any free text",
          "[mapping]") {
    RecordContext ctx;
    ctx.enterprise_account = Ref{"ea-1", "acme"};
    const json event = {
        {"id", "ev-1"},
        {"type", "something-new"},
        {"created_at", "2026-11-30T10:00:00Z"},
        {"data",
         {{"plain_name", "IRU-SECRET-MARKER-v1"},
          {"https://user:IRU-SECRET-MARKER-k1@hooks.example.com/IRU-SECRET-MARKER-p1", 1}}}};
    std::vector<std::string> unknown;
    const auto records = build_records(*row_of("heroku.audit_event"), event, ctx, unknown);
    REQUIRE(records.size() == 1);
    const json& keys = records[0].data.at("data_keys");
    REQUIRE(keys.size() == 2);
    CHECK(std::find(keys.begin(), keys.end(), json("plain_name")) != keys.end());
    CHECK(records[0].data.dump().find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK_FALSE(records[0].data.contains("data"));
}

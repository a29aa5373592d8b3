// The record schemas: one per record type, draft 2020-12, and the golden records satisfy them.
#include <catch2/catch.hpp>

#include "fixtures_io.hpp"
#include "plugin/descriptor.hpp"
#include "schema_check.hpp"

using nlohmann::json;

namespace {
std::filesystem::path schema_path(std::string_view type) {
    return std::filesystem::path(IRU_RECORD_SCHEMAS_DIR) / (std::string(type) + ".schema.json");
}
}  // namespace

TEST_CASE("every record type has a draft 2020-12 schema, and only those", "[schemas]") {
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(IRU_RECORD_SCHEMAS_DIR)) {
        ++files;
        INFO(e.path().filename().string());
        bool known = false;
        for (auto type : iru::heroku::record_types())
            known = known || e.path().filename() == std::string(type) + ".schema.json";
        CHECK(known);
    }
    CHECK(files == iru::heroku::record_types().size());
    for (auto type : iru::heroku::record_types()) {
        INFO(type);
        REQUIRE(std::filesystem::exists(schema_path(type)));
        const json schema = iru::test::read_json_file(schema_path(type));
        CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
        CHECK(schema["title"] == std::string(type));
        CHECK(schema["type"] == "object");
    }
}

TEST_CASE("the golden records satisfy their schemas, and schemas reject secrets", "[schemas]") {
    for (const auto& e : std::filesystem::directory_iterator(iru::test::fixtures_dir())) {
        if (e.path().extension() != ".json") continue;
        std::string type = e.path().stem().string();
        type = type.substr(0, type.find('.', std::string("heroku.").size()));
        INFO(e.path().filename().string());
        const json schema = iru::test::read_json_file(schema_path(type));
        const json fixture = iru::test::read_json_file(e.path());
        const auto errors = iru::test::schema_errors(schema, fixture["expected"]["data"]);
        for (const auto& err : errors) INFO(err);
        CHECK(errors.empty());
    }
    const json dyno_schema = iru::test::read_json_file(schema_path("heroku.dyno"));
    const json dyno = {{"id", "d"}, {"app", {{"id", "a"}, {"name", "n"}}}, {"attach_url", "x"}};
    CHECK_FALSE(iru::test::schema_errors(dyno_schema, dyno).empty());
    const json drain_schema = iru::test::read_json_file(schema_path("heroku.log_drain"));
    const json drain = {
        {"id", "d"}, {"app", {{"id", "a"}, {"name", "n"}}}, {"url", "https://u:p@h/x"}};
    CHECK_FALSE(iru::test::schema_errors(drain_schema, drain).empty());
    const json cv_schema = iru::test::read_json_file(schema_path("heroku.config_vars"));
    const json cv = {{"app", {{"id", "a"}, {"name", "n"}}}, {"names", {"A"}}, {"A", "value"}};
    CHECK_FALSE(iru::test::schema_errors(cv_schema, cv).empty());
}

TEST_CASE("the summary schema names the read reasons an app list may be filed under", "[schemas]") {
    const json schema = iru::test::read_json_file(schema_path("heroku.collection_summary"));
    const json& by_reason =
        schema.at("properties").at("incremental").at("properties").at("apps_read_by_reason");
    CHECK(iru::test::schema_errors(by_reason, json{{"aged", {"app-a", "app-b"}}}).empty());
    CHECK_FALSE(iru::test::schema_errors(by_reason, json{{"because", {"app-a"}}}).empty());
    CHECK_FALSE(iru::test::schema_errors(by_reason, json{{"aged", "app-a"}}).empty());
}

// The catalogue's own consistency, and the lists held against it: the descriptor's record types,
// the golden fixtures (mapping_golden_tests) and the fuzz seeds. The files generated from it are
// held equal by the catalogue.drift test (iru-heroku-catalogue check).
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "collect/catalogue.hpp"
#include "collect/record_mapping.hpp"
#include "collect/record_schema.hpp"
#include "plugin/descriptor.hpp"

using namespace iru::heroku;

namespace {

// Every object (or array of objects) a field list declares names the members it keeps.
void check_declared(std::span<const Field> fields, const std::string& where) {
    for (const Field& f : fields) {
        INFO(where << "." << f.name);
        if (f.types == 0) {  // never kept: nothing else declared
            CHECK(f.fields.empty());
            continue;
        }
        const bool holds_objects =
            (f.types & json_type::object) != 0 ||
            ((f.types & json_type::array) != 0 && (f.items & json_type::object) != 0);
        CHECK(holds_objects == !f.fields.empty());
        if ((f.types & json_type::array) != 0) CHECK(f.items != 0);
        check_declared(f.fields, where + "." + std::string(f.name));
    }
}

}  // namespace

TEST_CASE("the descriptor's record types are the catalogue's, the summary last", "[catalogue]") {
    const auto& types = record_types();
    const auto from_catalogue = catalogue_record_types();
    REQUIRE(types.size() == from_catalogue.size() + 1);
    CHECK(std::equal(from_catalogue.begin(), from_catalogue.end(), types.begin()));
    CHECK(types.back() == record_type::collection_summary);
    CHECK(std::set<std::string_view>(types.begin(), types.end()).size() == types.size());
}

TEST_CASE("every row is complete and consistent", "[catalogue]") {
    for (const Row& row : catalogue()) {
        INFO(row.type << " " << row.path);
        CHECK(row.type.rfind("heroku.", 0) == 0);
        CHECK(row.path.rfind('/', 0) == 0);
        CHECK_FALSE(row.gap_403.empty());
        // A 404 is a gap, or, for a row with a presence field, the record that says "none", or,
        // for a none_when_missing list, no item.
        CHECK(row.gap_404.empty() == (!row.presence_field.empty() || row.none_when_missing));
        CHECK_FALSE((!row.presence_field.empty() && row.none_when_missing));
        if (row.none_when_missing) CHECK(row.paging.list);
        if (!row.presence_field.empty()) CHECK_FALSE(row.paging.list);
        CHECK_FALSE(row.fields.empty());
        check_declared(row.fields, std::string(row.type));
        // A type's rows share one field list, so its schema is one.
        const Row* first = row_of(row.type);
        CHECK(first->fields.data() == row.fields.data());
        if (first == &row) CHECK_FALSE(row.description.empty());
        // The path's placeholder is the scope's.
        const auto has = [&](std::string_view p) {
            return row.path.find(p) != std::string_view::npos;
        };
        switch (row.scope) {
            case Scope::app:
                CHECK(has("{app}"));
                CHECK(row.key_prefix == KeyPrefix::app);
                CHECK((row.attached & attach::app) != 0);
                CHECK(row.gap_404 == "app_vanished");
                break;
            case Scope::team:
                CHECK(has("{team}"));
                break;
            case Scope::enterprise_account:
                CHECK(has("{enterprise_account}"));
                break;
            case Scope::space:
                CHECK(has("{space}"));
                CHECK(row.key_prefix == KeyPrefix::space);
                CHECK((row.attached & attach::space) != 0);
                CHECK(row.gap_403 == "space_endpoint_denied");
                break;
            case Scope::account:
                CHECK_FALSE(has("{"));
                break;
            case Scope::pipeline:
                CHECK(has("{pipeline}"));
                CHECK(row.key_prefix == KeyPrefix::pipeline);
                CHECK((row.attached & attach::pipeline) != 0);
                break;
            default:
                break;
        }
        // The key is built from fields the record keeps (or the prefix alone).
        if (!row.key_field.empty()) {
            const std::string top(row.key_field.substr(0, row.key_field.find('.')));
            bool kept = false;
            for (const Field& f : row.fields) kept = kept || f.name == top;
            CHECK(kept);
        }
        CHECK_FALSE(key_description(row.type).empty());
    }
}

TEST_CASE("fields that hold secrets or personal data no audit needs are never kept",
          "[catalogue]") {
    const std::set<std::string_view> never = {
        "attach_url", "output_stream_url", "log_input_url", "access_token",  "refresh_token",
        "grant",      "pre_shared_key",    "secret",        "password",      "token",
        "sms_number", "certificate_chain", "headers",       "authorization", "certificate"};
    std::function<void(std::span<const Field>, std::string_view)> walk =
        [&](std::span<const Field> fields, std::string_view type) {
            for (const Field& f : fields) {
                INFO(type << " " << f.name);
                if (f.types == 0) continue;  // declared as never kept
                CHECK(never.count(f.name) == 0);
                // URL-holding fields go through the URL scrubber (the buildpack reference, which
                // may be a name, through the text scrubber that scrubs any URL in it).
                if (f.name == "url" || f.name.ends_with("_url") || f.name == "endpoint")
                    CHECK(f.scrub != Scrubber::none);
                if (f.name == "command" || f.name == "description")
                    CHECK(f.scrub != Scrubber::none);
                walk(f.fields, type);
            }
        };
    for (const Row& row : catalogue()) walk(row.fields, row.type);
}

TEST_CASE("every record type has a fuzz seed", "[catalogue]") {
    const std::filesystem::path corpus =
        std::filesystem::path(IRU_FUZZ_CORPUS_DIR) / "fuzz_record_redaction";
    for (auto type : catalogue_record_types()) {
        INFO(type);
        CHECK(std::filesystem::exists(corpus / (std::string(type) + ".json")));
    }
}

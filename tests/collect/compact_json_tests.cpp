// The compressed form the collector keeps its app list in: lossless and smaller.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "collect/compact_json.hpp"

TEST_CASE("a kept JSON value comes back equal and takes less room") {
    const auto app = nlohmann::json::parse(R"({
        "acm": false, "archived_at": null, "buildpack_provided_description": "Ruby/Rack",
        "build_stack": {"id": "69bee368-352b-4bd0-9b7c-819d860a2588", "name": "heroku-24"},
        "created_at": "2012-01-01T12:00:00Z", "git_url": "https://git.heroku.com/example.git",
        "id": "01234567-89ab-cdef-0123-456789abcdef", "internal_routing": false, "maintenance": false,
        "name": "example", "owner": {"email": "username@example.com", "id": "01234567-89ab-cdef-0123-456789abcdef"},
        "region": {"id": "01234567-89ab-cdef-0123-456789abcdef", "name": "us"}, "released_at": "2012-01-01T12:00:00Z",
        "repo_size": 0, "slug_size": 0, "space": null, "stack": {"id": "69bee368-352b-4bd0-9b7c-819d860a2588", "name": "heroku-24"},
        "team": {"id": "01234567-89ab-cdef-0123-456789abcdef", "name": "example"}, "updated_at": "2012-01-01T12:00:00Z",
        "web_url": "https://example.herokuapp.com/", "unicode": "caf\u00e9 \u4e2d"})");
    const iru::heroku::CompactJson kept(app);
    CHECK(kept.value() == app);
    CHECK(kept.stored_bytes() < app.dump().size());

    const iru::heroku::CompactJson copy = kept;
    CHECK(copy.value() == app);
    CHECK(iru::heroku::CompactJson().value().is_null());
    CHECK(iru::heroku::CompactJson(nlohmann::json::array()).value() == nlohmann::json::array());
}

// The compressed store the collector keeps its app union in: lossless, smaller than the text, and
// each value readable alone after others were released and the pool compacted.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/compact_json.hpp"

namespace {

using iru::heroku::CompactJsonStore;
using nlohmann::json;

json app(int i) {
    const std::string n = std::to_string(10000 + i);
    return json::parse(R"({
        "acm": false, "archived_at": null, "buildpack_provided_description": "Ruby/Rack",
        "build_stack": {"id": "69bee368-352b-4bd0-9b7c-819d860a2588", "name": "heroku-24"},
        "created_at": "2012-01-01T12:00:00Z", "git_url": "https://git.heroku.com/app-)" +
                       n + R"(.git",
        "id": "01234567-89ab-cdef-0123-4567890)" +
                       n + R"(", "internal_routing": false,
        "maintenance": false, "name": "app-)" +
                       n + R"(",
        "owner": {"email": "username@example.com", "id": "01234567-89ab-cdef-0123-456789abcdef"},
        "region": {"id": "01234567-89ab-cdef-0123-456789abcdef", "name": "us"},
        "released_at": "2012-01-01T12:00:00Z", "repo_size": 0, "slug_size": )" +
                       n + R"(,
        "space": null, "stack": {"id": "69bee368-352b-4bd0-9b7c-819d860a2588", "name": "heroku-24"},
        "team": {"id": "01234567-89ab-cdef-0123-456789abcdef", "name": "example"},
        "updated_at": "2012-01-01T12:00:00Z", "web_url": "https://app-)" +
                       n + R"(.herokuapp.com/",
        "unicode": "caf\u00e9 \u4e2d"})");
}

}  // namespace

TEST_CASE("kept JSON values come back equal and take far less room than their text") {
    CompactJsonStore store;
    std::vector<CompactJsonStore::Handle> handles;
    std::size_t text = 0;
    for (int i = 0; i < 200; ++i) {
        handles.push_back(store.add(app(i)));
        text += app(i).dump().size();
    }
    CHECK(store.size() == 200);
    for (int i = 0; i < 200; ++i)
        CHECK(store.value(handles[static_cast<std::size_t>(i)]) == app(i));
    // Against the first value as a dictionary, an app costs a small part of its text.
    CHECK(store.stored_bytes() * 4 < text);
}

TEST_CASE("values of any kind and size are kept, the first one included") {
    CompactJsonStore store;
    const json values[] = {json(),
                           json::array(),
                           json::object(),
                           json(42),
                           json("text"),
                           json(std::string(100000, 'x')),
                           json::parse(R"({"a":[1,2,{"b":null}]})")};
    std::vector<CompactJsonStore::Handle> handles;
    for (const auto& v : values) handles.push_back(store.add(v));
    for (std::size_t i = 0; i < handles.size(); ++i) CHECK(store.value(handles[i]) == values[i]);
}

TEST_CASE("released values give their bytes back and the others survive compaction") {
    CompactJsonStore store;
    std::vector<CompactJsonStore::Handle> handles;
    for (int i = 0; i < 3000; ++i) handles.push_back(store.add(app(i)));
    const std::size_t full = store.stored_bytes();
    for (int i = 0; i < 3000; i += 3) store.release(handles[static_cast<std::size_t>(i)]);
    for (int i = 1; i < 3000; i += 3) store.release(handles[static_cast<std::size_t>(i)]);
    CHECK(store.size() == 1000);
    CHECK(store.stored_bytes() < full / 2);  // compacted once released bytes outweighed kept ones
    for (int i = 2; i < 3000; i += 3)
        CHECK(store.value(handles[static_cast<std::size_t>(i)]) == app(i));
    // A released handle is refused, and handed out again for a new value.
    CHECK_THROWS_AS(store.value(handles[0]), std::logic_error);
    CHECK_THROWS_AS(store.release(handles[0]), std::logic_error);
    const auto again = store.add(app(9999));
    CHECK(store.value(again) == app(9999));
    CHECK(store.size() == 1001);
}

TEST_CASE("a cleared store is empty and keeps new values against a new dictionary") {
    CompactJsonStore store;
    const auto first = store.add(app(1));
    store.clear();
    CHECK(store.size() == 0);
    CHECK(store.stored_bytes() == 0);
    CHECK_THROWS_AS(store.value(first), std::logic_error);
    const auto h = store.add(json::parse(R"({"other":"kind"})"));
    CHECK(store.value(h) == json::parse(R"({"other":"kind"})"));
}

// Allow-list redaction: only declared fields survive, nested objects and arrays included; each
// dropped field is named; scrubbers apply to the fields that declare one.
#include <catch2/catch.hpp>

#include "collect/allow_list.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

namespace t = json_type;

constexpr Field inner[] = {{"id", t::string}, {"url", t::string | t::null, Scrubber::url}};
constexpr Field fields[] = {
    {"id", t::string},
    {"count", t::integer},
    {"ratio", t::number | t::null},
    {"command", t::string, Scrubber::command},
    {"note", t::string, Scrubber::text},
    {"nested", t::object | t::null, Scrubber::none, inner},
    {"names", t::array, Scrubber::none, {}, t::string},
    {"things", t::array, Scrubber::none, inner, t::object | t::string},
};

}  // namespace

TEST_CASE("undeclared fields are dropped and named, never their values", "[allow_list]") {
    const json in = {{"id", "x1"},
                     {"count", 3},
                     {"ratio", 0.5},
                     {"surprise", "IRU-SECRET-MARKER-1"},
                     {"nested", {{"id", "n"}, {"extra", {{"deep", "IRU-SECRET-MARKER-2"}}}}},
                     {"names", {"a", "b"}},
                     {"things", {{{"id", "t1"}, {"odd", 1}}, "plain"}}};
    std::vector<std::string> dropped;
    const json out = keep_allowed(in, fields, dropped);
    CHECK(out == json({{"id", "x1"},
                       {"count", 3},
                       {"ratio", 0.5},
                       {"nested", {{"id", "n"}}},
                       {"names", {"a", "b"}},
                       {"things", {{{"id", "t1"}}, "plain"}}}));
    std::sort(dropped.begin(), dropped.end());
    CHECK(dropped == std::vector<std::string>{"nested.extra", "surprise", "things.odd"});
    CHECK(out.dump().find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("a value of an undeclared type is dropped, whatever it nests", "[allow_list]") {
    json deep = "IRU-SECRET-MARKER";
    for (int i = 0; i < 200; ++i) deep = json::array({deep});
    const json in = {{"id", {{"not", "a string"}}},
                     {"count", 1.5},
                     {"names", {"ok", deep, 7}},
                     {"nested", deep}};
    std::vector<std::string> dropped;
    const json out = keep_allowed(in, fields, dropped);
    CHECK(out == json({{"names", {"ok"}}}));
    std::sort(dropped.begin(), dropped.end());
    CHECK(dropped == std::vector<std::string>{"count (unexpected type)", "id (unexpected type)",
                                              "names (unexpected item type)",
                                              "names (unexpected item type)",
                                              "nested (unexpected type)"});
    CHECK(keep_allowed(json::array({1}), fields, dropped) == json::object());
}

TEST_CASE("declared scrubbers apply to their fields only", "[allow_list]") {
    const json in = {
        {"id", "https://user:IRU-SECRET-MARKER@h.example.com/p"},
        {"command", "DATABASE_URL=postgres://u:IRU-SECRET-MARKER@db/x rake db:migrate"},
        {"nested", {{"url", "https://user:IRU-SECRET-MARKER@logs.example.com:6514/p?q=1"}}}};
    std::vector<std::string> dropped;
    const json out = keep_allowed(in, fields, dropped);
    CHECK(out["id"] == in["id"]);  // Scrubber::none: left as it is (the leak scan is later)
    CHECK(out["nested"]["url"] == "https://logs.example.com:6514");
    CHECK(out["command"].get<std::string>().find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(out["command"].get<std::string>().find("rake db:migrate") != std::string::npos);
    CHECK(apply_scrubber(Scrubber::none, "a b") == "a b");
    CHECK(apply_scrubber(Scrubber::url, "syslog+tls://u:p@h:1/x") == "syslog+tls://h:1");
    CHECK(dropped.empty());
}

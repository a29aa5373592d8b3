// The last-line-of-defence leak scan, over record data and over log and error text.
#include <catch2/catch.hpp>

#include "collect/redaction.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {
bool contains_marker(const json& data) {
    return data.dump().find("IRU-SECRET-MARKER") != std::string::npos;
}
}  // namespace

TEST_CASE("the leak scan replaces the token and HRKU- strings and names the field", "[redaction]") {
    const std::string token = "tok-IRU-SECRET-MARKER-inuse-0123456789";
    const LeakScanner scanner(token);
    json data = {{"description", "copy of " + token},
                 {"nested", {{"list", {"ok", "HRKU-IRU-SECRET-MARKER-other"}}}},
                 {"a/b", "HRKU-x"},
                 {token, "value under a leaking key"},
                 {"fine", "HRKU"},
                 {"number", 5}};
    const auto paths = scanner.scrub(data);
    CHECK_FALSE(contains_marker(data));
    CHECK(data["description"] == "[REDACTED]");
    CHECK(data["nested"]["list"] == json({"ok", "[REDACTED]"}));
    CHECK(data["a/b"] == "[REDACTED]");
    CHECK(data["[REDACTED]"] == "value under a leaking key");
    CHECK(data["fine"] == "HRKU");
    CHECK(paths.size() == 4);
    CHECK(std::find(paths.begin(), paths.end(), "/nested/list/1") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "/a~1b") != paths.end());
    for (const auto& p : paths) CHECK(p.find("IRU-SECRET-MARKER") == std::string::npos);

    CHECK(scanner.leaks("HRKU-abc"));
    CHECK(scanner.leaks("x" + token + "y"));
    CHECK_FALSE(scanner.leaks("harmless"));
    // A token too short to scan for safely is ignored (HRKU- is still caught).
    const LeakScanner short_scanner("abc");
    CHECK_FALSE(short_scanner.leaks("abcdef"));
    CHECK(short_scanner.leaks("HRKU-1"));
}

TEST_CASE("log and error text keeps its words, loses the token and HRKU- words", "[redaction]") {
    const std::string token = "tok-IRU-SECRET-MARKER-inuse-0123456789";
    const LeakScanner scanner(token);
    CHECK(scanner.redact("GET /apps failed: token " + token + " refused") ==
          "GET /apps failed: token [REDACTED] refused");
    CHECK(scanner.redact("saw HRKU-IRU-SECRET-MARKER_x.y/z=, then more") ==
          "saw [REDACTED], then more");
    CHECK(scanner.redact(token + token) == "[REDACTED][REDACTED]");
    CHECK(scanner.redact("plain") == "plain");
    CHECK(scanner.redact("") == "");
    CHECK_FALSE(contains_marker(json(scanner.redact("x" + token + "HRKU-IRU-SECRET-MARKER"))));
}

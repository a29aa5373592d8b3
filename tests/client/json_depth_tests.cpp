// The nesting pre-scan: brackets count outside strings only, escapes never end a string early.
#include <catch2/catch.hpp>

#include <string>

#include "api/json_depth.hpp"

using iru::heroku::json_depth_within;

namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("nesting depth is counted over arrays and objects") {
    CHECK(json_depth_within("42", 0));
    CHECK(json_depth_within("\"x\"", 0));
    CHECK_FALSE(json_depth_within("[]", 0));
    CHECK(json_depth_within("[]", 1));
    CHECK(json_depth_within(R"([{"a":[1]},{"b":{}}])", 3));
    CHECK_FALSE(json_depth_within(R"([{"a":[1]},{"b":{}}])", 2));
    CHECK(json_depth_within(nested(64), 64));
    CHECK_FALSE(json_depth_within(nested(65), 64));
    CHECK_FALSE(json_depth_within(std::string(40'000, '[') + "1" + std::string(40'000, ']'), 64));
    CHECK_FALSE(json_depth_within(std::string(100, '{'), 64));  // unterminated still counts
}

TEST_CASE("brackets inside strings do not count, and escapes do not end a string") {
    CHECK(json_depth_within(R"(["[[[[[[[[", "{{{{{{"])", 1));
    CHECK(json_depth_within(R"(["a\"[[[[[[[[", "\\"])", 1));
    CHECK_FALSE(json_depth_within(R"(["\\", [[[]]]])", 3));
    CHECK(json_depth_within("[\"" + std::string(1000, '[') + "\"]", 1));
}

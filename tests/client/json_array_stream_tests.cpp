// The element splitter behind list_items(): every element of any JSON array comes out whole and in
// order, and anything that is not one array is refused.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/json_array_stream.hpp"

using iru::heroku::for_each_array_element;
using iru::heroku::JsonArrayError;

namespace {

std::vector<std::string> elements(const std::string& text) {
    std::vector<std::string> out;
    for_each_array_element(text, [&](std::string_view e) {
        out.emplace_back(e);
        return true;
    });
    return out;
}

}  // namespace

TEST_CASE("array elements are split whole, whatever they hold") {
    const nlohmann::json array = nlohmann::json::parse(R"([
        {"id": "a", "name": "x,y]}", "nested": {"list": [1, [2, 3], {"k": "\"}"}]}},
        "a string with \\\" and ] and ,",
        12.5e3, -1, true, false, null, [], {}, [[[]]],
        {"unicode": "\u00e9\u4e2d", "escaped": "\\\\"}
    ])");
    for (const std::string& text : {array.dump(), array.dump(2), " \n" + array.dump(4) + "\t "}) {
        const auto parts = elements(text);
        REQUIRE(parts.size() == array.size());
        for (std::size_t i = 0; i < parts.size(); ++i)
            CHECK(nlohmann::json::parse(parts[i]) == array[i]);
    }
    CHECK(elements("[]").empty());
    CHECK(elements(" [ ] ").empty());
}

TEST_CASE("the splitter stops when asked") {
    std::size_t seen = 0;
    const auto count =
        for_each_array_element("[1,2,3,4]", [&](std::string_view) { return ++seen < 2; });
    CHECK(seen == 2);
    CHECK(count == 2);
}

TEST_CASE("text that is not one JSON array is refused") {
    for (const char* bad : {"", "   ", "{}", "\"[1]\"", "[1,2", "[1,,2]", "[,1]", "[1 2]", "[1]x",
                            "[\"unterminated]", "[{\"a\": [1}]", "[{]", "[1,]"}) {
        INFO(bad);
        CHECK_THROWS_AS(elements(bad), JsonArrayError);
    }
}

// The flat index behind the app union and the app table: numbers in insertion order, agreeing
// with a reference map through the table's growth.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

#include "collect/flat_string_index.hpp"

using iru::heroku::FlatStringIndex;

TEST_CASE("the flat string index agrees with a reference map through growth") {
    FlatStringIndex index;
    std::map<std::string, std::uint32_t> reference;
    std::mt19937 random(11);
    for (int i = 0; i < 40000; ++i) {
        // Draw from a small range so repeats happen often.
        const std::string key = "app-" + std::to_string(random() % 25000);
        const auto [number, inserted] = index.insert(key);
        const auto [it, new_in_reference] =
            reference.emplace(key, static_cast<std::uint32_t>(reference.size()));
        CHECK(inserted == new_in_reference);
        CHECK(number == it->second);
    }
    REQUIRE(index.size() == reference.size());
    for (const auto& [key, number] : reference) {
        CHECK(index.find(key) == number);
        CHECK(index.key(number) == key);
    }
    CHECK_FALSE(index.find("app-absent"));

    // Ordered by key, as std::map orders them.
    const auto ordered = index.numbers_by_key();
    REQUIRE(ordered.size() == reference.size());
    auto it = reference.begin();
    for (const std::uint32_t number : ordered) CHECK(index.key(number) == (it++)->first);
}

TEST_CASE("the flat string index keeps empty, binary and long keys apart") {
    FlatStringIndex index;
    index.reserve(3);
    CHECK_FALSE(index.find(""));
    CHECK(index.insert("").first == 0);
    CHECK(index.insert(std::string("a\0b", 3)).first == 1);
    CHECK(index.insert(std::string(5000, 'k')).first == 2);
    CHECK(index.insert("a").first == 3);
    CHECK(index.find("") == 0u);
    CHECK(index.find(std::string("a\0b", 3)) == 1u);
    CHECK(index.find(std::string(5000, 'k')) == 2u);
    CHECK_FALSE(index.find(std::string(4999, 'k')));
    CHECK(index.insert("a") == std::make_pair(std::uint32_t{3}, false));

    index.clear();
    CHECK(index.size() == 0);
    CHECK_FALSE(index.find("a"));
    CHECK(index.insert("a").first == 0);
}

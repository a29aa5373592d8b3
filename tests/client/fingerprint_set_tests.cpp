// The flat fingerprint set behind the client's "URL read twice" count.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <unordered_set>

#include "api/fingerprint_set.hpp"

TEST_CASE("the fingerprint set agrees with a reference set through growth") {
    iru::heroku::FingerprintSet set;
    std::unordered_set<std::uint64_t> reference;
    std::mt19937_64 random(7);
    for (int i = 0; i < 50000; ++i) {
        // Draw from a small range so repeats happen often.
        const std::uint64_t f = random() % 30000 + 1;
        CHECK(set.insert(f) == reference.insert(f).second);
    }
    CHECK(set.size() == reference.size());
    CHECK_FALSE(set.insert(0));  // 0 is stored as 1, which is already there
    set.clear();
    CHECK(set.size() == 0);
    CHECK(set.insert(42));
    CHECK_FALSE(set.insert(42));
}

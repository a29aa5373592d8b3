// The pure pieces of conditional requests in the client: which ETags are kept, and how samples of
// RateLimit-Remaining around 304s judge what a 304 costs.
#include <catch2/catch.hpp>

#include <string>

#include "api/etag.hpp"
#include "api/not_modified_cost.hpp"

using namespace iru::heroku;

TEST_CASE("an ETag is kept only when short and visible ASCII", "[client][etag]") {
    CHECK(etag_usable("\"0123456789abcdef\""));
    CHECK(etag_usable("W/\"weak\""));
    CHECK(etag_usable(std::string(max_etag_length, 'a')));
    CHECK_FALSE(etag_usable(""));
    CHECK_FALSE(etag_usable(std::string(max_etag_length + 1, 'a')));
    CHECK_FALSE(etag_usable("\"with space\""));
    CHECK_FALSE(etag_usable("\"tab\there\""));
    CHECK_FALSE(etag_usable("\"line\r\nInjected: yes\""));
    CHECK_FALSE(etag_usable("\"caf\xc3\xa9\""));
    CHECK_FALSE(etag_usable(std::string("\"nul\0\"", 6)));
}

TEST_CASE("one sample: equal or higher is free, one less one token, else unknown",
          "[client][not_modified_cost]") {
    CHECK(classify_sample({100, 100}) == NotModifiedCost::free);
    CHECK(classify_sample({100, 101}) == NotModifiedCost::free);  // a refill: still not charged
    CHECK(classify_sample({100, 99}) == NotModifiedCost::one_token);
    CHECK(classify_sample({100, 98}) == NotModifiedCost::unknown);  // someone else spent too
    CHECK(classify_sample({0, -1}) == NotModifiedCost::one_token);
}

TEST_CASE("a verdict needs three conclusive samples that agree and none that disagrees",
          "[client][not_modified_cost]") {
    using S = std::vector<RemainingSample>;
    CHECK(judge_not_modified_cost({}) == NotModifiedCost::unknown);
    CHECK(judge_not_modified_cost(S{{10, 10}, {10, 10}}) == NotModifiedCost::unknown);
    CHECK(judge_not_modified_cost(S{{10, 10}, {10, 10}, {9, 9}}) == NotModifiedCost::free);
    CHECK(judge_not_modified_cost(S{{10, 9}, {9, 8}, {8, 7}}) == NotModifiedCost::one_token);
    // Inconclusive samples count for neither side.
    CHECK(judge_not_modified_cost(S{{10, 9}, {9, 5}, {9, 8}, {20, 3}, {8, 7}}) ==
          NotModifiedCost::one_token);
    CHECK(judge_not_modified_cost(S{{10, 9}, {9, 5}, {9, 8}}) == NotModifiedCost::unknown);
    // One disagreeing sample leaves it unknown, however many agree.
    CHECK(judge_not_modified_cost(S{{10, 10}, {10, 10}, {10, 10}, {10, 10}, {10, 9}}) ==
          NotModifiedCost::unknown);
    CHECK(judge_not_modified_cost(S{{10, 10}}, 1) == NotModifiedCost::free);
}

TEST_CASE("a verdict's name reads back", "[client][not_modified_cost]") {
    for (const NotModifiedCost cost :
         {NotModifiedCost::unknown, NotModifiedCost::free, NotModifiedCost::one_token})
        CHECK(not_modified_cost_from(to_string(cost)) == cost);
    CHECK(to_string(NotModifiedCost::one_token) == "one_token");
    CHECK_FALSE(not_modified_cost_from("one"));
    CHECK_FALSE(not_modified_cost_from(""));
}

// Range header parsing and page cutting, without a server.
#include <catch2/catch.hpp>

#include "range.hpp"

using namespace iru::fake;
using nlohmann::json;

TEST_CASE("Range headers parse like Heroku's", "[range]") {
    auto r = parse_range("id ..; max=1000");
    REQUIRE(r);
    CHECK(r->attribute == "id");
    CHECK_FALSE(r->start);
    CHECK(r->max == 1000);

    r = parse_range("version ..; order=desc, max=10");
    REQUIRE(r);
    CHECK(r->attribute == "version");
    CHECK(r->descending);
    CHECK(r->max == 10);

    r = parse_range("name ]abc..; max=5");
    REQUIRE(r);
    CHECK(r->start_exclusive);
    CHECK(*r->start == "abc");

    r = parse_range("name a..m");
    REQUIRE(r);
    CHECK(*r->start == "a");
    CHECK(*r->end == "m");
    CHECK(r->max == kDefaultPageSize);

    CHECK(parse_range("id ..; max=5000")->max == kMaxPageSize);
    CHECK_FALSE(parse_range(""));
    CHECK_FALSE(parse_range("id ..; max=0"));
    CHECK_FALSE(parse_range("id ..; max=abc"));
    CHECK_FALSE(parse_range("id ..; order=sideways"));
    CHECK_FALSE(parse_range("id abc"));
}

TEST_CASE("paginate cuts pages and chains them through Next-Range", "[range]") {
    json items = json::array();
    for (int v = 1; v <= 25; ++v)
        items.push_back({{"version", v}, {"id", "id-" + std::to_string(100 + v)}});

    auto page = paginate(items, {"version", "id"}, "version ..; max=10");
    CHECK(page.status == 206);
    REQUIRE(page.items.size() == 10);
    CHECK(page.items[0]["version"] == 1);
    CHECK(page.next_range == "version ]10..; max=10");

    page = paginate(items, {"version", "id"}, page.next_range);
    CHECK(page.items[0]["version"] == 11);  // numeric, not "10" < "2" string order
    page = paginate(items, {"version", "id"}, page.next_range);
    CHECK(page.status == 200);
    CHECK(page.items.size() == 5);
    CHECK(page.next_range.empty());

    page = paginate(items, {"version", "id"}, "version ..; max=3, order=desc");
    CHECK(page.status == 206);
    CHECK(page.items[0]["version"] == 25);
    CHECK(page.items[2]["version"] == 23);
    CHECK(page.next_range == "version ]23..; max=3, order=desc");
    page = paginate(items, {"version", "id"}, page.next_range);
    CHECK(page.items[0]["version"] == 22);

    CHECK(paginate(items, {"version", "id"}, "name ..").status == 416);
    CHECK(paginate(items, {"version", "id"}, "garbage; max=").status == 416);
    // No Range: the first accepted attribute, 200 per page.
    CHECK(paginate(items, {"version", "id"}, "").status == 200);
}

// What the state store keeps of an app's ETags, and which of its endpoints are judged by them.
#include <catch2/catch.hpp>

#include <string>

#include "api/etag.hpp"
#include "collect/app_etags.hpp"
#include "collect/catalogue.hpp"
#include "collect/record_mapping.hpp"

using namespace iru::heroku;

TEST_CASE("an app's ETags round-trip through the state store's text", "[collect][etags]") {
    CHECK(app_etags_key("0a1b") == "etags/0a1b");
    const AppEtags etags = {{"/apps/a1/formation", "\"f1\""},
                            {"/apps/a1/config-vars", "W/\"c1\""},
                            {"/teams/apps/a1/collaborators", "\"k1\""}};
    CHECK(decode_app_etags(encode_app_etags(etags)) == etags);
    CHECK(encode_app_etags({}) == "{}");
    CHECK(decode_app_etags("{}") == AppEtags{});
}

TEST_CASE("a stored value that is not the plugin's own decodes to nothing", "[collect][etags]") {
    CHECK_FALSE(decode_app_etags(""));
    CHECK_FALSE(decode_app_etags("[]"));
    CHECK_FALSE(decode_app_etags("{\"/apps/a1/formation\":"));
    CHECK_FALSE(decode_app_etags(R"({"/apps/a1/formation":1})"));
    CHECK_FALSE(decode_app_etags(R"({"/account":"\"x\""})"));             // not an app's path
    CHECK_FALSE(decode_app_etags(R"({"/apps/a 1/formation":"\"x\""})"));  // not a path
    CHECK_FALSE(decode_app_etags(R"({"/apps/a1/formation":""})"));
    CHECK_FALSE(decode_app_etags(R"({"/apps/a1/formation":"\"x\"\r\nX: y"})"));
    CHECK_FALSE(decode_app_etags("{\"/apps/a1/formation\":\"" +
                                 std::string(max_etag_length + 1, 'e') + "\"}"));
    std::string many = "{";
    for (std::size_t i = 0; i <= max_app_etags; ++i)
        many +=
            (i ? "," : "") + std::string("\"/apps/a1/e") + std::to_string(i) + "\":\"\\\"x\\\"\"";
    CHECK_FALSE(decode_app_etags(many + "}"));
}

TEST_CASE("every per-app endpoint but the releases is judged by its ETag", "[collect][etags]") {
    std::size_t judged = 0;
    for (const Row& row : catalogue()) {
        if (row.scope != Scope::app) {
            CHECK_FALSE(judged_by_etag(row));
            continue;
        }
        INFO(row.path);
        CHECK(judged_by_etag(row) == (row.type != record_type::release));
        judged += judged_by_etag(row) ? 1 : 0;
    }
    CHECK(judged >= 10);
}

TEST_CASE("only apps whose change is unknown are revalidated", "[collect][etags]") {
    CHECK(revalidated(ReadReason::aged));
    CHECK(revalidated(ReadReason::refresh));
    CHECK_FALSE(revalidated(ReadReason::never_read));
    CHECK_FALSE(revalidated(ReadReason::audit_events));
    CHECK_FALSE(revalidated(ReadReason::app_changed));
}

TEST_CASE("stored ETags must cover exactly what the run reads, the SNI endpoints aside",
          "[collect][etags]") {
    const std::string sni = "/apps/a/sni-endpoints";
    const std::vector<std::string> expected = {"/apps/a/formation", "/apps/a/domains"};
    AppEtags stored = {{"/apps/a/formation", "\"1\""}, {"/apps/a/domains", "\"2\""}};
    CHECK(etags_cover(stored, expected, sni));
    stored[sni] = "\"3\"";
    CHECK(etags_cover(stored, expected, sni));  // the domains said so last time
    stored["/apps/a/webhooks"] = "\"4\"";
    CHECK_FALSE(etags_cover(stored, expected, sni));  // read last time, not this time
    stored.erase("/apps/a/webhooks");
    stored.erase("/apps/a/domains");
    CHECK_FALSE(etags_cover(stored, expected, sni));  // read this time without an ETag
    CHECK_FALSE(etags_cover({}, {}, sni));
}

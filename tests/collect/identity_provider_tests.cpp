// A team's identity provider as a record: its certificate becomes the facts OpenSSL reads, never
// the PEM text; and the summary's warning about IdP certificates that expire within 30 days,
// judged against a fixed "now".
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "collect/identity_provider_record.hpp"
#include "collect/idp_certificate_expiry.hpp"
#include "collect/time_format.hpp"
#include "fixtures_io.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {

std::string certificate(const std::string& name) { return iru::test::read_test_certificate(name); }

json provider_with(json certificate_value) {
    return {{"id", "idp-1"},
            {"entity_id", "https://sso.example.com/saml"},
            {"sso_target_url", "https://sso.example.com/login"},
            {"certificate", std::move(certificate_value)},
            {"owner", {{"id", "t1"}, {"name", "one"}, {"type", "team"}}}};
}

std::chrono::system_clock::time_point fixed_now() {
    return *parse_rfc3339_utc("2026-06-01T12:00:00Z");
}

std::string days_after_now(int days) {
    return format_rfc3339(fixed_now() + std::chrono::hours(24 * days));
}

}  // namespace

TEST_CASE("an identity provider keeps its certificates' facts, never the PEM", "[idp]") {
    const std::string pem = certificate("valid") + certificate("second");
    const auto items = reshape_identity_provider(provider_with(pem));
    REQUIRE(items.size() == 1);
    const json& item = items[0];
    CHECK_FALSE(item.contains("certificate"));
    CHECK(item.dump().find("BEGIN CERTIFICATE") == std::string::npos);
    CHECK(item.dump().find("MIIB") == std::string::npos);  // no base64 of the DER either
    CHECK(item["certificate_parse_error"].is_null());
    REQUIRE(item["certificates"].size() == 2);
    const json& first = item["certificates"][0];
    CHECK(first["subject"] == "CN=idp.acme.example,O=Acme Example,C=US");
    CHECK(first["issuer"] == "CN=idp.acme.example,O=Acme Example,C=US");
    CHECK(first["not_before"] == "2025-01-01T00:00:00Z");
    CHECK(first["not_after"] == "2125-01-01T00:00:00Z");
    CHECK(first["sha256_fingerprint"] ==
          "1F:BC:43:A8:79:6B:70:06:EB:07:31:F3:64:E5:FB:03:A4:88:E5:EE:E4:61:D4:6A:6E:BB:69:78:10:"
          "9E:C7:41");
    CHECK(item["certificates"][1]["subject"] == "CN=next-idp.acme.example,O=Acme Example,C=US");
    // Everything else is Heroku's object as it is (the allow-list decides what is kept).
    CHECK(item["entity_id"] == "https://sso.example.com/saml");
    CHECK(item["owner"]["type"] == "team");
}

TEST_CASE("a certificate that cannot be read is a parse error, never a crash or its text",
          "[idp]") {
    const std::string secret = "IRU-SECRET-MARKER-pem-body";
    for (const json& bad :
         {json("-----BEGIN CERTIFICATE-----\n" + secret + "\n-----END CERTIFICATE-----\n"),
          json("-----BEGIN CERTIFICATE----- ..."), json("not a certificate"), json(""), json(42),
          json({{"pem", secret}})}) {
        INFO(bad.dump());
        const auto items = reshape_identity_provider(provider_with(bad));
        REQUIRE(items.size() == 1);
        CHECK(items[0]["certificates"] == json::array());
        REQUIRE(items[0]["certificate_parse_error"].is_string());
        CHECK_FALSE(items[0]["certificate_parse_error"].get<std::string>().empty());
        CHECK(items[0].dump().find(secret) == std::string::npos);
        CHECK_FALSE(items[0].contains("certificate"));
    }
    const auto broken = reshape_identity_provider(provider_with("-----BEGIN CERTIFICATE----- ..."));
    CHECK(broken[0]["certificate_parse_error"] == "certificate 1 of 1 could not be parsed");
    CHECK(reshape_identity_provider(provider_with(42))[0]["certificate_parse_error"] ==
          "the certificate is not a text");
    // A good certificate beside a broken one: the good one's facts and the error, both.
    const auto mixed = reshape_identity_provider(provider_with(
        certificate("valid") + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    CHECK(mixed[0]["certificates"].size() == 1);
    CHECK(mixed[0]["certificate_parse_error"] == "certificate 2 of 2 could not be parsed");
}

TEST_CASE("an identity provider without a certificate has none and no error", "[idp]") {
    json provider = provider_with(nullptr);
    CHECK(reshape_identity_provider(provider)[0]["certificates"] == json::array());
    CHECK(reshape_identity_provider(provider)[0]["certificate_parse_error"].is_null());
    provider.erase("certificate");
    CHECK(reshape_identity_provider(provider)[0]["certificate_parse_error"].is_null());
    CHECK_THROWS_AS(reshape_identity_provider(json::array()), std::invalid_argument);
    CHECK_THROWS_AS(reshape_identity_provider("text"), std::invalid_argument);
}

TEST_CASE("an IdP certificate expires soon at 30 days or less, or when expired", "[idp]") {
    CHECK(idp_certificate_expires_soon(days_after_now(29), fixed_now()));
    CHECK(idp_certificate_expires_soon(days_after_now(30), fixed_now()));
    CHECK_FALSE(idp_certificate_expires_soon(days_after_now(31), fixed_now()));
    CHECK(idp_certificate_expires_soon(days_after_now(-1), fixed_now()));
    CHECK(idp_certificate_expires_soon(days_after_now(0), fixed_now()));
    CHECK_FALSE(idp_certificate_expires_soon("2125-01-01T00:00:00Z", fixed_now()));
    CHECK_FALSE(idp_certificate_expires_soon("", fixed_now()));
    CHECK_FALSE(idp_certificate_expires_soon("soon", fixed_now()));
}

TEST_CASE("the IdP certificate finding names the first to expire, or is null", "[idp]") {
    CHECK(idp_certificate_finding({}, fixed_now()).is_null());
    CHECK(idp_certificate_finding({{"acme-core", "CN=a", days_after_now(31)},
                                   {"acme-web", "CN=b", "2125-01-01T00:00:00Z"}},
                                  fixed_now())
              .is_null());

    const json at_29 = idp_certificate_finding(
        {{"acme-core", "CN=a", days_after_now(29)}, {"acme-web", "CN=b", days_after_now(31)}},
        fixed_now());
    REQUIRE(at_29.is_object());
    CHECK(at_29["level"] == "warn");
    CHECK(at_29["count"] == 1);
    const std::string message = at_29["message"].get<std::string>();
    CHECK_THAT(message, Catch::Contains("1 identity provider certificate(s)"));
    CHECK_THAT(message, Catch::Contains("team acme-core (CN=a), expires at " + days_after_now(29)));
    CHECK_THAT(message, !Catch::Contains("expired)"));
    CHECK(at_29["remedy"].is_string());

    const json at_30 =
        idp_certificate_finding({{"acme-core", "CN=a", days_after_now(30)}}, fixed_now());
    REQUIRE(at_30.is_object());
    CHECK(at_30["count"] == 1);

    const json expired = idp_certificate_finding(
        {{"acme-core", "CN=a", days_after_now(10)}, {"acme-web", "", days_after_now(-3)}},
        fixed_now());
    REQUIRE(expired.is_object());
    CHECK(expired["count"] == 2);
    const std::string text = expired["message"].get<std::string>();
    CHECK_THAT(text, Catch::Contains("(1 expired)"));
    CHECK_THAT(text, Catch::Contains("team acme-web, expired at " + days_after_now(-3)));
}

// The PEM certificate parser: facts of valid, expired and several certificates, and a problem
// (never a crash or a copy of the text) for anything else. The expected facts were read from the
// test certificates with `openssl x509 -noout -subject -issuer -dates -fingerprint -sha256 -nameopt
// RFC2253`.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "collect/pem_certificates.hpp"
#include "fixtures_io.hpp"

using namespace iru::heroku;

namespace {

std::string certificate(const std::string& name) { return iru::test::read_test_certificate(name); }

// The base64 lines of a PEM block, without its BEGIN and END lines.
std::string body_of(const std::string& pem) {
    std::istringstream lines(pem);
    std::string line, body;
    while (std::getline(lines, line))
        if (line.rfind("-----", 0) != 0) body += line + "\n";
    return body;
}

}  // namespace

TEST_CASE("a valid certificate gives its subject, issuer, validity and fingerprint", "[pem]") {
    const PemCertificates parsed = parse_pem_certificates(certificate("valid"));
    CHECK(parsed.problem.empty());
    REQUIRE(parsed.certificates.size() == 1);
    const CertificateFacts& c = parsed.certificates[0];
    CHECK(c.subject == "CN=idp.acme.example,O=Acme Example,C=US");
    CHECK(c.issuer == "CN=idp.acme.example,O=Acme Example,C=US");
    CHECK(c.not_before == "2025-01-01T00:00:00Z");
    CHECK(c.not_after == "2125-01-01T00:00:00Z");  // GeneralizedTime past 2049
    CHECK(c.sha256_fingerprint ==
          "1F:BC:43:A8:79:6B:70:06:EB:07:31:F3:64:E5:FB:03:A4:88:E5:EE:E4:61:D4:6A:6E:BB:69:78:10:"
          "9E:C7:41");
}

TEST_CASE("an expired certificate is parsed like any other", "[pem]") {
    const PemCertificates parsed = parse_pem_certificates(certificate("expired"));
    CHECK(parsed.problem.empty());
    REQUIRE(parsed.certificates.size() == 1);
    CHECK(parsed.certificates[0].subject == "CN=old-idp.acme.example,O=Acme Example,C=US");
    CHECK(parsed.certificates[0].not_before == "2020-01-01T00:00:00Z");
    CHECK(parsed.certificates[0].not_after == "2021-01-01T12:30:00Z");
    CHECK(parsed.certificates[0].sha256_fingerprint.substr(0, 11) == "66:37:97:29");
}

TEST_CASE("several certificates in one text are each read, in order", "[pem]") {
    const PemCertificates parsed =
        parse_pem_certificates(certificate("valid") + "\n" + certificate("second"));
    CHECK(parsed.problem.empty());
    REQUIRE(parsed.certificates.size() == 2);
    CHECK(parsed.certificates[0].subject == "CN=idp.acme.example,O=Acme Example,C=US");
    CHECK(parsed.certificates[1].subject == "CN=next-idp.acme.example,O=Acme Example,C=US");
    CHECK(parsed.certificates[1].issuer == "CN=Acme Example SAML CA,O=Acme Example");
    CHECK(parsed.certificates[1].not_after == "2125-06-01T00:00:00Z");
    CHECK(parsed.certificates[1].sha256_fingerprint.substr(0, 11) == "CD:0A:F1:0E");
}

TEST_CASE("base64 without PEM lines, as SAML metadata holds it, is read", "[pem]") {
    const PemCertificates parsed = parse_pem_certificates(body_of(certificate("valid")));
    CHECK(parsed.problem.empty());
    REQUIRE(parsed.certificates.size() == 1);
    CHECK(parsed.certificates[0].subject == "CN=idp.acme.example,O=Acme Example,C=US");
}

TEST_CASE("garbage gives a problem that names no content, never a crash", "[pem]") {
    const std::string secret = "IRU-SECRET-MARKER-pem";
    for (const std::string& text :
         {std::string(), std::string("not a certificate ") + secret, std::string("\0\1\2", 3),
          std::string("-----BEGIN CERTIFICATE-----\nMIIFAKE") + secret +
              "\n-----END CERTIFICATE-----\n",
          std::string("-----BEGIN CERTIFICATE-----\n"), std::string("QUJD") + "IRUSECRETMARKER",
          std::string(max_pem_bytes + 1, 'A')}) {
        INFO(text.size());
        const PemCertificates parsed = parse_pem_certificates(text);
        CHECK(parsed.certificates.empty());
        CHECK_FALSE(parsed.problem.empty());
        CHECK(parsed.problem.find("IRU") == std::string::npos);
    }
    CHECK(parse_pem_certificates("").problem == "no PEM certificate in the text");
}

TEST_CASE("a broken certificate after a good one keeps the good one and says which broke",
          "[pem]") {
    const PemCertificates parsed = parse_pem_certificates(
        certificate("valid") + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    REQUIRE(parsed.certificates.size() == 1);
    CHECK(parsed.problem == "certificate 2 of 2 could not be parsed");
}

TEST_CASE("a private key beside the certificate is ignored and named, never kept", "[pem]") {
    const std::string secret = "IRU-SECRET-MARKER-idp-private-key";
    const PemCertificates parsed =
        parse_pem_certificates("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49" + secret +
                               "\n-----END PRIVATE KEY-----\n" + certificate("valid"));
    REQUIRE(parsed.certificates.size() == 1);
    CHECK(parsed.certificates[0].subject == "CN=idp.acme.example,O=Acme Example,C=US");
    CHECK(parsed.problem.find("private key") != std::string::npos);
    CHECK(parsed.problem.find("IRU") == std::string::npos);
}

TEST_CASE("no more than max_pem_certificates are read from one text", "[pem]") {
    std::string text;
    for (std::size_t i = 0; i < max_pem_certificates + 2; ++i) text += certificate("valid");
    const PemCertificates parsed = parse_pem_certificates(text);
    CHECK(parsed.certificates.size() == max_pem_certificates);
    CHECK(parsed.problem == "only the first 16 of 18 were read");
}

// The facts of the X.509 certificates in a PEM text (an identity provider's SAML certificate):
// subject, issuer, validity and SHA-256 fingerprint, parsed with OpenSSL. The PEM text itself is
// never kept, nor is any other PEM block beside the certificates (a private key pasted by mistake
// is only named). Pure: no I/O, no state, thread-safe (OpenSSL's error queue of the calling thread
// is left empty).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iru::heroku {

struct CertificateFacts {
    std::string subject;             // RFC 2253 ("CN=idp.example.com,O=Acme")
    std::string issuer;              // RFC 2253
    std::string not_before;          // RFC 3339 UTC ("2025-01-01T00:00:00Z")
    std::string not_after;           // RFC 3339 UTC
    std::string sha256_fingerprint;  // of the DER, upper-case hex pairs joined by ':'
};

struct PemCertificates {
    std::vector<CertificateFacts> certificates;  // in the order of the text
    // Empty when every certificate block parsed and nothing else was there; otherwise what was
    // wrong, naming no content of the text ("no certificate in the text", "certificate 2 of 2
    // could not be parsed", "a private key block beside the certificate was ignored").
    std::string problem;
};

// At most this many certificates are read from one text, of at most max_pem_bytes.
inline constexpr std::size_t max_pem_certificates = 16;
inline constexpr std::size_t max_pem_bytes = std::size_t{256} * 1024;

// Never throws for any input (bad input gives a problem); std::bad_alloc aside.
PemCertificates parse_pem_certificates(std::string_view pem);

}  // namespace iru::heroku

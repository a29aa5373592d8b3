// The certificates the fake's identity providers serve: a fixed one, valid until 2125, and, for
// tests of the expiry warning, one generated with OpenSSL that expires a given number of days
// from now.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace iru::fake {

// A self-signed P-256 certificate made once with `openssl req -x509` (subject and issuer
// "CN=sso.acme.example,O=Acme Example,C=US", serial 0x1d9, valid 2026-12-02T13:35:52Z to
// 2125-12-01T13:35:52Z, SHA-256 fingerprint C9:61:41:42:AE:04:F8:B7:6B:E9:23:F4:3A:CC:B2:16:AB:55:
// 62:79:05:F0:0C:F9:3B:0F:F5:46:E0:3D:43:8D). Its key was not kept.
std::string_view idp_certificate_pem();

// A new self-signed certificate (subject "CN=expiring-sso.acme.example,O=Acme Example,C=US"),
// valid from a year ago to days_from_now days from now (negative: already expired), as PEM.
// Throws std::runtime_error when OpenSSL fails.
std::string certificate_expiring_in(std::int64_t days_from_now);

}  // namespace iru::fake

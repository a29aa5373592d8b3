// The data of a heroku.identity_provider record: Heroku's identity provider (a team's SAML
// configuration) with its certificate replaced by the facts OpenSSL reads from it
// (collect/pem_certificates.hpp). The certificate's PEM text never reaches a record. Pure,
// thread-safe.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

// The identity provider as it is, without "certificate", plus
//   "certificates": [{subject, issuer, not_before, not_after, sha256_fingerprint}] (a fact
//     OpenSSL could not read is null), in the order of the text;
//   "certificate_parse_error": null when every certificate block parsed and nothing else was
//     there, otherwise what was wrong, naming no content of the text ("no PEM certificate in the
//     text", "certificate 2 of 2 could not be parsed", "the certificate is not a text").
// A missing or null certificate gives no certificates and no error. One item; throws
// std::invalid_argument when the answer is not an object.
std::vector<nlohmann::json> reshape_identity_provider(const nlohmann::json& identity_provider);

}  // namespace iru::heroku

#include "collect/identity_provider_record.hpp"

#include <stdexcept>
#include <string>

#include "collect/pem_certificates.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json facts_json(const CertificateFacts& facts) {
    return {{"subject", text_or_null(facts.subject)},
            {"issuer", text_or_null(facts.issuer)},
            {"not_before", text_or_null(facts.not_before)},
            {"not_after", text_or_null(facts.not_after)},
            {"sha256_fingerprint", text_or_null(facts.sha256_fingerprint)}};
}

}  // namespace

std::vector<json> reshape_identity_provider(const json& identity_provider) {
    if (!identity_provider.is_object())
        throw std::invalid_argument("an identity provider that is not an object");
    json item = json::object();
    json certificates = json::array();
    json parse_error = nullptr;
    for (auto it = identity_provider.begin(); it != identity_provider.end(); ++it) {
        if (it.key() != "certificate") {
            item[it.key()] = it.value();
            continue;
        }
        if (it->is_string()) {
            const PemCertificates parsed =
                parse_pem_certificates(it->get_ref<const std::string&>());
            for (const auto& facts : parsed.certificates) certificates.push_back(facts_json(facts));
            if (!parsed.problem.empty()) parse_error = parsed.problem;
        } else if (!it->is_null()) {
            parse_error = "the certificate is not a text";
        }
    }
    item["certificates"] = std::move(certificates);
    item["certificate_parse_error"] = std::move(parse_error);
    std::vector<json> items;
    items.push_back(std::move(item));
    return items;
}

}  // namespace iru::heroku

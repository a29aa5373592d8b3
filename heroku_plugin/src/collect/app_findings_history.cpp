#include "collect/app_findings_history.hpp"

#include <nlohmann/json.hpp>

namespace iru::heroku {

namespace {

using nlohmann::json;

// More SNI endpoints than any app has: a value claiming more is not ours.
constexpr std::size_t max_certificates = 100;

std::optional<CertificateFact> decode_certificate(const json& value) {
    if (!value.is_object()) return std::nullopt;
    CertificateFact fact;
    for (const auto& [name, target] :
         {std::pair{"app", &fact.app}, {"name", &fact.name}, {"expires_at", &fact.expires_at}}) {
        const auto field = value.find(name);
        if (field == value.end() || !field->is_string()) return std::nullopt;
        *target = field->get<std::string>();
    }
    return fact;
}

}  // namespace

std::string app_facts_key(std::string_view app_id) { return "app_facts/" + std::string(app_id); }

std::string encode_app_facts(const AppFindingFacts& facts) {
    json certificates = json::array();
    for (const CertificateFact& c : facts.certificates)
        certificates.push_back({{"app", c.app}, {"name", c.name}, {"expires_at", c.expires_at}});
    return json{{"log_drain", facts.has_log_drain ? json(*facts.has_log_drain) : json(nullptr)},
                {"certificates", std::move(certificates)}}
        .dump();
}

std::optional<AppFindingFacts> decode_app_facts(std::string_view value) {
    const json parsed = json::parse(value, nullptr, false);
    if (!parsed.is_object()) return std::nullopt;
    AppFindingFacts facts;
    const auto drain = parsed.find("log_drain");
    if (drain == parsed.end() || !(drain->is_boolean() || drain->is_null())) return std::nullopt;
    if (drain->is_boolean()) facts.has_log_drain = drain->get<bool>();
    const auto certificates = parsed.find("certificates");
    if (certificates == parsed.end() || !certificates->is_array() ||
        certificates->size() > max_certificates)
        return std::nullopt;
    for (const json& certificate : *certificates) {
        auto fact = decode_certificate(certificate);
        if (!fact) return std::nullopt;
        facts.certificates.push_back(std::move(*fact));
    }
    return facts;
}

AppFindingFacts facts_of_app(const AccountFactsSnapshot& snapshot, const std::string& app_id) {
    AppFindingFacts facts;
    if (snapshot.drains_collected)
        facts.has_log_drain = snapshot.apps_with_drain.count(app_id) != 0;
    const auto app = snapshot.apps.find(app_id);
    if (app == snapshot.apps.end() || app->second.empty()) return facts;
    for (const CertificateFact& c : snapshot.certificates)
        if (c.app == app->second) facts.certificates.push_back(c);
    return facts;
}

}  // namespace iru::heroku

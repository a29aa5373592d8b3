#include "collect/account_facts.hpp"

#include "collect/record_mapping.hpp"

namespace iru::heroku {

using nlohmann::json;

namespace {

std::string text_of(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_true(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::string ref_name(const json& data, const char* key) {
    const auto it = data.find(key);
    if (it == data.end() || !it->is_object()) return {};
    const std::string name = text_of(*it, "name");
    return name.empty() ? text_of(*it, "id") : name;
}

}  // namespace

void AccountFacts::observe(std::string_view type, const json& data) {
    if (!data.is_object()) return;
    if (type == record_type::team_member) {
        const std::string team = ref_name(data, "team");
        const std::string email = text_of(data, "email");
        const bool admin = text_of(data, "role") == "admin";
        const bool exposed =
            !is_true(data, "two_factor_authentication") && !is_true(data, "federated");
        std::lock_guard lock(mutex_);
        std::size_t& admins = facts_.admins_per_team[team];
        if (admin) ++admins;
        if (exposed && !email.empty() && members_seen_.insert(email).second)
            facts_.members_without_2fa.emplace_back(email, team);
    } else if (type == record_type::app) {
        const std::string id = text_of(data, "id");
        if (id.empty()) return;
        std::lock_guard lock(mutex_);
        facts_.apps[id] = text_of(data, "name");
    } else if (type == record_type::log_drain) {
        const auto app = data.find("app");
        const std::string id = app != data.end() ? text_of(*app, "id") : std::string();
        if (id.empty()) return;
        std::lock_guard lock(mutex_);
        facts_.apps_with_drain.insert(id);
    } else if (type == record_type::sni_endpoint) {
        const auto cert = data.find("ssl_cert");
        if (cert == data.end() || !cert->is_object()) return;
        CertificateFact fact{ref_name(data, "app"), text_of(data, "name"),
                             text_of(*cert, "expires_at")};
        if (fact.expires_at.empty()) return;
        std::lock_guard lock(mutex_);
        facts_.certificates.push_back(std::move(fact));
    } else if (type == record_type::identity_provider) {
        const auto certificates = data.find("certificates");
        if (certificates == data.end() || !certificates->is_array()) return;
        const std::string team = ref_name(data, "team");
        std::lock_guard lock(mutex_);
        for (const auto& certificate : *certificates) {
            IdpCertificateFact fact{team, text_of(certificate, "subject"),
                                    text_of(certificate, "not_after")};
            if (!fact.not_after.empty()) facts_.idp_certificates.push_back(std::move(fact));
        }
    }
}

void AccountFacts::note_carried(const std::string& app_id,
                                const std::optional<AppFindingFacts>& facts) {
    std::lock_guard lock(mutex_);
    if (!facts || !facts->has_log_drain)
        facts_.apps_carried.insert(app_id);
    else if (*facts->has_log_drain)
        facts_.apps_with_drain.insert(app_id);
    if (facts)
        facts_.certificates.insert(facts_.certificates.end(), facts->certificates.begin(),
                                   facts->certificates.end());
}

void AccountFacts::set_drains_collected(bool collected) {
    std::lock_guard lock(mutex_);
    facts_.drains_collected = collected;
}

AccountFactsSnapshot AccountFacts::snapshot() const {
    std::lock_guard lock(mutex_);
    return facts_;
}

}  // namespace iru::heroku

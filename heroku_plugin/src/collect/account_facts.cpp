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
    if (type == record_type::team_member)
        observe_team_member(data);
    else if (type == record_type::app)
        observe_app(data);
    else if (type == record_type::log_drain)
        observe_log_drain(data);
    else if (type == record_type::sni_endpoint)
        observe_sni_endpoint(data);
    else if (type == record_type::identity_provider)
        observe_identity_provider(data);
    else if (type == record_type::stack)
        observe_stack(data);
}

void AccountFacts::observe_team_member(const json& data) {
    const std::string team = ref_name(data, "team");
    const std::string email = text_of(data, "email");
    const bool admin = text_of(data, "role") == "admin";
    const bool exposed = !is_true(data, "two_factor_authentication") && !is_true(data, "federated");
    std::lock_guard lock(mutex_);
    std::size_t& admins = facts_.admins_per_team[team];
    if (admin) ++admins;
    if (exposed && !email.empty() && members_seen_.insert(email).second)
        facts_.members_without_2fa.emplace_back(email, team);
}

void AccountFacts::observe_app(const json& data) {
    const std::string id = text_of(data, "id");
    if (id.empty()) return;
    const std::string name = text_of(data, "name");
    const auto stack = data.find("stack");
    std::optional<AppStackFact> fact;
    if (stack != data.end() && stack->is_object())
        fact = AppStackFact{name, text_of(*stack, "id"), text_of(*stack, "name")};
    std::lock_guard lock(mutex_);
    facts_.apps[id] = name;
    if (fact && !(fact->stack_id.empty() && fact->stack_name.empty()))
        facts_.app_stacks[id] = std::move(*fact);
}

void AccountFacts::observe_log_drain(const json& data) {
    const auto app = data.find("app");
    const std::string id = app != data.end() ? text_of(*app, "id") : std::string();
    if (id.empty()) return;
    std::lock_guard lock(mutex_);
    facts_.apps_with_drain.insert(id);
}

void AccountFacts::observe_sni_endpoint(const json& data) {
    const auto cert = data.find("ssl_cert");
    if (cert == data.end() || !cert->is_object()) return;
    CertificateFact fact{ref_name(data, "app"), text_of(data, "name"),
                         text_of(*cert, "expires_at")};
    if (fact.expires_at.empty()) return;
    std::lock_guard lock(mutex_);
    facts_.certificates.push_back(std::move(fact));
}

void AccountFacts::observe_identity_provider(const json& data) {
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

void AccountFacts::observe_stack(const json& data) {
    const std::string id = text_of(data, "id");
    const std::string name = text_of(data, "name");
    const bool deprecated = text_of(data, "state") == "deprecated";
    std::lock_guard lock(mutex_);
    if (is_true(data, "default") && !name.empty()) facts_.default_stack = name;
    if (!deprecated) return;
    if (!id.empty()) facts_.deprecated_stacks.insert(id);
    if (!name.empty()) facts_.deprecated_stacks.insert(name);
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

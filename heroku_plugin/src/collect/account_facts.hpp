// What a reviewer asks of an account first, gathered from the records as they are emitted: team
// members without two-factor authentication who are not federated, admins per team, certificates
// (SNI endpoints', identity providers') and their expiry, apps and whether they have a log drain,
// apps and their stack, and the stacks Heroku has deprecated.
// Read by summary_findings(). Thread contract: observe() may be called from any thread at once;
// snapshot() is consistent.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/idp_certificate_expiry.hpp"

namespace iru::heroku {

struct CertificateFact {
    std::string app;         // the app's name
    std::string name;        // the SNI endpoint's name
    std::string expires_at;  // as Heroku wrote it
};

// An app's stack, as its heroku.app record names it.
struct AppStackFact {
    std::string app;         // the app's name
    std::string stack_id;    // may be empty when the record names the stack only
    std::string stack_name;  // may be empty when the record names the stack by id only
};

// What one app's per-app records said, for the findings: kept between runs so that an app carried
// forward is judged as of its last read (app_findings_history.hpp).
struct AppFindingFacts {
    std::optional<bool> has_log_drain;          // nullopt: its drains were not collected
    std::vector<CertificateFact> certificates;  // its SNI endpoints' certificates
};

struct AccountFactsSnapshot {
    // Emails of members without 2FA who are not federated, each once, first seen first, with the
    // first team it was seen in.
    std::vector<std::pair<std::string, std::string>> members_without_2fa;
    std::map<std::string, std::size_t>
        admins_per_team;  // team name -> admins; teams whose members were read
    std::vector<CertificateFact> certificates;
    std::vector<IdpCertificateFact> idp_certificates;  // of the teams' identity providers
    std::map<std::string, std::string> apps;  // id -> name, the apps whose record was emitted
    std::set<std::string> apps_with_drain;    // app ids with at least one log drain
    bool drains_collected = false;            // the log_drain type was collected at all
    // App ids carried forward from the last snapshot whose drains are not known from their last
    // read (no facts kept): no drain finding judges them.
    std::set<std::string> apps_carried;
    // App id -> its stack, from every heroku.app record (emitted from the apps' list on every run,
    // carried apps included).
    std::map<std::string, AppStackFact> app_stacks;
    // Ids and names of the stacks whose heroku.stack record says "deprecated" (empty when the
    // stacks were not collected).
    std::set<std::string> deprecated_stacks;
    std::string default_stack;  // the name of the stack the stacks' list calls the default
};

class AccountFacts {
public:
    // Notes what a record of type says (data: the record as emitted, after its allow-list).
    void observe(std::string_view type, const nlohmann::json& data);
    void set_drains_collected(bool collected);
    // An app carried forward; facts: what its records said when it was last read (nullopt: not
    // known, so the drain finding does not judge it).
    void note_carried(const std::string& app_id, const std::optional<AppFindingFacts>& facts);
    AccountFactsSnapshot snapshot() const;

private:
    void observe_team_member(const nlohmann::json& data);
    void observe_app(const nlohmann::json& data);
    void observe_log_drain(const nlohmann::json& data);
    void observe_sni_endpoint(const nlohmann::json& data);
    void observe_identity_provider(const nlohmann::json& data);
    void observe_stack(const nlohmann::json& data);

    mutable std::mutex mutex_;
    AccountFactsSnapshot facts_;
    std::set<std::string> members_seen_;
};

}  // namespace iru::heroku

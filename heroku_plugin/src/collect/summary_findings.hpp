// The generic "findings" of the run summary (plugin_api/README.md, manifests/schemas/
// run-summary.schema.json), in the order a reviewer reads them: what the account's records say
// (members without 2FA who are not federated, SNI certificates expiring within 30 days, identity
// provider certificates expiring within 30 days, apps without a log drain, apps on a deprecated
// stack, admins per team), the
// token's expiry and scope, then one entry per kind of gap with its count, an example and what to
// do. Pure.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/account_facts.hpp"

namespace iru::heroku {

// Certificates expiring within this many days (or expired) are a finding.
inline constexpr std::int64_t certificate_warning_days = 30;

// gaps: the summary's listed gap objects ({kind, resource, reason, ...}); token: its "token" object
// (with "oauth_scope"); facts: what the records said; now: the run's end, for expiry.
nlohmann::json summary_findings(
    const std::vector<nlohmann::json>& gaps, const nlohmann::json& token,
    const AccountFactsSnapshot& facts = {},
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The account's findings alone (the first part of summary_findings).
nlohmann::json account_findings(const AccountFactsSnapshot& facts,
                                const std::vector<nlohmann::json>& gaps,
                                std::chrono::system_clock::time_point now);

// The token's finding: its warning (warn) or its expiry (info), with its scope; null when the
// token object says nothing (no authorization matched and no scope known).
nlohmann::json token_finding(const nlohmann::json& token);

// What to do when the API gave no answer at all (name resolution, connection, TLS): the token was
// never judged, so the remedy is the network's, not the token's.
inline constexpr std::string_view no_answer_remedy =
    "no answer came from the API, so the token was not tried: check the network, DNS and the proxy "
    "settings (HTTPS_PROXY and NO_PROXY, or the source's proxy option), and api_url";

// What a user can do about a gap of kind; "" when nothing (the gap is only information).
std::string_view gap_remedy(std::string_view kind);

}  // namespace iru::heroku

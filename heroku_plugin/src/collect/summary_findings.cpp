#include "collect/summary_findings.hpp"

#include <algorithm>
#include <string>

#include "collect/time_format.hpp"

namespace iru::heroku {

using nlohmann::json;

namespace {

struct KindText {
    std::string_view kind;
    std::string_view level;   // info | warn | error
    std::string_view what;    // "N <what>"
    std::string_view remedy;  // "" when none
};

// One line per gap kind the collector names (collect/collection_summary.hpp gap_kind).
constexpr KindText kind_texts[] = {
    {"app_not_visible", "warn", "app resource(s) the token could not read",
     "give the token's account access to those apps (collaborator, or member of their team)"},
    {"app_vanished", "info", "app(s) deleted while the run read them", ""},
    {"team_members_denied", "warn", "team(s) whose members the account may not list",
     "use a token of an account that is an admin of those teams"},
    {"team_permissions_denied", "warn", "team(s) whose app permissions the account may not read",
     "use a token of an account that is an admin of those teams"},
    {"team_invitations_denied", "warn", "team(s) whose invitations the account may not list",
     "use a token of an account that is an admin of those teams"},
    {"list_incomplete", "error", "list(s) that could not be read to their end",
     "run again; when it persists, check the network, the proxy and the Heroku API's status"},
    {"request_failed", "warn", "request(s) that failed after retries",
     "run again; when it persists, check the network, the proxy and the Heroku API's status"},
    {"run_time_exceeded", "warn", "stop(s) at max_run_time before the run was complete",
     "raise the option max_run_time, or narrow the run with teams, apps or include"},
    {"cancelled", "info", "cancellation(s) before the run was complete", ""},
    {"apps_not_observed", "warn",
     "incremental run(s) whose budget did not reach every app (the snapshot lacks them)",
     "let the next runs collect them (they read them first), or raise daily_budget_share or "
     "max_requests_per_run"},
};

const KindText* text_for(std::string_view kind) {
    for (const auto& text : kind_texts)
        if (text.kind == kind) return &text;
    return nullptr;
}

std::string string_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json finding(std::string_view level, std::string message, std::string_view remedy,
             std::uint64_t count) {
    return {{"level", level},
            {"message", std::move(message)},
            {"remedy", remedy.empty() ? json(nullptr) : json(remedy)},
            {"count", count}};
}

// App ids whose log drains could not be read (a gap on /apps/<id>/log-drains).
std::vector<std::string> drains_unread(const std::vector<json>& gaps) {
    std::vector<std::string> ids;
    constexpr std::string_view prefix = "/apps/";
    constexpr std::string_view suffix = "/log-drains";
    for (const auto& gap : gaps) {
        const std::string resource = string_of(gap, "resource");
        if (resource.size() > prefix.size() + suffix.size() &&
            resource.compare(0, prefix.size(), prefix) == 0 &&
            resource.compare(resource.size() - suffix.size(), suffix.size(), suffix) == 0)
            ids.push_back(
                resource.substr(prefix.size(), resource.size() - prefix.size() - suffix.size()));
    }
    return ids;
}

constexpr std::size_t teams_listed = 8;  // in the admins-per-team line

json members_without_2fa_finding(const AccountFactsSnapshot& facts) {
    const auto& members = facts.members_without_2fa;
    if (members.empty()) return nullptr;
    return finding("warn",
                   std::to_string(members.size()) +
                       " team member(s) without two-factor authentication who are not federated "
                       "(e.g. " +
                       members.front().first + " in team " + members.front().second + ")",
                   "ask them to enable 2FA in the Heroku Dashboard (Account Settings), or federate "
                   "the team with single sign-on",
                   members.size());
}

json sni_certificate_finding(const AccountFactsSnapshot& facts,
                             std::chrono::system_clock::time_point now) {
    std::vector<const CertificateFact*> expiring;
    for (const auto& cert : facts.certificates) {
        const auto expires = parse_rfc3339_utc(cert.expires_at);
        if (expires && *expires - now < std::chrono::hours(24 * certificate_warning_days))
            expiring.push_back(&cert);
    }
    if (expiring.empty()) return nullptr;
    return finding("warn",
                   std::to_string(expiring.size()) + " certificate(s) expired or expiring within " +
                       std::to_string(certificate_warning_days) + " days (e.g. " +
                       expiring.front()->name + " of app " + expiring.front()->app + ", at " +
                       expiring.front()->expires_at + ")",
                   "renew them, or let Heroku manage them: heroku certs:auto:enable -a <app>",
                   expiring.size());
}

json log_drain_finding(const AccountFactsSnapshot& facts, const std::vector<json>& gaps) {
    if (!facts.drains_collected) return nullptr;
    const std::vector<std::string> unread = drains_unread(gaps);
    std::vector<std::string> without;
    for (const auto& [id, name] : facts.apps)
        if (facts.apps_with_drain.count(id) == 0 && facts.apps_carried.count(id) == 0 &&
            std::find(unread.begin(), unread.end(), id) == unread.end())
            without.push_back(name.empty() ? id : name);
    if (without.empty()) return nullptr;
    return finding(
        "warn",
        std::to_string(without.size()) + " of " + std::to_string(facts.apps.size()) +
            " app(s) without a log drain (e.g. " + without.front() + ")",
        "ship their logs off Heroku: heroku drains:add <url> -a <app>, or a logging add-on",
        without.size());
}

// Apps whose stack the stacks' list calls deprecated, matched by the stack's id or its name.
json deprecated_stack_finding(const AccountFactsSnapshot& facts) {
    if (facts.deprecated_stacks.empty()) return nullptr;
    std::size_t on_deprecated = 0;
    const AppStackFact* example = nullptr;
    for (const auto& [id, stack] : facts.app_stacks) {
        const auto named = [&](const std::string& key) {
            return !key.empty() && facts.deprecated_stacks.count(key) != 0;
        };
        if (!named(stack.stack_id) && !named(stack.stack_name)) continue;
        ++on_deprecated;
        if (example == nullptr) example = &stack;
    }
    if (example == nullptr) return nullptr;
    const std::string app = example->app.empty() ? "an app" : example->app;
    const std::string stack = example->stack_name.empty() ? example->stack_id : example->stack_name;
    const std::string target = facts.default_stack.empty() ? "<stack>" : facts.default_stack;
    return finding(
        "warn",
        std::to_string(on_deprecated) + " of " + std::to_string(facts.app_stacks.size()) +
            " app(s) on a deprecated stack (e.g. " + app + " on " + stack + ")",
        "move them to a supported stack: heroku stack:set " + target + " -a <app>, then deploy",
        on_deprecated);
}

json admins_per_team_finding(const AccountFactsSnapshot& facts) {
    if (facts.admins_per_team.empty()) return nullptr;
    std::string line = "admins per team:";
    std::size_t shown = 0;
    for (const auto& [team, admins] : facts.admins_per_team) {
        if (shown++ < teams_listed)
            line += (shown == 1 ? " " : ", ") + team + " " + std::to_string(admins);
    }
    if (facts.admins_per_team.size() > teams_listed)
        line += ", … (" + std::to_string(facts.admins_per_team.size()) + " teams)";
    return finding("info", std::move(line), "", 1);  // one line about every team
}

}  // namespace

json account_findings(const AccountFactsSnapshot& facts, const std::vector<json>& gaps,
                      std::chrono::system_clock::time_point now) {
    json findings = json::array();
    for (json f :
         {members_without_2fa_finding(facts), sni_certificate_finding(facts, now),
          idp_certificate_finding(facts.idp_certificates, now), log_drain_finding(facts, gaps),
          deprecated_stack_finding(facts), admins_per_team_finding(facts)})
        if (!f.is_null()) findings.push_back(std::move(f));
    return findings;
}

json token_finding(const json& token) {
    if (!token.is_object()) return nullptr;
    const std::string scope = string_of(token, "oauth_scope");
    const std::string scope_text = scope.empty() ? "" : "; its OAuth scope: " + scope;
    const std::string warning = string_of(token, "warning");
    if (!warning.empty())
        return finding("warn", warning + scope_text,
                       "create a new token with `heroku authorizations:create --description \"Iru "
                       "Compliance\"` "
                       "and update the source's credential",
                       1);
    const auto matched = token.find("matched");
    if (matched == token.end() || !matched->is_boolean() || !matched->get<bool>()) {
        if (scope.empty()) return nullptr;
        return finding(
            "info",
            "the token matched no authorization of the account (an API key?), so its expiry is "
            "unknown" +
                scope_text,
            "", 1);
    }
    const auto days = token.find("expires_in_days");
    const std::string expires_at = string_of(token, "expires_at");
    std::string message = days != token.end() && days->is_number_integer()
                              ? "the token expires in " +
                                    std::to_string(days->get<std::int64_t>()) +
                                    (days->get<std::int64_t>() == 1 ? " day" : " days") +
                                    (expires_at.empty() ? "" : " (at " + expires_at + ")")
                              : "the token does not expire";
    return finding("info", message + scope_text, "", 1);
}

std::string_view gap_remedy(std::string_view kind) {
    const KindText* text = text_for(kind);
    return text == nullptr ? std::string_view() : text->remedy;
}

json summary_findings(const std::vector<json>& gaps, const json& token,
                      const AccountFactsSnapshot& facts,
                      std::chrono::system_clock::time_point now) {
    json findings = account_findings(facts, gaps, now);
    if (json t = token_finding(token); !t.is_null()) findings.push_back(std::move(t));
    std::vector<std::string> order;  // gap kinds, first seen first
    std::vector<std::uint64_t> counts;
    std::vector<const json*> examples;
    for (const auto& gap : gaps) {
        const std::string kind = string_of(gap, "kind");
        std::size_t i = 0;
        while (i < order.size() && order[i] != kind) ++i;
        if (i == order.size()) {
            order.push_back(kind);
            counts.push_back(0);
            examples.push_back(&gap);
        }
        ++counts[i];
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
        const KindText* text = text_for(order[i]);
        const std::string what =
            text != nullptr ? std::string(text->what) : "gap(s) of kind " + order[i];
        std::string message = std::to_string(counts[i]) + " " + what + " (e.g. " +
                              string_of(*examples[i], "resource") + ": " +
                              string_of(*examples[i], "reason") + ")";
        findings.push_back({{"level", text != nullptr ? text->level : "warn"},
                            {"message", std::move(message)},
                            {"remedy", text != nullptr && !text->remedy.empty() ? json(text->remedy)
                                                                                : json(nullptr)},
                            {"count", counts[i]}});
    }
    return findings;
}

}  // namespace iru::heroku

#include "plugin/check_extension.hpp"

#include <optional>
#include <vector>

#include "collect/collection_summary.hpp"
#include "collect/record_mapping.hpp"
#include "collect/token_scope.hpp"

namespace iru::heroku {

using nlohmann::json;

namespace {

constexpr std::string_view create_token_remedy =
    "Create a new token with `heroku authorizations:create --description \"Iru Compliance\"` and "
    "configure it for this source.";

std::string string_of(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

// Why a request failed and what to do, by status.
std::string_view remedy_for(Status status) {
    switch (status) {
        case Status::network:
            return "Check the source's api_url, proxy and ca_file options and that the API is reachable.";
        case Status::permission_denied:
            return "Use a token of an account that may read the account (a full-access authorization).";
        case Status::rate_limited: return "Wait for the rate budget to refill (about an hour) and check again.";
        case Status::bad_config: return "Fix the source's options in the host configuration.";
        default: return "";
    }
}

json identity_of(const json& account) {
    const bool two_factor = flag_of(account, "two_factor_authentication");
    return {{"kind", "account"},
            {"name", string_of(account, "email")},
            {"id", string_of(account, "id")},
            {"details", {std::string("two-factor authentication: ") + (two_factor ? "on" : "OFF"),
                         std::string("federated (SSO): ") + (flag_of(account, "federated") ? "yes" : "no")}}};
}

// The credential part from the token's own authorization (or its absence).
json credential_of(const std::optional<TokenMatch>& match) {
    const json token = summarize_token(match);
    json credential = {{"state", "accepted"}, {"expires_at", token["expires_at"]},
                       {"expires_in_days", token["expires_in_days"]}};
    if (!match) {  // expiry unknown: no expires_at at all
        credential.erase("expires_at");
        credential.erase("expires_in_days");
        credential["detail"] = "not found among the account's authorizations (an API key, or a token of "
                               "another account): its expiry is unknown";
    } else {
        credential["detail"] = "authorization " + string_of(token, "id") + " \"" + string_of(token, "description") +
                               "\", created " + string_of(token, "created_at");
    }
    return credential;
}

std::size_t count_items(ApiClient& client, const std::string& path) {
    std::size_t n = 0;
    client.list_items(path, {}, [&n](json&) { ++n; });
    return n;
}

struct Reach {
    json scopes = json::array();
    json findings = json::array();
};

// Teams with the account's role and app count, and the personal apps.
Reach reach_of(ApiClient& client, const json& account) {
    Reach reach;
    std::vector<std::string> team_names;
    bool teams_known = true;
    try {
        client.list_items("/teams", {}, [&](json& team) {
            const std::string id = string_of(team, "id"), name = string_of(team, "name");
            if (id.empty()) return;
            json scope = {{"kind", "team"}, {"name", name}, {"role", string_of(team, "role")},
                          {"count", nullptr}, {"count_of", "apps"}};
            reach.scopes.push_back(std::move(scope));
            team_names.push_back(name);
            reach.scopes.back()["id"] = id;
        });
    } catch (const ApiError& e) {
        if (e.status() == Status::cancelled) throw;
        teams_known = false;
        reach.findings.push_back(check_finding("warn", std::string("the account's teams could not be read: ") + e.what(),
                                               remedy_for(e.status())));
    }
    for (auto& scope : reach.scopes) {
        const std::string path = "/teams/" + scope["id"].get<std::string>() + "/apps";
        scope.erase("id");
        try {
            scope["count"] = count_items(client, path);
        } catch (const ApiError& e) {
            if (e.status() == Status::cancelled) throw;
            reach.findings.push_back(check_finding(
                "warn", "the apps of team " + scope["name"].get<std::string>() + " could not be listed: " + e.what(),
                remedy_for(e.status())));
        }
    }
    try {
        std::size_t personal = 0;
        client.list_items("/apps", {}, [&personal](json& app) {
            if (!app.contains("team") || app["team"].is_null()) ++personal;
        });
        reach.scopes.push_back({{"kind", "personal"}, {"name", string_of(account, "email")}, {"role", nullptr},
                                {"count", personal}, {"count_of", "apps"}});
    } catch (const ApiError& e) {
        if (e.status() == Status::cancelled) throw;
        reach.findings.push_back(check_finding("warn", std::string("the account's apps could not be listed: ") + e.what(),
                                               remedy_for(e.status())));
    }
    std::string seen;
    for (std::size_t i = 0; i < team_names.size(); ++i) seen += (i == 0 ? "" : ", ") + team_names[i];
    std::string message = "Missing apps? The account sees the apps of ";
    if (!teams_known) message += "its teams (which could not be read)";
    else if (team_names.empty()) message += "no team (it belongs to none)";
    else message += "the teams " + seen;
    message += " and its personal apps.";
    reach.findings.push_back(check_finding(
        "info", std::move(message),
        "An app that is missing belongs to a team this account is not a member of: add the account to that "
        "team, or use a token of an account that is."));
    return reach;
}

// The token's OAuth scope, as the answers named it, into the credential part; a scope without
// global is a warning with the remedy, since the collection then cannot read members or config vars.
void add_scope_of(json& report, const std::string& token_scope) {
    report["credential"]["scope"] = token_scope.empty() ? json(nullptr) : json(token_scope);
    if (!token_scope.empty() && !scope_list_has(token_scope, "global"))
        report["findings"].push_back(
            check_finding("warn", scope_warning(token_scope), global_scope_remedy));
}

}  // namespace

json check_finding(std::string_view level, std::string message, std::string_view remedy) {
    return {{"level", level}, {"message", std::move(message)},
            {"remedy", remedy.empty() ? json(nullptr) : json(std::string(remedy))}};
}

json rejected_token_finding() {
    return check_finding("error",
                         "The API answered 401 Unauthorized: the token is expired, was revoked, or was regenerated "
                         "in the Heroku Dashboard (regenerating the API key invalidates the old one).",
                         create_token_remedy);
}

CheckOutcome build_check_report(ApiClient& client, std::string_view token, std::chrono::system_clock::time_point now) {
    CheckOutcome out;
    out.report = {{"credential", {{"state", "unverified"}}}, {"identity", nullptr}, {"scopes", json::array()},
                  {"budget", nullptr}, {"findings", json::array()}};
    json account;
    try {
        account = client.get("/account");
    } catch (const ApiError& e) {
        out.status = e.status();
        out.message = std::string("GET /account: ") + e.what();
        if (e.status() == Status::auth_failed) {
            out.report["credential"] = {
                {"state", "rejected"},
                {"detail", "GET /account answered " + std::to_string(e.http_status()) + " Unauthorized"}};
            out.report["findings"].push_back(rejected_token_finding());
        } else if (e.status() != Status::cancelled) {
            out.report["findings"].push_back(check_finding("error", out.message, remedy_for(e.status())));
        }
        return out;
    }
    out.report["identity"] = identity_of(account);
    if (!flag_of(account, "two_factor_authentication"))
        out.report["findings"].push_back(check_finding(
            "warn", "two-factor authentication is off for " + string_of(account, "email"),
            "Turn it on in the Heroku Dashboard (Account Settings)."));

    std::optional<TokenMatch> match;
    try {
        client.list_items("/oauth/authorizations", {}, [&](json& item) {
            if (!match) match = match_token(item, token, now);
        });
        out.report["credential"] = credential_of(match);
        const std::string warning = string_of(summarize_token(match), "warning");
        if (!warning.empty()) out.report["findings"].push_back(check_finding("warn", warning, create_token_remedy));
    } catch (const ApiError& e) {
        if (e.status() == Status::cancelled) return {Status::cancelled, "cancelled", out.report};
        out.report["credential"] = {{"state", "accepted"},
                                    {"detail", std::string("expiry unknown: /oauth/authorizations could not be read: ") +
                                                   e.what()}};
    }

    try {
        Reach reach = reach_of(client, account);
        out.report["scopes"] = std::move(reach.scopes);
        for (auto& f : reach.findings) out.report["findings"].push_back(std::move(f));
    } catch (const ApiError& e) {  // only cancellation comes through
        return {e.status(), e.what(), out.report};
    }
    add_scope_of(out.report, client.stats().oauth_scope);
    const std::optional<std::int64_t> remaining = client.read_rate_limit();
    const std::int64_t known = remaining ? *remaining : client.stats().rate_limit_remaining;
    out.report["budget"] = {{"remaining", known >= 0 ? json(known) : json(nullptr)}, {"unit", "requests"}};
    return out;
}

}  // namespace iru::heroku

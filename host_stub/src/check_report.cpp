#include "check_report.hpp"

#include <iomanip>
#include <sstream>

#include "text_codec.hpp"

namespace iru::host {
namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key, const std::string& fallback = "?") {
    if (!object.is_object()) return fallback;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (it->is_string()) return printable(it->get<std::string>());
    return it->dump();
}

bool flag_of(const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_boolean() && object[key].get<bool>();
}

void account_section(std::ostringstream& out, const json& summary) {
    const json& account = summary.contains("account") ? summary["account"] : json();
    if (!account.is_object()) {
        out << "  Account:     unknown (the plugin could not read it)\n";
        return;
    }
    out << "  Account:     " << text_of(account, "email") << " (id " << text_of(account, "id") << ")\n";
    out << "               two-factor authentication: " << (flag_of(account, "two_factor_authentication") ? "on" : "OFF")
        << ", federated (SSO): " << (flag_of(account, "federated") ? "yes" : "no") << "\n";
}

void teams_section(std::ostringstream& out, const json& summary) {
    const json teams = summary.contains("teams") && summary["teams"].is_array() ? summary["teams"] : json::array();
    out << "  Teams:       " << teams.size() << (teams.empty() ? " (the account belongs to no team; only personal apps are visible)" : "") << "\n";
    if (teams.empty()) return;
    out << "               " << std::left << std::setw(28) << "TEAM" << std::setw(14) << "ROLE" << "APPS\n";
    for (const auto& team : teams)
        out << "               " << std::setw(28) << text_of(team, "name") << std::setw(14) << text_of(team, "role", "-")
            << text_of(team, "app_count", "-") << "\n";
}

void token_section(std::ostringstream& out, const json& summary) {
    const json& token = summary.contains("token") ? summary["token"] : json();
    if (!token.is_object()) {
        out << "  Token:       no details\n";
        return;
    }
    if (!flag_of(token, "matched")) {
        out << "  Token:       not found among the account's authorizations (an API key or a token of another account);"
               " expiry unknown\n";
    } else {
        out << "  Token:       authorization " << text_of(token, "id") << " \"" << text_of(token, "description", "") << "\""
            << ", created " << text_of(token, "created_at") << "\n";
        if (token.contains("expires_at") && token["expires_at"].is_string())
            out << "               expires " << text_of(token, "expires_at") << " (in " << text_of(token, "expires_in_days")
                << " days)\n";
        else
            out << "               does not expire\n";
    }
    if (token.contains("warning") && token["warning"].is_string() && !token["warning"].get<std::string>().empty())
        out << "               WARNING: " << text_of(token, "warning") << "\n";
}

void gaps_section(std::ostringstream& out, const json& summary) {
    const json gaps = summary.contains("gaps") && summary["gaps"].is_array() ? summary["gaps"] : json::array();
    out << "  Gaps:        " << (gaps.empty() ? "none" : std::to_string(gaps.size())) << "\n";
    std::size_t shown = 0;
    for (const auto& gap : gaps) {
        if (++shown > 10) {
            out << "               … and " << gaps.size() - 10 << " more (see a full run's summary.json)\n";
            break;
        }
        out << "               - " << text_of(gap, "kind") << " " << text_of(gap, "resource", "") << ": "
            << text_of(gap, "reason", "") << "\n";
    }
    if (summary.contains("warnings") && summary["warnings"].is_array())
        for (const auto& w : summary["warnings"])
            if (w.is_string()) out << "  Warning:     " << printable(w.get<std::string>()) << "\n";
}

}  // namespace

std::string format_check_report(const SourceConfig& source, const std::string& plugin_label,
                                const SourceRunResult& run) {
    std::ostringstream out;
    const bool worked = is_usable(run.status);
    out << "Source " << source.id << " (plugin " << plugin_label << ")\n";
    const json summary = run.collection_summary ? *run.collection_summary : json::object();
    if (run.status == RunStatus::auth_failed) {
        out << "  Credential:  REJECTED (authentication failed)\n";
    } else if (worked) {
        out << "  Credential:  accepted\n";
    } else {
        out << "  Credential:  not verified\n";
    }
    const bool has_identity = summary.contains("account") && summary["account"].is_object();
    if (run.collection_summary && (worked || has_identity)) {
        account_section(out, summary);
        teams_section(out, summary);
        token_section(out, summary);
        if (summary.contains("rate_limit_remaining") && summary["rate_limit_remaining"].is_number())
            out << "  Rate limit:  " << summary["rate_limit_remaining"].dump() << " requests left in the budget\n";
        else
            out << "  Rate limit:  unknown\n";
        gaps_section(out, summary);
    } else if (run.collection_summary) {
        gaps_section(out, summary);
    } else {
        out << "  (the plugin sent no collection summary; records received: " << run.records << ")\n";
    }
    out << "  Result:      " << to_string(run.status) << "\n";
    if (!worked) {
        out << "  Error:       " << (run.message.empty() ? "(no message)" : run.message) << "\n";
    }
    if (run.status == RunStatus::auth_failed) {
        std::string where;
        for (const auto& [name, spec] : source.credentials) where += (where.empty() ? "" : ", ") + spec.json_path;
        out << "\n  The API answered 401 Unauthorized: the token is expired, was revoked, or was regenerated\n"
               "  in the Heroku Dashboard (regenerating the API key invalidates the old one).\n"
               "  Create a new token with:\n"
               "      heroku authorizations:create --description \"Iru Compliance\"\n"
               "  and configure it for this source"
            << (where.empty() ? "" : " (" + where + ")") << ".\n";
    }
    if (summary.contains("missing_apps_hint") && summary["missing_apps_hint"].is_string() &&
        !summary["missing_apps_hint"].get<std::string>().empty()) {
        out << "\n  Missing apps? " << printable(summary["missing_apps_hint"].get<std::string>()) << "\n";
    } else if (worked) {
        out << "\n  Missing apps? The account sees only apps of the teams it is a member of (and its personal apps):\n"
               "  add it to the teams that own the apps.\n";
    }
    return out.str();
}

}  // namespace iru::host

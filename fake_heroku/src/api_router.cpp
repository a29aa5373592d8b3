#include "api_router.hpp"

#include <algorithm>

#include "app_details.hpp"
#include "audit_trail.hpp"
#include "idp_certificate.hpp"
#include "json_views.hpp"

namespace iru::fake {
namespace {

using nlohmann::json;

ApiAnswer object(json body) { return {200, std::move(body), {}}; }
ApiAnswer list(json body, std::vector<std::string> attributes) {
    return {200, std::move(body), std::move(attributes)};
}
ApiAnswer fail(int status, const std::string& id, const std::string& message) {
    return {status, views::error(id, message), {}};
}
ApiAnswer not_found() {
    return fail(404, "not_found", "The requested API endpoint was not found.");
}

bool listed(const std::set<std::string>& set, const std::string& id, const std::string& name) {
    return set.count(id) > 0 || set.count(name) > 0;
}

// Resolves {app} for per-app endpoints, applying the app faults. Sets `answer` on failure.
const App* resolve_app(const Account& account, const FaultSpec& faults, const std::string& ref,
                       ApiAnswer& answer) {
    const App* app = account.find_app(ref);
    if (app == nullptr || listed(faults.deleted_apps, app->id, app->name)) {
        answer = fail(404, "not_found", "Couldn't find that app.");
        return nullptr;
    }
    if (listed(faults.forbidden_apps, app->id, app->name)) {
        answer = fail(403, "forbidden", "You do not have access to the app " + app->name + ".");
        return nullptr;
    }
    return app;
}

ApiAnswer app_collaborators(const Account& account, const App& app, bool team_style) {
    json items = json::array();
    for (const auto& c : app.collaborators)
        items.push_back(views::collaborator(account, app, c, team_style));
    return list(std::move(items), {"id"});
}

ApiAnswer per_app(const Account& account, const FaultSpec& faults,
                  const std::vector<std::string>& s) {
    ApiAnswer answer;
    const App* app = resolve_app(account, faults, s[1], answer);
    if (app == nullptr) return answer;
    if (s.size() == 2) return object(views::app(account, *app));
    if (s.size() != 3) return not_found();
    const std::string& what = s[2];
    if (what == "collaborators") return app_collaborators(account, *app, app->team >= 0);
    if (what == "addons") {
        json items = json::array();
        for (const auto& ad : account.addons)
            if (ad.app == app->index) items.push_back(views::addon(account, ad));
        return list(std::move(items), {"id", "name"});
    }
    if (what == "pipeline-couplings") {  // one object: the app's coupling
        for (const auto& c : account.couplings)
            if (c.app == app->index) return object(views::pipeline_coupling(account, c));
        return fail(404, "not_found", "Couldn't find that pipeline coupling.");
    }
    if (what == "addon-attachments") {
        json items = json::array();
        for (const auto& ad : account.addons)
            for (const auto& att : ad.attachments)
                if (att.app == app->index)
                    items.push_back(views::addon_attachment(account, ad, att));
        return list(std::move(items), {"id"});
    }
    static const std::set<std::string> kDetails = {
        "formation", "dynos",           "config-vars",
        "domains",   "sni-endpoints",   "log-drains",
        "features",  "releases",        "buildpack-installations",
        "webhooks",  "telemetry-drains"};
    if (kDetails.count(what) == 0) return not_found();
    if (what == "telemetry-drains" && app->generation != "fir") return not_found();
    AppDetails d = generate_app_details(account, *app);
    if (what == "formation") return list(std::move(d.formation), {"id", "type"});
    if (what == "dynos") return list(std::move(d.dynos), {"id", "name"});
    if (what == "config-vars") return object(std::move(d.config_vars));
    if (what == "domains") return list(std::move(d.domains), {"id", "hostname"});
    if (what == "sni-endpoints") return list(std::move(d.sni_endpoints), {"id", "name"});
    if (what == "log-drains") return list(std::move(d.log_drains), {"id"});
    if (what == "features") return list(std::move(d.features), {"id", "name"});
    if (what == "releases") return list(std::move(d.releases), {"version", "id"});
    if (what == "buildpack-installations")
        return list(std::move(d.buildpack_installations), {"ordinal"});
    if (what == "telemetry-drains") return list(std::move(d.telemetry_drains), {"id"});
    return list(std::move(d.webhooks), {"id"});
}

// A space's own endpoints, by its generation (account.hpp's Space says which it has).
ApiAnswer space_endpoint(const Account& account, const Space& sp, const std::string& what) {
    const bool fir = sp.generation == "fir";
    if (fir && (what == "vpn-connections" || what == "peerings"))
        return fail(422, "invalid_params", "Fir spaces do not support " + what + ".");
    if (what == "inbound-ruleset") return object(views::inbound_ruleset(account, sp));
    if (what == "members") {
        json items = json::array();
        for (const auto& m : sp.members) items.push_back(views::space_member(account, sp, m));
        return list(std::move(items), {"id"});
    }
    if (what == "vpn-connections") {
        json items = json::array();
        for (const auto& v : sp.vpn_connections) items.push_back(views::vpn_connection(sp, v));
        return list(std::move(items), {"id", "name"});
    }
    if (what == "peerings") {
        json items = json::array();
        for (const auto& p : sp.peerings) items.push_back(views::space_peering(sp, p));
        return list(std::move(items), {"pcx_id"});
    }
    if (what == "nat" && !fir) return object(views::space_nat(sp));
    if (what == "telemetry-drains" && fir) {
        json items = json::array();
        for (const auto& d : sp.telemetry_drains)
            items.push_back(views::telemetry_drain(d, sp.id, "space"));
        return list(std::move(items), {"id"});
    }
    return not_found();
}

ApiAnswer teams_route(const Account& account, const FaultSpec& faults,
                      const std::vector<std::string>& s) {
    if (s.size() == 1) {
        json items = json::array();
        for (const auto& t : account.teams) items.push_back(views::team(account, t));
        return list(std::move(items), {"id", "name"});
    }
    if (s[1] == "apps" && s.size() >= 3) {  // /teams/apps/{app}[/collaborators]
        ApiAnswer answer;
        const App* app = resolve_app(account, faults, s[2], answer);
        if (app == nullptr) return answer;
        if (s.size() == 3) {
            if (app->team < 0) return fail(404, "not_found", "Couldn't find that app.");
            return object(views::team_app(account, *app));
        }
        if (s.size() == 4 && s[3] == "collaborators") return app_collaborators(account, *app, true);
        return not_found();
    }
    const Team* team = account.find_team(s[1]);
    if (team == nullptr) return fail(404, "not_found", "Couldn't find that team.");
    if (s.size() == 2) return object(views::team(account, *team));
    if (s.size() != 3) return not_found();
    const std::string& what = s[2];
    if (what == "preferences") return object(views::team_preferences(*team));
    if (what == "members") {
        if (listed(faults.teams_denying_members, team->id, team->name))
            return fail(403, "forbidden",
                        "You do not have access to the members of team " + team->name + ".");
        json items = json::array();
        for (const auto& m : team->members) items.push_back(views::team_member(account, m));
        return list(std::move(items), {"email"});
    }
    if (what == "invitations") {
        if (listed(faults.teams_denying_invitations, team->id, team->name))
            return fail(403, "forbidden",
                        "You do not have access to the invitations of team " + team->name + ".");
        json items = json::array();
        for (const auto& inv : team->invitations)
            items.push_back(views::team_invitation(account, *team, inv));
        return list(std::move(items), {"id"});
    }
    if (what == "apps") {
        json items = json::array();
        for (std::size_t i : team->apps) items.push_back(views::team_app(account, account.apps[i]));
        return list(std::move(items), {"id", "name", "updated_at"});
    }
    if (what == "permissions") {
        if (team->role != "admin" || listed(faults.teams_denying_permissions, team->id, team->name))
            return fail(403, "forbidden",
                        "You must be an admin of team " + team->name + " to list its permissions.");
        json items = json::array();
        for (std::size_t i : team->apps)
            items.push_back(views::permission_entity(account, *team, account.apps[i]));
        return list(std::move(items), {"id", "name"});
    }
    if (what == "identity-providers") {
        json items = json::array();
        if (!team->identity_provider.empty() && !account.enterprise_accounts.empty())
            items.push_back(views::identity_provider(
                account, *team,
                faults.idp_certificate_expires_in_days
                    ? certificate_expiring_in(*faults.idp_certificate_expires_in_days)
                    : std::string(idp_certificate_pem())));
        return list(std::move(items), {"id"});
    }
    if (what == "features") {
        json items = json::array();
        for (const auto& f : account.team_features)
            items.push_back(views::feature(f, team->created_at));
        return list(std::move(items), {"id", "name"});
    }
    if (what == "allowed-addon-services") {
        json items = json::array();
        for (const auto& a : team->allowed_addon_services)
            items.push_back(views::allowed_addon_service(account, a));
        return list(std::move(items), {"id"});
    }
    return not_found();
}

// The value of `name` in a raw query string ("day=2026-12-02&x=1"); empty when absent.
std::string query_value(const std::string& query, const std::string& name) {
    std::size_t at = 0;
    while (at <= query.size()) {
        const std::size_t end = std::min(query.find('&', at), query.size());
        const std::string part = query.substr(at, end - at);
        if (part.compare(0, name.size() + 1, name + "=") == 0) return part.substr(name.size() + 1);
        at = end + 1;
    }
    return {};
}

// An enterprise account as listed: without "view" among the token's permissions when a fault
// says so.
json listed_enterprise_account(const EnterpriseAccount& ea, const FaultSpec& faults) {
    json item = views::enterprise_account(ea);
    if (listed(faults.enterprise_accounts_without_view, ea.id, ea.name)) {
        json kept = json::array();
        for (const auto& p : item["permissions"])
            if (p != "view") kept.push_back(p);
        item["permissions"] = std::move(kept);
    }
    return item;
}

// GET /enterprise-accounts/{ea}/events?day=YYYY-MM-DD: that day's events up to the clock.
ApiAnswer audit_events(const Account& account, std::size_t ea, const RouteContext& context) {
    std::int64_t day = 0;
    if (!parse_audit_day(query_value(context.query, "day"), day))
        return fail(422, "invalid_params", "day must be a date formatted as YYYY-MM-DD.");
    ApiAnswer answer = list(audit_day(account, ea, day, context.now).events, {"id"});
    answer.page_size = audit_page_size;
    return answer;
}

ApiAnswer enterprise_route(const Account& account, const FaultSpec& faults,
                           const std::vector<std::string>& s, const RouteContext& context) {
    if (s.size() == 1) {
        json items = json::array();
        for (const auto& ea : account.enterprise_accounts)
            items.push_back(listed_enterprise_account(ea, faults));
        return list(std::move(items), {"id", "name"});
    }
    const EnterpriseAccount* ea = account.find_enterprise_account(s[1]);
    if (ea == nullptr) return fail(404, "not_found", "Couldn't find that enterprise account.");
    if (s.size() == 2) return object(listed_enterprise_account(*ea, faults));
    if (listed(faults.enterprise_accounts_denying_view, ea->id, ea->name) ||
        listed(faults.enterprise_accounts_without_view, ea->id, ea->name))
        return fail(403, "forbidden",
                    "You need the view permission on enterprise account " + ea->name + ".");
    const auto ea_index = static_cast<std::size_t>(ea - account.enterprise_accounts.data());
    if (s.size() == 3 && s[2] == "events") return audit_events(account, ea_index, context);
    if (s.size() == 3 && s[2] == "archives") {
        // Archives carry no id: one a month, a list far below Heroku's page size.
        ApiAnswer answer = list(audit_archives(account, ea_index, context.now).events, {"id"});
        answer.single_page = true;
        return answer;
    }
    if (s.size() == 3 && s[2] == "members") {
        json items = json::array();
        for (const auto& m : ea->members)
            items.push_back(views::enterprise_member(account, *ea, m));
        return list(std::move(items), {"id"});
    }
    if (s.size() == 3 && s[2] == "teams") {
        json items = json::array();
        for (const auto& t : account.teams)
            if (t.enterprise_account == static_cast<int>(ea_index))
                items.push_back(views::team(account, t));
        for (const auto& t : ea->teams_not_joined) items.push_back(views::team(account, t));
        return list(std::move(items), {"id", "name"});
    }
    return not_found();
}

}  // namespace

bool answer_is_cacheable(const std::vector<std::string>& s) {
    if (s[0] == "enterprise-accounts") return false;  // faults, the clock and the query decide
    if (s.size() == 1) return true;  // every account-wide list (and unknown roots: 404s)
    if (s[0] == "account" || s[0] == "oauth") return s.size() == 2;
    if (s[0] == "teams" && s.size() == 3 && s[1] != "apps")
        // Not the identity providers: their certificate follows the faults.
        return s[2] == "apps" || s[2] == "features" || s[2] == "preferences" ||
               s[2] == "allowed-addon-services";
    return false;
}

ApiAnswer route_get(const Account& account, const FaultSpec& faults,
                    const std::vector<std::string>& s, const RouteContext& context) {
    if (s.empty()) return not_found();
    const std::string& root = s[0];
    if (root == "account") {
        if (s.size() == 1) return object(views::account(account));
        if (s.size() == 2 && s[1] == "keys") {
            return list(
                json::array({views::account_key(account, 0), views::account_key(account, 1)}),
                {"id"});
        }
        if (s.size() == 2 && s[1] == "app-transfers") {
            json items = json::array();
            for (const auto& t : account.app_transfers)
                items.push_back(views::app_transfer(account, t));
            return list(std::move(items), {"id"});
        }
        if (s.size() == 2 && s[1] == "features") {
            json items = json::array();
            for (const auto& f : account.account_features)
                items.push_back(views::feature(f, account.me().created_at));
            return list(std::move(items), {"id", "name"});
        }
        return not_found();
    }
    if (root == "teams") return teams_route(account, faults, s);
    if (root == "enterprise-accounts") return enterprise_route(account, faults, s, context);
    if (root == "apps") {
        if (s.size() == 1) {
            json items = json::array();
            for (const auto& app : account.apps)
                if (app.in_apps_list) items.push_back(views::app(account, app));
            return list(std::move(items), {"id", "name", "updated_at"});
        }
        return per_app(account, faults, s);
    }
    if (s.size() == 1 && root == "addons") {
        json items = json::array();
        for (const auto& ad : account.addons) items.push_back(views::addon(account, ad));
        return list(std::move(items), {"id", "name"});
    }
    if (s.size() == 1 && root == "addon-attachments") {
        json items = json::array();
        for (const auto& ad : account.addons)
            for (const auto& att : ad.attachments)
                items.push_back(views::addon_attachment(account, ad, att));
        return list(std::move(items), {"id"});
    }
    if (s.size() == 1 && root == "pipelines") {
        json items = json::array();
        for (const auto& p : account.pipelines) items.push_back(views::pipeline(account, p));
        return list(std::move(items), {"id", "name"});
    }
    if (root == "pipelines" && s.size() == 3 && s[2] == "review-app-config") {
        for (std::size_t i = 0; i < account.pipelines.size(); ++i) {
            const Pipeline& p = account.pipelines[i];
            if (p.id != s[1] && p.name != s[1]) continue;
            if (!p.review_apps)
                return fail(404, "not_found", "Couldn't find that review app config.");
            return object(views::review_app_config(p, i));
        }
        return fail(404, "not_found", "Couldn't find that pipeline.");
    }
    if (s.size() == 1 && root == "stacks") return list(views::stacks(), {"id", "name"});
    if (s.size() == 1 && root == "pipeline-couplings") {
        json items = json::array();
        for (const auto& c : account.couplings)
            items.push_back(views::pipeline_coupling(account, c));
        return list(std::move(items), {"id"});
    }
    if (root == "spaces") {
        if (s.size() == 1) {
            json items = json::array();
            for (const auto& sp : account.spaces) items.push_back(views::space(account, sp));
            return list(std::move(items), {"id", "name"});
        }
        const Space* sp = account.find_space(s[1]);
        if (sp == nullptr) return fail(404, "not_found", "Couldn't find that space.");
        if (s.size() == 2) return object(views::space(account, *sp));
        if (s.size() == 3) return space_endpoint(account, *sp, s[2]);
        return not_found();
    }
    if (root == "oauth" && s.size() == 2) {
        json items = json::array();
        if (s[1] == "authorizations") {
            for (const auto& a : account.authorizations)
                items.push_back(views::oauth_authorization(account, a));
            return list(std::move(items), {"id"});
        }
        if (s[1] == "clients") {
            for (const auto& c : account.oauth_clients) items.push_back(views::oauth_client(c));
            return list(std::move(items), {"id"});
        }
    }
    return not_found();
}

}  // namespace iru::fake

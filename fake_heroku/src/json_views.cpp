#include "json_views.hpp"

#include <algorithm>
#include <map>

namespace iru::fake::views {
namespace {

using nlohmann::json;

json idp(const std::string& name, const std::string& owner_id, const std::string& owner_name) {
    if (name.empty()) return nullptr;
    return {{"id", "5f0e4f4e-8d5b-4c1a-9a6e-0000000000" + std::to_string(10 + name.size() % 90)},
            {"name", name},
            {"owner", {{"id", owner_id}, {"name", owner_name}, {"type", "enterprise-account"}}}};
}

json ea_idp(const Account& a, const std::string& name) {
    if (name.empty() || a.enterprise_accounts.empty()) return nullptr;
    const auto& ea = a.enterprise_accounts.front();
    return idp(name, ea.id, ea.name);
}

json team_ref(const Account& a, int team) {
    if (team < 0) return nullptr;
    const auto& t = a.teams[static_cast<std::size_t>(team)];
    return {{"id", t.id}, {"name", t.name}};
}

json space_ref(const Account& a, int space, bool with_shield) {
    if (space < 0) return nullptr;
    const auto& s = a.spaces[static_cast<std::size_t>(space)];
    json j = {{"id", s.id}, {"name", s.name}};
    if (with_shield) j["shield"] = s.shield;
    return j;
}

json region_ref(const std::string& name) {
    return {{"id", name == "eu" ? "ed30241c-ed8c-4bb6-9714-61953675d0b4"
                                : "59accabd-516d-4f0e-83e6-6e3757701145"},
            {"name", name}};
}

json stack_ref(const std::string& name) {
    const char* id = name == "heroku-24"   ? "74cfe988-7527-4ca4-9e6f-1e8b7e3a1e20"
                     : name == "heroku-20" ? "0f6d34a8-3c1e-4a2b-9d7e-2b5c8e1f4a20"
                                           : "ba46bf09-7bd1-42fd-90df-a1a9a93eb4a2";
    return {{"id", id}, {"name", name}};
}

json app_ref(const App& app) { return {{"id", app.id}, {"name", app.name}}; }

json generation_ref(const std::string& name) {
    return {{"id", name == "fir" ? "9c1f3b4a-6d2e-4f8a-b7c5-0e1d2c3b4a59"
                                 : "2a1e4d0d-4b3c-4e52-9a7e-6a1a2f0c0e01"},
            {"name", name}};
}

json stack_item(const std::string& name, const std::string& state, bool is_default,
                const std::string& created_at) {
    json item = stack_ref(name);
    item["state"] = state;
    item["default"] = is_default;
    item["created_at"] = created_at;
    item["updated_at"] = created_at;
    return item;
}

std::string service_id(const std::string& service) {
    static const std::map<std::string, std::string> kIds = {
        {"heroku-postgresql", "6c67493d-8fc2-4cd4-9161-4f1ec11cbe69"},
        {"heroku-redis", "e5ca0f8f-5a55-4a8e-9a12-0c1bb4a7b1d2"},
        {"papertrail", "8a6c8b0e-8e0b-4bd2-a0a1-3a4c2d1f9e77"}};
    const auto it = kIds.find(service);
    return it == kIds.end() ? "00000000-0000-4000-8000-000000000000" : it->second;
}

}  // namespace

json error(const std::string& id, const std::string& message) {
    return {{"id", id}, {"message", message}};
}

json account(const Account& a) {
    const User& me = a.me();
    json default_team = a.teams.empty() ? json(nullptr) : team_ref(a, 0);
    return {{"allow_tracking", true},
            {"beta", false},
            {"created_at", me.created_at},
            {"email", me.email},
            {"federated", me.federated},
            {"id", me.id},
            {"identity_provider", ea_idp(a, me.identity_provider)},
            {"last_login", a.last_login},
            {"name", me.name},
            {"sms_number", "+1 ***-***-1234"},
            {"suspended_at", nullptr},
            {"delinquent_at", nullptr},
            {"two_factor_authentication", me.two_factor_authentication},
            {"updated_at", a.last_login},
            {"verified", true},
            {"country_of_residence", "United States"},
            {"default_organization", default_team},
            {"default_team", default_team}};
}

json team(const Account& a, const Team& t) {
    json ea = nullptr;
    if (t.enterprise_account >= 0) {
        const auto& e = a.enterprise_accounts[static_cast<std::size_t>(t.enterprise_account)];
        ea = {{"id", e.id}, {"name", e.name}};
    }
    return {{"id", t.id},
            {"created_at", t.created_at},
            {"credit_card_collections", t.type == "team"},
            {"default", false},
            {"enterprise_account", ea},
            {"identity_provider", ea_idp(a, t.identity_provider)},
            {"membership_limit", 25},
            {"name", t.name},
            {"provisioned_licenses", t.type == "enterprise"},
            {"role", t.role.empty() ? json(nullptr) : json(t.role)},
            {"type", t.type},
            {"updated_at", t.created_at}};
}

json team_preferences(const Team& t) {
    return {{"default-permission", t.default_permission},
            {"addons-controls", t.type == "enterprise"}};
}

json team_member(const Account& a, const TeamMember& m) {
    const User& u = a.users[m.user];
    return {{"created_at", m.created_at},
            {"email", u.email},
            {"federated", u.federated},
            {"id", m.id},
            {"identity_provider", u.federated ? ea_idp(a, u.identity_provider) : json(nullptr)},
            {"role", m.role},
            {"two_factor_authentication", u.two_factor_authentication},
            {"updated_at", m.created_at},
            {"user", {{"email", u.email}, {"id", u.id}, {"name", u.name}}}};
}

json team_invitation(const Account& a, const Team& t, const TeamInvitation& inv) {
    const User& by = a.users[inv.invited_by];
    const User& u = a.users[inv.user];
    return {{"created_at", inv.created_at},
            {"id", inv.id},
            {"invited_by", {{"email", by.email}, {"id", by.id}, {"name", by.name}}},
            {"team", {{"id", t.id}, {"name", t.name}}},
            {"role", inv.role},
            {"updated_at", inv.created_at},
            {"user", {{"email", u.email}, {"id", u.id}, {"name", u.name}}}};
}

json feature(const Feature& f, const std::string& created_at) {
    return {{"created_at", created_at},
            {"description", f.description},
            {"doc_url", "https://devcenter.heroku.com/articles/" + f.name},
            {"enabled", f.enabled},
            {"id", f.id},
            {"name", f.name},
            {"state", f.state},
            {"updated_at", created_at},
            {"display_name", f.name},
            {"feedback_email", "feedback@heroku.com"}};
}

json app(const Account& a, const App& app) {
    const User& owner = a.users[app.owner];
    return {{"acm", app.acm},
            {"archived_at", nullptr},
            {"buildpack_provided_description", "Ruby/Rack"},
            {"build_stack", stack_ref(app.stack)},
            {"created_at", app.created_at},
            {"generation", generation_ref(app.generation)},
            {"git_url", "https://git.heroku.com/" + app.name + ".git"},
            {"id", app.id},
            {"internal_routing", app.space >= 0 ? json(app.internal_routing) : json(nullptr)},
            {"maintenance", app.maintenance},
            {"name", app.name},
            {"owner", {{"email", owner.email}, {"id", owner.id}}},
            {"organization", team_ref(a, app.team)},
            {"team", team_ref(a, app.team)},
            {"region", region_ref(app.region)},
            {"released_at", app.released_at},
            {"repo_size", nullptr},
            {"slug_size", 52428800 + static_cast<std::int64_t>(app.index) * 1024},
            {"space", space_ref(a, app.space, true)},
            {"stack", stack_ref(app.stack)},
            {"updated_at", app.updated_at},
            {"web_url", "https://" + app.name + ".herokuapp.com/"}};
}

json team_app(const Account& a, const App& app) {
    json j = views::app(a, app);
    j.erase("organization");
    j.erase("generation");
    j["joined"] = app.joined;
    j["locked"] = app.locked;
    if (!j["space"].is_null()) j["space"].erase("shield");
    return j;
}

json collaborator(const Account& a, const App& app, const AppCollaborator& c, bool team_app) {
    const User& u = a.users[c.user];
    json perms = json::array();
    static const std::map<std::string, std::string> kDescriptions = {
        {"view", "Can view the app."},
        {"deploy", "Can deploy to the app and run one-off dynos."},
        {"operate", "Can change scale, restart dynos and toggle maintenance mode."},
        {"manage", "Can manage config vars, add-ons, domains, collaborators and app settings."}};
    for (const auto& p : c.permissions)
        perms.push_back({{"name", p}, {"description", kDescriptions.at(p)}});
    // Personal apps: no permissions (owner or collaborator); team apps: the member's permissions.
    if (!team_app) perms = json::array();
    return {{"app", app_ref(app)},
            {"created_at", c.created_at},
            {"id", c.id},
            {"permissions", perms},
            {"role", c.role},
            {"updated_at", c.created_at},
            {"user", {{"email", u.email}, {"federated", u.federated}, {"id", u.id}}}};
}

json permission_entity(const Account& a, const Team& t, const App& app) {
    json users = json::array();
    for (const auto& c : app.collaborators) {
        const User& u = a.users[c.user];
        users.push_back({{"email", u.email}, {"id", u.id}, {"permissions", c.permissions}});
    }
    return {
        {"id", app.id}, {"name", app.name}, {"team_id", t.id}, {"type", "app"}, {"users", users}};
}

json addon(const Account& a, const Addon& ad) {
    const App& app = a.apps[ad.app];
    return {{"actions", json::array()},
            {"addon_service", {{"id", service_id(ad.service)}, {"name", ad.service}}},
            {"billing_entity", {{"id", app.id}, {"name", app.name}, {"type", "app"}}},
            {"app", app_ref(app)},
            {"billed_price", {{"cents", 0}, {"contract", false}, {"unit", "month"}}},
            {"config_vars", ad.config_vars},
            {"created_at", ad.created_at},
            {"id", ad.id},
            {"name", ad.name},
            {"plan", {{"id", ad.id.substr(0, 24) + "00000000000a"}, {"name", ad.plan}}},
            {"provider_id", "resource" + ad.id.substr(0, 8)},
            {"provision_message", nullptr},
            {"state", ad.state},
            {"updated_at", ad.created_at},
            {"web_url", "https://addons-sso.heroku.com/apps/" + app.id + "/addons/" + ad.id}};
}

json addon_attachment(const Account& a, const Addon& ad, const AddonAttachment& att) {
    const App& owner = a.apps[ad.app];
    const App& app = a.apps[att.app];
    return {{"addon", {{"id", ad.id}, {"name", ad.name}, {"app", app_ref(owner)}}},
            {"app", app_ref(app)},
            {"created_at", att.created_at},
            {"id", att.id},
            {"name", att.name},
            {"namespace", nullptr},
            {"updated_at", att.created_at},
            {"web_url", "https://addons-sso.heroku.com/apps/" + app.id + "/addons/" + ad.id},
            {"log_input_url", att.log_input_url}};
}

json pipeline(const Account& a, const Pipeline& p) {
    json owner = p.team >= 0
                     ? json{{"id", a.teams[static_cast<std::size_t>(p.team)].id}, {"type", "team"}}
                     : json{{"id", a.me().id}, {"type", "user"}};
    return {{"created_at", p.created_at},
            {"id", p.id},
            {"name", p.name},
            {"owner", owner},
            {"updated_at", p.created_at},
            {"generation", {{"id", "2a1e4d0d-4b3c-4e52-9a7e-6a1a2f0c0e01"}, {"name", "cedar"}}}};
}

json review_app_config(const Pipeline& p, std::size_t index) {
    const bool in_space = index % 4 == 2;
    return {{"automatic_review_apps", index % 4 == 0},
            {"base_name", index % 4 == 0 ? json(p.name) : json(nullptr)},
            {"deploy_target",
             in_space ? json{{"id", p.id.substr(0, 24) + "00000000sp01"}, {"type", "space"}}
                      : json{{"id", "us"}, {"type", "region"}}},
            {"destroy_stale_apps", index % 4 == 0},
            {"pipeline_id", p.id},
            {"repo", {{"id", 100000 + static_cast<std::int64_t>(index)}}},
            {"stale_days", index % 4 == 0 ? 5 : 30},
            {"wait_for_ci", index % 4 != 0}};
}

json pipeline_coupling(const Account& a, const PipelineCoupling& c) {
    return {{"app", {{"id", a.apps[c.app].id}}},
            {"created_at", c.created_at},
            {"id", c.id},
            {"pipeline", {{"id", a.pipelines[c.pipeline].id}}},
            {"stage", c.stage},
            {"updated_at", c.created_at}};
}

json space(const Account& a, const Space& s) {
    const Team& t = a.teams[s.team];
    return {{"created_at", s.created_at},
            {"id", s.id},
            {"name", s.name},
            {"organization", {{"name", t.name}}},
            {"team", {{"id", t.id}, {"name", t.name}}},
            {"region", {{"id", "3e5d7a4c-0d9b-4b6a-8f1e-2c3d4e5f6a7b"}, {"name", s.region}}},
            {"shield", s.shield},
            {"state", "allocated"},
            {"updated_at", s.created_at},
            {"cidr", s.cidr},
            {"data_cidr", "10.250.0.0/16"},
            {"generation", generation_ref(s.generation)}};
}

json vpn_connection(const Space& s, const VpnConnection& v) {
    return {{"id", v.id},
            {"name", v.name},
            {"public_ip", "35.161.69.30"},
            {"routable_cidrs", json::array({"172.16.0.0/16"})},
            {"space_cidr_block", s.cidr},
            {"tunnels", json::array({{{"last_status_change", s.created_at},
                                      {"ip", "52.44.146.197"},
                                      {"customer_ip", "52.44.146.198"},
                                      {"pre_shared_key", v.pre_shared_key},
                                      {"status", "UP"},
                                      {"status_message", "status message"}}})},
            {"ike_version", 2},
            {"status", "active"},
            {"status_message", ""}};
}

json inbound_ruleset(const Account& a, const Space& s) {
    json rules = json::array();
    for (const auto& source : s.trusted_ranges)
        rules.push_back({{"action", "allow"}, {"source", source}});
    return {{"id", "7d0c4e2b-1a3f-4b5c-9d6e-" + s.id.substr(s.id.size() - 12)},
            {"space", {{"id", s.id}, {"name", s.name}}},
            {"created_at", s.created_at},
            {"created_by", a.me().email},
            {"rules", std::move(rules)}};
}

json space_peering(const Space& s, const SpacePeering& p) {
    return {{"type", p.type},
            {"pcx_id", p.pcx_id},
            {"cidr_blocks", json::array({p.cidr})},
            {"status", p.status},
            {"aws_vpc_id", "vpc-0" + s.cidr.substr(3, 1) + "1234567"},
            {"aws_region", s.region == "virginia" ? "us-east-1" : "us-west-2"},
            {"aws_account_id", "123456789012"},
            {"expires", nullptr}};
}

json space_nat(const Space& s) {
    return {{"created_at", s.created_at},
            {"sources", s.nat_sources},
            {"state", "enabled"},
            {"updated_at", s.created_at}};
}

json space_member(const Account& a, const Space& s, const SpaceMember& m) {
    const User& u = a.users[m.user];
    json permissions = json::array();
    for (const auto& p : m.permissions)
        permissions.push_back({{"name", p}, {"description", "may " + p + " in the space"}});
    return {{"space", {{"id", s.id}, {"name", s.name}}},
            {"created_at", s.created_at},
            {"id", s.id},
            {"permissions", std::move(permissions)},
            {"updated_at", s.created_at},
            {"user", {{"email", u.email}, {"id", u.id}}}};
}

json telemetry_drain(const TelemetryDrain& d, const std::string& owner_id,
                     const std::string& owner_type) {
    return {{"created_at", d.created_at},
            {"id", d.id},
            {"owner", {{"id", owner_id}, {"type", owner_type}}},
            {"signals", json::array({"traces", "metrics", "logs"})},
            {"exporter",
             {{"type", "otlphttp"},
              {"endpoint", d.endpoint},
              {"headers", {{"API-Key", d.api_key}, {"Environment", "production"}}}}},
            {"updated_at", d.created_at}};
}

json oauth_authorization(const Account& a, const OAuthAuthorization& auth) {
    const User& me = a.me();
    auto expiry = [](const std::optional<std::int64_t>& e) { return e ? json(*e) : json(nullptr); };
    json client = nullptr;
    if (auth.client >= 0) {
        const auto& c = a.oauth_clients[static_cast<std::size_t>(auth.client)];
        client = {{"id", c.id}, {"name", c.name}, {"redirect_uri", c.redirect_uri}};
    }
    json grant = nullptr;
    if (!auth.grant_code.empty())
        grant = {{"code", auth.grant_code},
                 {"expires_in", 300},
                 {"id", auth.id.substr(0, 24) + "0000000000a1"}};
    json refresh = nullptr;
    if (!auth.refresh_token.empty())
        refresh = {{"expires_in", nullptr},
                   {"id", auth.id.substr(0, 24) + "0000000000a2"},
                   {"token", auth.refresh_token}};
    return {{"access_token",
             {{"expires_in", expiry(auth.expires_in)},
              {"id", auth.access_token_id},
              {"token", auth.access_token}}},
            {"client", client},
            {"created_at", auth.created_at},
            {"description", auth.description},
            {"grant", grant},
            {"id", auth.id},
            {"refresh_token", refresh},
            {"scope", auth.scope},
            {"session", nullptr},
            {"updated_at", auth.created_at},
            {"user", {{"id", me.id}, {"email", me.email}, {"full_name", me.name}}}};
}

json oauth_client(const OAuthClient& c) {
    return {{"created_at", c.created_at},     {"id", c.id},
            {"ignores_delinquent", false},    {"name", c.name},
            {"redirect_uri", c.redirect_uri}, {"secret", c.secret},
            {"updated_at", c.created_at}};
}

json enterprise_account(const EnterpriseAccount& ea) {
    return {{"id", ea.id},
            {"created_at", ea.created_at},
            {"name", ea.name},
            {"updated_at", ea.created_at},
            {"permissions", ea.permissions},
            {"trial", false},
            {"partner_benefits", false},
            {"identity_provider", idp(ea.identity_provider, ea.id, ea.name)}};
}

json account_key(const Account& a, int n) {
    const User& me = a.me();
    static const char* kFingerprints[] = {"17:63:a4:ba:24:d3:7f:af:17:c8:94:82:7e:80:56:bf",
                                          "9a:2c:41:0e:5b:77:d1:08:c3:6f:e2:14:aa:93:5d:c0"};
    const std::string comment = n == 0 ? "avery@laptop" : "avery@ci-runner";
    return {{"comment", comment},
            {"created_at", me.created_at},
            {"email", me.email},
            {"fingerprint", kFingerprints[n % 2]},
            {"id", me.id.substr(0, 24) + "00000000000" + std::to_string(n % 10)},
            {"public_key", a.ssh_public_keys.at(static_cast<std::size_t>(n)) + " " + comment},
            {"updated_at", me.created_at}};
}

json stacks() {
    return json::array({stack_item("heroku-20", "deprecated", false, "2020-05-01T00:00:00Z"),
                        stack_item("heroku-22", "public", false, "2022-05-01T00:00:00Z"),
                        stack_item("heroku-24", "public", true, "2024-05-01T00:00:00Z")});
}

json identity_provider(const Account& a, const Team& t, const std::string& certificate) {
    const auto& ea = a.enterprise_accounts.front();
    return {{"certificate", certificate},
            {"created_at", t.created_at},
            {"entity_id", "https://sso.acme.example/saml/metadata"},
            {"id", ea.id.substr(0, 24) + "0000000000d1"},
            {"slo_target_url", "https://sso.acme.example/saml/logout"},
            {"sso_target_url", "https://sso.acme.example/saml/login"},
            {"organization", {{"name", t.name}}},
            {"updated_at", t.created_at},
            {"owner", {{"id", ea.id}, {"name", ea.name}, {"type", "enterprise-account"}}}};
}

json enterprise_member(const Account& a, const EnterpriseAccount& ea, const EnterpriseMember& m) {
    static const std::map<std::string, std::string> kDescriptions = {
        {"view", "View enterprise account members and teams."},
        {"create", "Create new teams."},
        {"manage", "Manage enterprise account members and teams."},
        {"billing", "View invoices and usage."}};
    const User& u = a.users[m.user];
    json perms = json::array();
    for (const auto& p : m.permissions)
        perms.push_back({{"description", kDescriptions.at(p)}, {"name", p}});
    return {{"enterprise_account", {{"id", ea.id}, {"name", ea.name}}},
            {"id", m.id},
            {"permissions", perms},
            {"user", {{"email", u.email}, {"id", u.id}}},
            {"two_factor_authentication", u.two_factor_authentication},
            {"identity_provider",
             u.federated ? idp(u.identity_provider, ea.id, ea.name) : json(nullptr)}};
}

json app_transfer(const Account& a, const AppTransfer& t) {
    const App& app = a.apps[t.app];
    const User& owner = a.users[app.owner];
    const User& to = a.users[t.recipient];
    return {{"app", app_ref(app)},
            {"created_at", t.created_at},
            {"id", t.id},
            {"owner", {{"email", owner.email}, {"id", owner.id}}},
            {"recipient", {{"email", to.email}, {"id", to.id}}},
            {"state", t.state},
            {"updated_at", t.created_at}};
}

json allowed_addon_service(const Account& a, const AllowedAddonService& s) {
    const User& by = a.users[s.added_by];
    return {{"added_at", s.added_at},
            {"added_by", {{"email", by.email}, {"id", by.id}}},
            {"addon_service",
             {{"id", service_id(s.service)},
              {"name", s.service},
              {"human_name",
               s.service == "heroku-redis" ? "Heroku Key-Value Store" : "Heroku Postgres"}}},
            {"id", s.id}};
}

}  // namespace iru::fake::views

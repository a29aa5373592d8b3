// The simulated Heroku account a FakeHeroku serves: account-wide resources as plain data.
// Built once by generate_account() and immutable afterwards, so any thread may read it.
// Per-app detail resources (dynos, config vars, releases, ...) are not stored: they are derived
// on demand and deterministically from the app (see app_details in src/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace iru::fake {

// What to generate. The same spec (seed included) always gives the same account.
struct AccountSpec {
    int apps = 50;             // total apps, personal and team
    int teams = 3;             // token user's role cycles admin, member, collaborator
    int members_per_team = 8;  // besides the token user
    std::uint64_t seed = 1;
    double personal_apps_share = 0.2;  // share of apps owned by the token user outside any team
    int releases_per_app = 5;
    // Lifetime left of the token in use as /oauth/authorizations reports it (seconds; nullopt: no
    // expiry).
    std::optional<std::int64_t> token_expires_in = 30LL * 24 * 3600;
    std::string token = "HRKU-test-token-IRU-SECRET-MARKER-token";
};

struct User {
    std::string id;
    std::string email;
    std::string name;
    bool two_factor_authentication = true;
    bool federated = false;
    std::string identity_provider;  // name of the IdP for federated users, empty otherwise
    std::string created_at;
};

struct TeamMember {
    std::string id;        // membership id
    std::size_t user = 0;  // index into Account::users
    std::string role;      // admin | member | collaborator | viewer
    std::string created_at;
};

struct TeamInvitation {
    std::string id;
    std::size_t user = 0;  // invitee
    std::size_t invited_by = 0;
    std::string role;
    std::string created_at;
};

// An add-on service a team allows (enterprise teams with add-on controls).
struct AllowedAddonService {
    std::string id;
    std::string service;       // heroku-postgresql, ...
    std::size_t added_by = 0;  // user index
    std::string added_at;
};

struct Team {
    std::string id;
    std::string name;
    std::string type;                 // team | enterprise
    std::string role;                 // the token user's role: admin | member | collaborator
    int enterprise_account = -1;      // index into Account::enterprise_accounts, -1 none
    std::string identity_provider;    // empty: none
    std::string default_permission;   // team preference "default-permission"
    std::vector<TeamMember> members;  // the token user included (sorted by email when served)
    std::vector<TeamInvitation> invitations;
    std::vector<AllowedAddonService> allowed_addon_services;  // enterprise teams only
    std::vector<std::size_t> apps;                            // indexes into Account::apps
    std::string created_at;
};

struct AppCollaborator {
    std::string id;
    std::size_t user = 0;
    std::string role;                      // owner | collaborator | admin | member | viewer
    std::vector<std::string> permissions;  // team apps: view, deploy, operate, manage
    std::string created_at;
};

struct App {
    std::size_t index = 0;
    std::string id;
    std::string name;
    int team = -1;          // index into Account::teams, -1 personal
    std::size_t owner = 0;  // user index (team apps: a team admin)
    bool joined = false;    // team apps: the token user joined it
    bool locked = false;
    bool in_apps_list = false;         // listed by GET /apps for the token user
    int space = -1;                    // index into Account::spaces
    std::string generation = "cedar";  // its space's generation (cedar outside a space)
    std::string region;
    std::string stack;
    bool maintenance = false;
    bool acm = false;
    bool internal_routing = false;
    std::string created_at;
    std::string updated_at;  // unique per app (pagination by updated_at is unambiguous)
    std::string released_at;
    std::vector<AppCollaborator> collaborators;
};

struct AddonAttachment {
    std::string id;
    std::string name;  // DATABASE, REDIS, ...
    std::size_t app = 0;
    std::string log_input_url;  // secret
    std::string created_at;
};

struct Addon {
    std::string id;
    std::string name;
    std::size_t app = 0;
    std::string service;
    std::string plan;
    std::string state;
    std::vector<std::string> config_vars;
    std::vector<AddonAttachment> attachments;
    std::string created_at;
};

struct Pipeline {
    std::string id;
    std::string name;
    int team = -1;  // owner team, -1: owned by the token user
    std::string created_at;
    // /pipelines/{p}/review-app-config answers this configuration; false: 404 (no review apps).
    bool review_apps = false;
};

struct PipelineCoupling {
    std::string id;
    std::size_t pipeline = 0;
    std::size_t app = 0;
    std::string stage;  // review | development | staging | production
    std::string created_at;
};

struct VpnConnection {
    std::string id;
    std::string name;
    std::string pre_shared_key;  // secret
};

// A telemetry drain (Fir generation only): its exporter's endpoint carries secret-marked URL
// user-info and query, its header value is a secret API key.
struct TelemetryDrain {
    std::string id;
    std::string endpoint;  // secret-marked user-info and query
    std::string api_key;   // secret: the exporter's "API-Key" header value
    std::string created_at;
};

struct SpacePeering {
    std::string pcx_id;
    std::string type;  // heroku-managed | customer-managed
    std::string status;
    std::string cidr;
};

struct SpaceMember {
    std::size_t user = 0;                  // index into Account::users
    std::vector<std::string> permissions;  // create_apps, manage, ...
};

// A private space. Its generation decides what it serves: cedar spaces have VPN connections,
// peerings and NAT and no telemetry drains (404); fir spaces have telemetry drains and answer 422
// for VPN connections, peerings and NAT. Both have an inbound ruleset and members.
struct Space {
    std::string id;
    std::string name;
    std::size_t team = 0;
    std::string region;
    bool shield = false;
    std::string cidr;
    std::string created_at;
    std::string generation = "cedar";  // cedar | fir
    std::vector<VpnConnection> vpn_connections;
    std::vector<std::string> trusted_ranges;  // inbound ruleset: allowed sources (CIDR)
    std::vector<SpacePeering> peerings;
    std::vector<std::string> nat_sources;
    std::vector<SpaceMember> members;
    std::vector<TelemetryDrain> telemetry_drains;
};

struct OAuthAuthorization {
    std::string id;
    std::string description;
    std::vector<std::string> scope;
    std::string access_token_id;
    std::string access_token;  // secret (the token in use for the first authorization)
    std::optional<std::int64_t> expires_in;
    std::string refresh_token;  // secret; empty: none
    std::string grant_code;     // secret; empty: none
    int client = -1;            // index into Account::oauth_clients
    std::string created_at;
};

struct OAuthClient {
    std::string id;
    std::string name;
    std::string redirect_uri;
    std::string secret;  // secret
    std::string created_at;
};

struct EnterpriseMember {
    std::string id;
    std::size_t user = 0;
    std::vector<std::string> permissions;  // view, create, manage, billing
};

struct EnterpriseAccount {
    std::string id;
    std::string name;
    std::vector<std::string> permissions;  // the token user's
    std::string identity_provider;
    std::vector<EnterpriseMember> members;
    std::string created_at;
    // Teams of the enterprise account the token user is not a member of: listed by
    // /enterprise-accounts/{ea}/teams only (role empty, no members, no apps).
    std::vector<Team> teams_not_joined;
};

struct Feature {
    std::string id;
    std::string name;
    std::string description;
    bool enabled = false;
    std::string state;  // public | beta | alpha
};

struct AppTransfer {
    std::string id;
    std::size_t app = 0;        // index into Account::apps (a personal app of the token user)
    std::size_t recipient = 0;  // user index
    std::string state;          // pending | accepted | declined
    std::string created_at;
};

struct Account {
    AccountSpec spec;
    std::vector<User> users;  // users[0] is the token's user
    std::string last_login;
    std::vector<Team> teams;
    std::vector<App> apps;
    std::vector<Addon> addons;
    std::vector<Pipeline> pipelines;
    std::vector<PipelineCoupling> couplings;
    std::vector<Space> spaces;
    std::vector<OAuthAuthorization> authorizations;  // [0] is the token in use
    std::vector<OAuthClient> oauth_clients;
    std::vector<EnterpriseAccount> enterprise_accounts;
    std::vector<Feature> account_features;
    std::vector<Feature> team_features;
    std::vector<AppTransfer> app_transfers;
    std::vector<std::string> ssh_public_keys;  // secret-marked bodies of /account/keys

    const User& me() const { return users.front(); }
    // nullptr when no app / team has that id or name.
    const App* find_app(const std::string& id_or_name) const;
    const Team* find_team(const std::string& id_or_name) const;
    const EnterpriseAccount* find_enterprise_account(const std::string& id_or_name) const;
    const Space* find_space(const std::string& id_or_name) const;

    // Id and name to index; filled by generate_account().
    std::unordered_map<std::string, std::size_t> app_lookup;
    std::unordered_map<std::string, std::size_t> team_lookup;
};

// Deterministic for a spec; fast for thousands of apps. Throws std::invalid_argument for
// a spec out of range (negative counts, more than 100,000 apps or 1,000 teams).
Account generate_account(const AccountSpec& spec);

}  // namespace iru::fake

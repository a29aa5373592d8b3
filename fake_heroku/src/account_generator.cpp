// generate_account(): builds the whole account-wide model from an AccountSpec, deterministically.
// Team roles of the token user cycle admin, member, collaborator so every access path exists.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fake_heroku/account.hpp"
#include "ids.hpp"

namespace iru::fake {
namespace {

constexpr std::string_view kFirstNames[] = {
    "avery",  "blake",  "casey", "devon",  "emery", "finley", "gray",   "harper", "indigo",
    "jordan", "kai",    "logan", "morgan", "noel",  "oakley", "parker", "quinn",  "reese",
    "sage",   "taylor", "uma",   "val",    "wren",  "xan",    "yael",   "zion"};
constexpr std::string_view kLastNames[] = {
    "adams", "baker",  "chen",   "diaz",  "evans", "fischer", "garcia", "hughes",
    "ito",   "jensen", "khan",   "lopez", "mori",  "novak",   "okafor", "perez",
    "rossi", "silva",  "tanaka", "urban", "vogel", "weber",   "young",  "zhang"};
constexpr std::string_view kAdjectives[] = {"polar",  "quiet", "rapid", "sunny", "tidal", "amber",
                                            "brave",  "crisp", "dusty", "eager", "fuzzy", "gentle",
                                            "hidden", "icy",   "jolly", "lunar"};
constexpr std::string_view kNouns[] = {"lake",    "river",  "falcon", "meadow", "harbor", "canyon",
                                       "forest",  "summit", "island", "comet",  "delta",  "glacier",
                                       "prairie", "reef",   "ridge",  "grove"};
constexpr std::string_view kTeamWords[] = {"platform", "payments", "data",   "mobile",
                                           "growth",   "identity", "search", "billing",
                                           "infra",    "analytics"};

std::string capitalize(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string date_at(std::int64_t offset_seconds) { return rfc3339(kEpochBase + offset_seconds); }

std::vector<std::string> team_permissions_for(const std::string& role) {
    if (role == "admin") return {"deploy", "manage", "operate", "view"};
    if (role == "member") return {"deploy", "operate", "view"};
    if (role == "collaborator") return {"deploy", "view"};
    return {"view"};
}

class Generator {
public:
    explicit Generator(const AccountSpec& spec) : spec_(spec), rng_(mix_seed(spec.seed, 0)) {
        account_.spec = spec;
    }

    Account run() {
        make_me();
        make_user_pool();
        make_enterprise_and_teams();
        make_spaces();
        make_apps();
        give_fir_spaces_an_app();
        make_addons();
        make_pipelines();
        make_oauth();
        make_features();
        make_enterprise_members();
        make_account_extras();
        build_lookups();
        return std::move(account_);
    }

private:
    User new_user(std::size_t n) {
        User u;
        u.id = rng_.uuid();
        const std::string first(rng_.pick(kFirstNames));
        const std::string last(rng_.pick(kLastNames));
        u.name = capitalize(first) + " " + capitalize(last);
        u.email = first + "." + last + "." + std::to_string(n) + "@example.com";
        u.two_factor_authentication = !rng_.chance(0.2);
        u.federated = rng_.chance(0.25);
        if (u.federated) u.identity_provider = "acme-sso";
        u.created_at = date_at(-static_cast<std::int64_t>(rng_.between(30, 900)) * 86400);
        return u;
    }

    void make_me() {
        User me;
        me.id = rng_.uuid();
        me.name = "Avery Quinn";
        me.email = "avery.quinn@example.com";
        me.two_factor_authentication = true;
        me.federated = false;
        me.created_at = date_at(-1000LL * 86400);
        account_.users.push_back(me);
        account_.last_login = date_at(86400 * 30 + 3600 * 9);
    }

    void make_user_pool() {
        const std::size_t pool = static_cast<std::size_t>(
            std::max(spec_.members_per_team * 2, spec_.teams * spec_.members_per_team / 2) + 4);
        for (std::size_t i = 1; i <= pool; ++i) account_.users.push_back(new_user(i));
        pool_end_ = account_.users.size();
    }

    void make_enterprise_and_teams() {
        if (spec_.teams > 0) {
            EnterpriseAccount ea;
            ea.id = rng_.uuid();
            ea.name = "acme-enterprise";
            ea.permissions = {"view", "create", "manage"};
            ea.identity_provider = "acme-sso";
            ea.created_at = date_at(-700LL * 86400);
            Team legal;
            legal.id = rng_.uuid();
            legal.name = "acme-legal";
            legal.type = "enterprise";
            legal.enterprise_account = 0;
            legal.default_permission = "viewer";
            legal.created_at = date_at(-650LL * 86400);
            ea.teams_not_joined.push_back(std::move(legal));
            account_.enterprise_accounts.push_back(ea);
        }
        for (int t = 0; t < spec_.teams; ++t) {
            Team team;
            team.id = rng_.uuid();
            team.name = "acme-";
            team.name.append(kTeamWords[static_cast<std::size_t>(t) % std::size(kTeamWords)]);
            if (t >= static_cast<int>(std::size(kTeamWords)))
                team.name.append("-").append(std::to_string(t));
            static const char* roles[] = {"admin", "member", "collaborator"};
            team.role = roles[t % 3];
            team.type = (t % 2 == 0) ? "enterprise" : "team";
            if (team.type == "enterprise") {
                team.enterprise_account = 0;
                team.identity_provider = "acme-sso";
            }
            team.default_permission = (t % 2 == 0) ? "member" : "viewer";
            team.created_at = date_at(-static_cast<std::int64_t>(600 - t) * 86400);

            // Members: the token user with its role, then distinct users from the pool.
            team.members.push_back({rng_.uuid(), 0, team.role, date_at(-500LL * 86400)});
            std::vector<std::size_t> chosen;
            const std::size_t want = static_cast<std::size_t>(std::max(0, spec_.members_per_team));
            const std::size_t pool = pool_end_ - 1;
            std::size_t start = static_cast<std::size_t>(rng_.next() % pool);
            for (std::size_t k = 0; k < want && k < pool; ++k)
                chosen.push_back(1 + (start + k * 7) % pool);
            std::sort(chosen.begin(), chosen.end());
            chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
            bool first = true;
            for (std::size_t u : chosen) {
                std::string role;
                if (first)
                    role = "admin";
                else {
                    const int r = rng_.between(0, 99);
                    role = r < 12   ? "admin"
                           : r < 70 ? "member"
                           : r < 85 ? "collaborator"
                                    : "viewer";
                }
                first = false;
                team.members.push_back(
                    {rng_.uuid(), u, role,
                     date_at(-static_cast<std::int64_t>(rng_.between(1, 400)) * 86400)});
            }
            // Pending invitations of people not yet on the team.
            const int invites = 1 + t % 2;
            for (int k = 0; k < invites; ++k) {
                User invitee = new_user(account_.users.size());
                invitee.email =
                    "invitee." + std::to_string(t) + "." + std::to_string(k) + "@example.org";
                account_.users.push_back(invitee);
                team.invitations.push_back({rng_.uuid(), account_.users.size() - 1,
                                            team_admin(team), k == 0 ? "member" : "viewer",
                                            date_at(-static_cast<std::int64_t>(k + 2) * 86400)});
            }
            account_.teams.push_back(std::move(team));
        }
    }

    static std::size_t team_admin(const Team& team) {
        for (const auto& m : team.members)
            if (m.role == "admin" && m.user != 0) return m.user;
        return team.members.front().user;
    }

    void make_spaces() {
        for (std::size_t t = 0; t < account_.teams.size(); t += 2) {
            Space s;
            s.id = rng_.uuid();
            s.team = t;
            s.name = account_.teams[t].name + "-space";
            s.shield = (t / 2) % 2 == 1;
            s.region = s.shield ? "virginia" : "oregon";
            s.cidr = "10." + std::to_string(t % 250) + ".0.0/16";
            s.created_at = date_at(-300LL * 86400);
            s.generation = (t / 2) % 2 == 1 ? "fir" : "cedar";
            make_network_boundary(s);
            account_.spaces.push_back(std::move(s));
        }
    }

    // A space's own endpoints, from a stream of its own (the rest of the account is unchanged).
    void make_network_boundary(Space& s) const {
        Rng rng(mix_seed(spec_.seed, 6'000'000 + s.team));
        const std::string tag = "space-" + std::to_string(s.team);
        s.trusted_ranges = {"0.0.0.0/0", "203.0.113." + std::to_string(s.team % 250) + "/32"};
        const Team& team = account_.teams[s.team];
        for (std::size_t m = 0; m < team.members.size() && m < 3; ++m)
            s.members.push_back(
                {team.members[m].user, m == 0 ? std::vector<std::string>{"create_apps", "manage"}
                                              : std::vector<std::string>{"create_apps"}});
        // Two of each list, so that a collection paging one item at a time meets a second page.
        if (s.generation == "fir") {
            for (const char* suffix : {"", "-2"}) {
                const auto marker = [&](const char* part) {
                    return secret_marker(
                        std::string(tag).append("-otel-").append(part).append(suffix));
                };
                s.telemetry_drains.push_back(
                    {rng.uuid(),
                     "https://otel:" + marker("userinfo") +
                         "@otel.example-observability.com:4318/v1?api_key=" + marker("query"),
                     marker("header"), date_at(-200LL * 86400)});
            }
            return;
        }
        const std::string n = std::to_string(s.team);
        s.vpn_connections.push_back({std::to_string(100000000000ULL + s.team), "office-" + n,
                                     secret_marker("vpn-" + n + "-psk")});
        s.vpn_connections.push_back({std::to_string(200000000000ULL + s.team), "datacenter-" + n,
                                     secret_marker("vpn-" + n + "-psk-2")});
        s.peerings.push_back({"pcx-" + std::to_string(100000 + rng.between(0, 899999)),
                              "customer-managed", "active", "172.31.0.0/16"});
        s.peerings.push_back({"pcx-" + std::to_string(1000000 + rng.between(0, 8999999)),
                              "heroku-managed", "active", "172.30.0.0/16"});
        s.nat_sources = {"52.0.0." + std::to_string(1 + s.team % 250),
                         "52.0.1." + std::to_string(1 + s.team % 250)};
    }

    int space_of_team(std::size_t team) const {
        for (std::size_t i = 0; i < account_.spaces.size(); ++i)
            if (account_.spaces[i].team == team) return static_cast<int>(i);
        return -1;
    }

    // Every fir space holds at least one fir app the token user sees in GET /apps (its telemetry
    // drains are read per app): the team's first app moves there when chance put none.
    void give_fir_spaces_an_app() {
        for (std::size_t i = 0; i < account_.spaces.size(); ++i) {
            const Space& s = account_.spaces[i];
            if (s.generation != "fir") continue;
            App* first = nullptr;
            bool has_app = false;
            for (auto& app : account_.apps) {
                if (app.team != static_cast<int>(s.team)) continue;
                if (first == nullptr && app.in_apps_list) first = &app;
                has_app = has_app || (app.space == static_cast<int>(i) && app.in_apps_list);
            }
            if (has_app || first == nullptr) continue;
            first->space = static_cast<int>(i);
            first->region = s.region;
            first->generation = s.generation;
        }
    }

    void make_apps() {
        const int n = spec_.apps;
        const int personal = account_.teams.empty()
                                 ? n
                                 : static_cast<int>(std::lround(
                                       n * std::clamp(spec_.personal_apps_share, 0.0, 1.0)));
        account_.apps.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            App app;
            app.index = static_cast<std::size_t>(i);
            app.id = rng_.uuid();
            app.name = std::string(rng_.pick(kAdjectives));
            app.name.append("-")
                .append(rng_.pick(kNouns))
                .append("-")
                .append(std::to_string(10000 + i));
            app.region = rng_.chance(0.7) ? "us" : "eu";
            app.stack = rng_.chance(0.8) ? "heroku-24" : i % 3 == 0 ? "heroku-20" : "heroku-22";
            app.maintenance = rng_.chance(0.05);
            app.acm = rng_.chance(0.5);
            const std::int64_t created = -static_cast<std::int64_t>(rng_.between(10, 800)) * 86400;
            app.created_at = date_at(created);
            app.updated_at = date_at(i * 37 + 3600);  // unique per app
            app.released_at = date_at(i * 37 + 1800);
            if (i < personal) {
                app.team = -1;
                app.owner = 0;
                app.in_apps_list = true;
                app.collaborators.push_back({rng_.uuid(), 0, "owner", {}, app.created_at});
                const int extra = rng_.between(0, 2);
                for (int k = 0; k < extra; ++k) {
                    const std::size_t u =
                        1 + static_cast<std::size_t>(rng_.next() % (pool_end_ - 1));
                    if (has_collaborator(app, u)) continue;
                    app.collaborators.push_back(
                        {rng_.uuid(), u, "collaborator", {}, app.created_at});
                }
            } else {
                const std::size_t t =
                    static_cast<std::size_t>(i - personal) % account_.teams.size();
                Team& team = account_.teams[t];
                app.team = static_cast<int>(t);
                app.owner = team_admin(team);
                app.locked = rng_.chance(0.1);
                const int space = space_of_team(t);
                if (space >= 0 && rng_.chance(0.15)) {
                    app.space = space;
                    app.internal_routing = rng_.chance(0.3);
                    app.region = account_.spaces[static_cast<std::size_t>(space)].region;
                    app.generation = account_.spaces[static_cast<std::size_t>(space)].generation;
                }
                if (team.role == "collaborator")
                    app.joined = true;  // only shared apps are visible
                else
                    app.joined = rng_.chance(0.4);
                app.in_apps_list = app.joined;
                // Team admins have every permission; some others get explicit access.
                for (const auto& m : team.members) {
                    const bool me = m.user == 0;
                    if (m.role == "admin") {
                        app.collaborators.push_back({rng_.uuid(), m.user, "admin",
                                                     team_permissions_for("admin"),
                                                     app.created_at});
                    } else if (me && app.joined) {
                        app.collaborators.push_back(
                            {rng_.uuid(), 0, m.role, team_permissions_for(m.role), app.created_at});
                    } else if (!me && rng_.chance(0.25)) {
                        app.collaborators.push_back({rng_.uuid(), m.user, m.role,
                                                     team_permissions_for(m.role), app.created_at});
                    }
                }
                team.apps.push_back(app.index);
            }
            account_.apps.push_back(std::move(app));
        }
    }

    static bool has_collaborator(const App& app, std::size_t user) {
        return std::any_of(app.collaborators.begin(), app.collaborators.end(),
                           [&](const AppCollaborator& c) { return c.user == user; });
    }

    void make_addons() {
        for (const auto& app : account_.apps) {
            const std::size_t i = app.index;
            auto add = [&](const std::string& service, const std::string& plan,
                           const std::string& var, const std::string& attach_name) {
                Addon a;
                a.id = rng_.uuid();
                a.name = service.substr(0, service.find('-'));
                a.name.append("-")
                    .append(kNouns[i % std::size(kNouns)])
                    .append("-")
                    .append(std::to_string(i));
                a.name.append("-").append(std::to_string(account_.addons.size()));
                a.app = i;
                a.service = service;
                a.plan = service;
                a.plan.append(":").append(plan);
                a.state = "provisioned";
                a.config_vars = {var};
                a.created_at = app.created_at;
                const std::string sid = "att-" + std::to_string(account_.addons.size());
                a.attachments.push_back(
                    {rng_.uuid(), attach_name, i,
                     "https://token:" + secret_marker(sid) + "@1.us.logplex.io/logs",
                     app.created_at});
                if (i % 6 == 0 && account_.apps.size() > 1) {
                    const std::size_t other = (i + 1) % account_.apps.size();
                    a.attachments.push_back({rng_.uuid(), "SHARED_" + attach_name, other,
                                             "https://token:" + secret_marker(sid + "-shared") +
                                                 "@1.us.logplex.io/logs",
                                             app.created_at});
                }
                account_.addons.push_back(std::move(a));
            };
            if (i % 3 == 0) add("heroku-postgresql", "essential-0", "DATABASE_URL", "DATABASE");
            if (i % 5 == 0) add("heroku-redis", "mini", "REDIS_URL", "REDIS");
            if (i % 7 == 0) add("papertrail", "choklad", "PAPERTRAIL_API_TOKEN", "PAPERTRAIL");
        }
    }

    void make_pipelines() {
        const std::size_t n = account_.apps.size();
        if (n == 0) return;
        const std::size_t count = std::max<std::size_t>(1, n / 10);
        for (std::size_t p = 0; p < count; ++p) {
            Pipeline pl;
            pl.id = rng_.uuid();
            pl.name = "pipeline-";
            pl.name.append(kNouns[p % std::size(kNouns)]).append("-").append(std::to_string(p));
            pl.created_at = date_at(-200LL * 86400);
            pl.review_apps = p % 2 == 0;
            account_.pipelines.push_back(pl);
        }
        static const char* stages[] = {"development", "staging", "production"};
        for (std::size_t i = 0; i < n; ++i) {
            if (i % 4 == 3) continue;
            const std::size_t p = (i / 4) % count;
            if (i % 4 == 0 && account_.pipelines[p].team < 0)
                account_.pipelines[p].team = account_.apps[i].team;
            account_.couplings.push_back(
                {rng_.uuid(), p, i, stages[i % 4], account_.apps[i].created_at});
        }
    }

    void make_oauth() {
        account_.oauth_clients.push_back(
            {rng_.uuid(), "acme-deploy-bot", "https://deploy.example.com/auth/heroku/callback",
             secret_marker("oauth-client-0-secret"), date_at(-100LL * 86400)});
        // A second client from a stream of its own, so the rest of the account is unchanged.
        Rng clients(mix_seed(spec_.seed, 7'000'000));
        account_.oauth_clients.push_back(
            {clients.uuid(), "acme-audit-reporter", "https://reports.example.com/oauth/callback",
             secret_marker("oauth-client-1-secret"), date_at(-40LL * 86400)});
        OAuthAuthorization in_use;
        in_use.id = rng_.uuid();
        in_use.description = "Iru Compliance";
        in_use.scope = {"global"};
        in_use.access_token_id = rng_.uuid();
        in_use.access_token = spec_.token;
        in_use.expires_in = spec_.token_expires_in;
        in_use.created_at = date_at(-20LL * 86400);
        account_.authorizations.push_back(in_use);

        OAuthAuthorization cli;
        cli.id = rng_.uuid();
        cli.description = "Heroku CLI login from laptop";
        cli.scope = {"global"};
        cli.access_token_id = rng_.uuid();
        cli.access_token = "HRKU-" + secret_marker("oauth-1-access");
        cli.expires_in = 8 * 3600;
        cli.refresh_token = "HRKU-" + secret_marker("oauth-1-refresh");
        cli.created_at = date_at(-1LL * 86400);
        account_.authorizations.push_back(cli);

        OAuthAuthorization app_auth;
        app_auth.id = rng_.uuid();
        app_auth.description = "acme-deploy-bot";
        app_auth.scope = {"read", "write"};
        app_auth.access_token_id = rng_.uuid();
        app_auth.access_token = "HRKU-" + secret_marker("oauth-2-access");
        app_auth.expires_in = 28800;
        app_auth.refresh_token = "HRKU-" + secret_marker("oauth-2-refresh");
        app_auth.grant_code = secret_marker("oauth-2-grant");
        app_auth.client = 0;
        app_auth.created_at = date_at(-100LL * 86400);
        account_.authorizations.push_back(app_auth);
    }

    void make_features() {
        auto feature = [&](const std::string& name, const std::string& description, bool enabled,
                           const std::string& state) {
            return Feature{rng_.uuid(), name, description, enabled, state};
        };
        account_.account_features = {
            feature("account-first-app", "Account feature used in tests.", true, "public"),
            feature("dashboard-metrics", "Metrics in the Dashboard.", false, "beta"),
            feature("spaces-strict-tls", "Strict TLS for Private Spaces.", true, "public")};
        account_.team_features = {
            feature("team-internal-routing", "Internal routing for team apps.", true, "public"),
            feature("sso-enforcement", "Require SSO for all members.", false, "beta"),
            feature("preview-addons", "Early access to add-ons.", false, "alpha")};
    }

    void make_enterprise_members() {
        if (account_.enterprise_accounts.empty()) return;
        EnterpriseAccount& ea = account_.enterprise_accounts.front();
        ea.members.push_back({rng_.uuid(), 0, {"view", "create", "manage"}});
        std::vector<std::size_t> users;
        for (const auto& team : account_.teams)
            if (team.enterprise_account == 0)
                for (const auto& m : team.members)
                    if (m.user != 0) users.push_back(m.user);
        std::sort(users.begin(), users.end());
        users.erase(std::unique(users.begin(), users.end()), users.end());
        for (std::size_t u : users) {
            std::vector<std::string> perms = {"view"};
            if (rng_.chance(0.1)) perms = {"view", "create", "manage", "billing"};
            ea.members.push_back({rng_.uuid(), u, perms});
        }
    }

    // App transfers of personal apps, allowed add-on services of enterprise teams, SSH keys.
    void make_account_extras() {
        static const char* states[] = {"pending", "pending", "declined"};
        int n = 0;
        for (const auto& app : account_.apps) {
            if (app.team >= 0 || app.index % 4 != 1 || n >= 3) continue;
            const std::size_t recipient =
                1 + static_cast<std::size_t>(rng_.next() % (pool_end_ - 1));
            account_.app_transfers.push_back({rng_.uuid(), app.index, recipient, states[n % 3],
                                              date_at(-static_cast<std::int64_t>(n + 1) * 86400)});
            ++n;
        }
        for (auto& team : account_.teams) {
            if (team.type != "enterprise") continue;
            for (const char* service : {"heroku-postgresql", "heroku-redis"})
                team.allowed_addon_services.push_back(
                    {rng_.uuid(), service, team_admin(team), date_at(-50LL * 86400)});
        }
        for (int k = 0; k < 2; ++k)
            account_.ssh_public_keys.push_back("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5" +
                                               secret_marker("ssh-key-" + std::to_string(k)));
    }

    void build_lookups() {
        for (std::size_t i = 0; i < account_.apps.size(); ++i) {
            account_.app_lookup.emplace(account_.apps[i].id, i);
            account_.app_lookup.emplace(account_.apps[i].name, i);
        }
        for (std::size_t i = 0; i < account_.teams.size(); ++i) {
            account_.team_lookup.emplace(account_.teams[i].id, i);
            account_.team_lookup.emplace(account_.teams[i].name, i);
        }
    }

    const AccountSpec& spec_;
    Rng rng_;
    Account account_;
    std::size_t pool_end_ = 1;
};

}  // namespace

Account generate_account(const AccountSpec& spec) {
    if (spec.apps < 0 || spec.apps > 100'000) throw std::invalid_argument("apps must be 0..100000");
    if (spec.teams < 0 || spec.teams > 1'000) throw std::invalid_argument("teams must be 0..1000");
    if (spec.members_per_team < 0 || spec.members_per_team > 1'000)
        throw std::invalid_argument("members_per_team must be 0..1000");
    if (spec.releases_per_app < 1 || spec.releases_per_app > 1'000)
        throw std::invalid_argument("releases_per_app must be 1..1000");
    if (spec.token.empty()) throw std::invalid_argument("token must not be empty");
    return Generator(spec).run();
}

}  // namespace iru::fake

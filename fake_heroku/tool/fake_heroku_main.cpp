// fake-heroku: serves a generated Heroku account on loopback until SIGINT or SIGTERM.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <pthread.h>

#include "fake_heroku/fake_heroku.hpp"

namespace {

const char* const kUsage = R"(usage: fake-heroku [options]

Serves a simulated Heroku Platform API v3 (GET only) with a generated account on a loopback address.
Prints "fake-heroku listening on <url>" once ready; stops on SIGINT or SIGTERM.

options:
  --host HOST                127.0.0.1 (default), ::1 or localhost
  --port PORT                0 (default): any free port
  --port-file FILE           write the bound port to FILE once listening
  --apps N                   apps in the account (default 50)
  --teams T                  teams (default 3)
  --members M                members per team besides the token user (default 8)
  --seed S                   generator seed (default 1)
  --releases R               releases per app (default 5)
  --latency-ms L             delay added to every request (default 0)
  --token TOKEN              the accepted API token (default HRKU-test-token-IRU-SECRET-MARKER-token)
  --token-expires-in SECS    lifetime /oauth/authorizations reports for the token; "none" for no expiry
  --rate-limit N             initial RateLimit-Remaining (default 4500)
  --refill-per-minute R      rate-limit refill (default 75)
  --not-modified-cost C      what a 304 Not Modified costs in the bucket: one (default) or free
  --customer-per-minute R    a simulated customer spending the bucket too (default 0)
  --time-scale F             simulated seconds per real second for the bucket (default 1)
  --max-connections C        concurrent keep-alive connections (default 32)
  --max-page-size N          no page of a list holds more than N items (default: Heroku's 1000)
  --tls-cert PEM --tls-key PEM   serve HTTPS with this certificate and key
  --personal-share F         share of apps owned by the token user outside teams (default 0.2)

faults (APP is an app name, id or @N for the N-th generated app; TEAM likewise; repeatable):
  --forbidden-app APP        403 on the app's per-app endpoints (still listed)
  --deleted-app APP          404 on the app's per-app endpoints (still listed)
  --deny-members TEAM        403 on /teams/TEAM/members
  --deny-permissions TEAM    403 on /teams/TEAM/permissions
  --deny-invitations TEAM    403 on /teams/TEAM/invitations
  --token-expired            401 on every request
  --server-errors N          answer the next N requests with a 5xx (see the next two)
  --server-error-path P      only requests whose path starts with P (default: any)
  --server-error-status S    the status to answer, 500..599 (default 503)
  --server-error-query Q     only requests whose query contains Q (e.g. day=2026-12-01)
  --server-error-skip K      answer the first K matching requests normally (a later page fails)
  --deny-enterprise-view EA  403 on the enterprise account's members, teams, events and archives
                             (EA: a name, id or @N)
  --enterprise-without-view EA   likewise, and the account is listed without "view"

audit trail:
  --clock TIME               the server's clock, YYYY-MM-DDTHH:MM:SSZ (default: the system clock):
                             "today" of the audit trail and which of today's events exist yet

hostile answers (see README.md, "Hostile answers"; repeatable where they take APP or TEAM):
  --planted-secrets          secrets with markers in commands, drain URLs and tokens, sms_number,
                             and undocumented fields
  --deep-nesting APP         /apps/APP/formation answers a body nested 40,000 levels deep
  --bad-items-app APP        /apps/APP/domains pages carry a wrong-shaped item mid-page
  --bad-items-team TEAM      /teams/TEAM/members pages likewise
  --deny-app-endpoint APP/ENDPOINT   403 on that per-app endpoint only (e.g. @3/config-vars)
  --token-scope SCOPES       the token's OAuth-Scope (default global); "read" is denied team
                             members and config vars
  --help                     this text
)";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

long long to_integer(const std::string& option, const std::string& value, long long lo,
                     long long hi) {
    try {
        std::size_t used = 0;
        const long long v = std::stoll(value, &used);
        if (used != value.size() || v < lo || v > hi) throw std::out_of_range("range");
        return v;
    } catch (const std::exception&) {
        throw UsageError(option + " expects an integer from " + std::to_string(lo) + " to " +
                         std::to_string(hi) + ", got '" + value + "'");
    }
}

double to_number(const std::string& option, const std::string& value) {
    try {
        std::size_t used = 0;
        const double v = std::stod(value, &used);
        if (used != value.size() || v < 0) throw std::out_of_range("range");
        return v;
    } catch (const std::exception&) {
        throw UsageError(option + " expects a non-negative number, got '" + value + "'");
    }
}

void write_port_file(const std::string& path, std::uint16_t port) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << port << "\n";
        if (!out) throw std::runtime_error("cannot write the port file " + path);
    }
    std::filesystem::rename(tmp, path);
}

// "@N" names the N-th generated app or team; anything else is used as given (a name or an id).
std::string resolve_app(const iru::fake::Account& account, const std::string& ref) {
    if (ref.size() < 2 || ref[0] != '@') return ref;
    const auto n = to_integer("app reference", ref.substr(1), 0,
                              static_cast<long long>(account.apps.size()) - 1);
    return account.apps[static_cast<std::size_t>(n)].name;
}

std::string resolve_enterprise_account(const iru::fake::Account& account, const std::string& ref) {
    if (ref.size() < 2 || ref[0] != '@') return ref;
    const auto n = to_integer("enterprise account reference", ref.substr(1), 0,
                              static_cast<long long>(account.enterprise_accounts.size()) - 1);
    return account.enterprise_accounts[static_cast<std::size_t>(n)].name;
}

// "2026-12-02T10:30:00Z" as a point in time.
std::chrono::system_clock::time_point to_clock(const std::string& option,
                                               const std::string& value) {
    int y = 0;
    unsigned mo = 0, d = 0;
    int h = -1, mi = -1, sec = -1;
    char z = 0, tail = 0;
    const bool shaped = value.size() == 20 &&
                        std::sscanf(value.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d%c%c", &y, &mo, &d, &h,
                                    &mi, &sec, &z, &tail) == 7 &&
                        z == 'Z';
    const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{mo},
                                          std::chrono::day{d}};
    if (!shaped || !day.ok() || h > 23 || mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0)
        throw UsageError(option + " expects a UTC time YYYY-MM-DDTHH:MM:SSZ, got '" + value + "'");
    return std::chrono::sys_days{day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{sec};
}

std::string resolve_team(const iru::fake::Account& account, const std::string& ref) {
    if (ref.size() < 2 || ref[0] != '@') return ref;
    const auto n = to_integer("team reference", ref.substr(1), 0,
                              static_cast<long long>(account.teams.size()) - 1);
    return account.teams[static_cast<std::size_t>(n)].name;
}

struct FaultRefs {
    std::vector<std::string> forbidden_apps, deleted_apps, deny_members, deny_permissions,
        deny_invitations, deny_enterprise_view, enterprise_without_view;
    std::vector<std::string> deep_nesting, bad_items_apps, bad_items_teams, denied_app_endpoints;
};

// "APP/ENDPOINT" with APP resolved.
std::string resolve_app_endpoint(const iru::fake::Account& account, const std::string& ref) {
    const auto slash = ref.rfind('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == ref.size())
        throw UsageError("--deny-app-endpoint expects APP/ENDPOINT, got '" + ref + "'");
    return resolve_app(account, ref.substr(0, slash)) + ref.substr(slash);
}

void resolve_hostile(const iru::fake::Account& account, iru::fake::HostileSpec& hostile,
                     const FaultRefs& refs) {
    for (const auto& r : refs.deep_nesting)
        hostile.deep_nesting_apps.insert(resolve_app(account, r));
    for (const auto& r : refs.bad_items_apps) hostile.bad_item_apps.insert(resolve_app(account, r));
    for (const auto& r : refs.bad_items_teams)
        hostile.bad_item_teams.insert(resolve_team(account, r));
    for (const auto& r : refs.denied_app_endpoints)
        hostile.denied_app_endpoints.insert(resolve_app_endpoint(account, r));
}

iru::fake::FaultSpec resolve_faults(const iru::fake::Account& account, iru::fake::FaultSpec faults,
                                    const FaultRefs& refs) {
    for (const auto& r : refs.forbidden_apps) faults.forbidden_apps.insert(resolve_app(account, r));
    for (const auto& r : refs.deleted_apps) faults.deleted_apps.insert(resolve_app(account, r));
    for (const auto& r : refs.deny_members)
        faults.teams_denying_members.insert(resolve_team(account, r));
    for (const auto& r : refs.deny_permissions)
        faults.teams_denying_permissions.insert(resolve_team(account, r));
    for (const auto& r : refs.deny_invitations)
        faults.teams_denying_invitations.insert(resolve_team(account, r));
    for (const auto& r : refs.deny_enterprise_view)
        faults.enterprise_accounts_denying_view.insert(resolve_enterprise_account(account, r));
    for (const auto& r : refs.enterprise_without_view)
        faults.enterprise_accounts_without_view.insert(resolve_enterprise_account(account, r));
    resolve_hostile(account, faults.hostile, refs);
    return faults;
}

}  // namespace

int main(int argc, char** argv) {
    iru::fake::Config config;
    std::string port_file;
    FaultRefs fault_refs;
    std::optional<std::chrono::system_clock::time_point> clock;
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& opt = args[i];
            if (opt == "--help" || opt == "-h") {
                std::cout << kUsage;
                return 0;
            }
            if (opt == "--token-expired") {
                config.faults.token_expired = true;
                continue;
            }
            if (opt == "--planted-secrets") {
                config.faults.hostile.planted_secrets = true;
                continue;
            }
            if (i + 1 >= args.size()) throw UsageError("unknown option or missing value: " + opt);
            const std::string& v = args[++i];
            if (opt == "--host")
                config.server.host = v;
            else if (opt == "--port")
                config.server.port = static_cast<std::uint16_t>(to_integer(opt, v, 0, 65535));
            else if (opt == "--port-file")
                port_file = v;
            else if (opt == "--apps")
                config.account.apps = static_cast<int>(to_integer(opt, v, 0, 100000));
            else if (opt == "--teams")
                config.account.teams = static_cast<int>(to_integer(opt, v, 0, 1000));
            else if (opt == "--members")
                config.account.members_per_team = static_cast<int>(to_integer(opt, v, 0, 1000));
            else if (opt == "--seed")
                config.account.seed = static_cast<std::uint64_t>(to_integer(opt, v, 0, INT64_MAX));
            else if (opt == "--releases")
                config.account.releases_per_app = static_cast<int>(to_integer(opt, v, 1, 1000));
            else if (opt == "--latency-ms")
                config.server.latency = std::chrono::milliseconds(to_integer(opt, v, 0, 60000));
            else if (opt == "--token") {
                if (v.empty()) throw UsageError("--token must not be empty");
                config.account.token = v;
            } else if (opt == "--token-expires-in") {
                if (v == "none")
                    config.account.token_expires_in.reset();
                else
                    config.account.token_expires_in = to_integer(opt, v, 0, INT64_MAX);
            } else if (opt == "--rate-limit") {
                config.server.rate_limit_start = to_integer(opt, v, 0, 1000000000);
                config.server.rate_limit_capacity =
                    std::max<std::int64_t>(4500, config.server.rate_limit_start);
            } else if (opt == "--refill-per-minute")
                config.server.refill_per_minute = to_number(opt, v);
            else if (opt == "--not-modified-cost") {
                if (v == "one")
                    config.server.not_modified_cost = iru::fake::NotModifiedCost::one;
                else if (v == "free")
                    config.server.not_modified_cost = iru::fake::NotModifiedCost::free;
                else
                    throw UsageError("--not-modified-cost expects one or free, got '" + v + "'");
            } else if (opt == "--customer-per-minute")
                config.server.customer_per_minute = to_number(opt, v);
            else if (opt == "--time-scale") {
                config.server.time_scale = to_number(opt, v);
                if (config.server.time_scale <= 0)
                    throw UsageError("--time-scale expects a positive number, got '" + v + "'");
            } else if (opt == "--max-connections")
                config.server.max_connections = static_cast<int>(to_integer(opt, v, 1, 256));
            else if (opt == "--max-page-size")
                config.server.max_page_size = static_cast<std::size_t>(to_integer(opt, v, 1, 1000));
            else if (opt == "--tls-cert")
                config.server.tls_cert_file = v;
            else if (opt == "--tls-key")
                config.server.tls_key_file = v;
            else if (opt == "--personal-share") {
                const double share = to_number(opt, v);
                if (share > 1.0) throw UsageError("--personal-share expects a number from 0 to 1");
                config.account.personal_apps_share = share;
            } else if (opt == "--forbidden-app")
                fault_refs.forbidden_apps.push_back(v);
            else if (opt == "--deleted-app")
                fault_refs.deleted_apps.push_back(v);
            else if (opt == "--deny-members")
                fault_refs.deny_members.push_back(v);
            else if (opt == "--deny-permissions")
                fault_refs.deny_permissions.push_back(v);
            else if (opt == "--deny-invitations")
                fault_refs.deny_invitations.push_back(v);
            else if (opt == "--deep-nesting")
                fault_refs.deep_nesting.push_back(v);
            else if (opt == "--bad-items-app")
                fault_refs.bad_items_apps.push_back(v);
            else if (opt == "--bad-items-team")
                fault_refs.bad_items_teams.push_back(v);
            else if (opt == "--deny-app-endpoint")
                fault_refs.denied_app_endpoints.push_back(v);
            else if (opt == "--token-scope") {
                if (v.empty()) throw UsageError("--token-scope must not be empty");
                config.faults.hostile.token_scope = v;
            } else if (opt == "--server-errors")
                config.faults.server_errors = static_cast<int>(to_integer(opt, v, 0, 1000000));
            else if (opt == "--server-error-path")
                config.faults.server_error_path_prefix = v;
            else if (opt == "--server-error-query")
                config.faults.server_error_query = v;
            else if (opt == "--server-error-skip")
                config.faults.server_error_skip = static_cast<int>(to_integer(opt, v, 0, 1000000));
            else if (opt == "--deny-enterprise-view")
                fault_refs.deny_enterprise_view.push_back(v);
            else if (opt == "--enterprise-without-view")
                fault_refs.enterprise_without_view.push_back(v);
            else if (opt == "--clock")
                clock = to_clock(opt, v);
            else if (opt == "--server-error-status")
                config.faults.server_error_status = static_cast<int>(to_integer(opt, v, 500, 599));
            else
                throw UsageError("unknown option: " + opt);
        }
    } catch (const UsageError& e) {
        std::cerr << "fake-heroku: " << e.what() << "\n(see fake-heroku --help)\n";
        return 2;
    }

    // Block the stop signals in every thread (the server's threads inherit the mask); sigwait
    // below.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        iru::fake::FakeHeroku fake(config);
        try {
            fake.set_faults(resolve_faults(fake.account(), config.faults, fault_refs));
        } catch (const UsageError& e) {
            std::cerr << "fake-heroku: " << e.what() << "\n";
            return 2;
        }
        if (clock) fake.set_clock(clock);
        fake.start();
        if (!port_file.empty()) write_port_file(port_file, fake.port());
        std::cout << "fake-heroku listening on " << fake.base_url() << std::endl;
        int signal = 0;
        sigwait(&stop_signals, &signal);
        fake.stop();
    } catch (const std::exception& e) {
        std::cerr << "fake-heroku: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

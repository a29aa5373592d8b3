// Hostile and secret-laden answers the fake can serve, each off by default; part of FaultSpec, so
// they can be changed while serving. App entries match an app's id or name, team entries a team's.
#pragma once

#include <set>
#include <string>

namespace iru::fake {

struct HostileSpec {
    // Secrets with unique markers (each contains "IRU-SECRET-MARKER-", listed by planted_secrets())
    // where only an allow-list or a scrubber stops them: every app gets a one-off dyno "run.1"
    // whose command is "DATABASE_URL=postgres://user:<marker>@db.example.com:5432/d1 rake
    // db:migrate", a web formation command starting "RAILS_MASTER_KEY=<marker>", and log drains
    // with the credential in the user-info (one with '#' in the password), the path (Sumo Logic,
    // Loggly), the query (Datadog) and the fragment, each with a marker `token`; the account an
    // `sms_number`; the account, apps, dynos, formation, drains, domains and team members an
    // undocumented "x_future_field", and apps, dynos and team members a nested one
    // ("x_future_object"); VPN connections and their tunnels, and telemetry drains and their
    // exporters, an undocumented "x_future_field" too.
    bool planted_secrets = false;
    // Apps whose /formation answer is a 200 body nested deep_nesting_depth levels ("[[[...]]]").
    std::set<std::string> deep_nesting_apps;
    int deep_nesting_depth = 40'000;
    // Apps whose /domains, teams whose /members list is served in pages of half the list (at least
    // two pages), with a wrong-shaped item in the middle of every page: the number 42 on the first,
    // an object without "id" on the later ones. Those lists get three more items (custom domains,
    // members), so that every page holds at least two.
    std::set<std::string> bad_item_apps;
    std::set<std::string> bad_item_teams;
    // "APP/ENDPOINT", e.g. "my-app/config-vars": 403 forbidden on that per-app endpoint only.
    std::set<std::string> denied_app_endpoints;
    // "SPACE/ENDPOINT", e.g. "acme-space/vpn-connections": 403 forbidden on that endpoint of a
    // private space only (SPACE: its id or name).
    std::set<std::string> denied_space_endpoints;
    // The token's scopes, sent as OAuth-Scope on every authenticated answer. Without "global",
    // /teams/{t}/members answers 403 forbidden with OAuth-Scope-Accepted "global"; without "global"
    // or "read-protected", /apps/{a}/config-vars answers 403 with "global read-protected
    // write-protected", as Heroku does.
    std::string token_scope = "global";
};

}  // namespace iru::fake

#include "hostile_answers.hpp"

#include <algorithm>
#include <cstdint>

#include "app_details.hpp"
#include "ids.hpp"
#include "range.hpp"

namespace iru::fake {
namespace {

using nlohmann::json;

bool named(const std::set<std::string>& set, const std::string& id, const std::string& name) {
    return set.count(id) > 0 || set.count(name) > 0;
}

const App* app_of(const Account& account, const Segments& s) {
    return s.size() >= 2 && s[0] == "apps" ? account.find_app(s[1]) : nullptr;
}

bool is_app_endpoint(const Segments& s, std::string_view what) {
    return s.size() == 3 && s[0] == "apps" && s[2] == what;
}

bool is_team_members(const Segments& s) {
    return s.size() == 3 && s[0] == "teams" && s[1] != "apps" && s[2] == "members";
}

bool has_scope(const std::string& scopes, std::string_view wanted) {
    std::size_t start = 0;
    while (start < scopes.size()) {
        std::size_t end = scopes.find_first_of(" ,", start);
        if (end == std::string::npos) end = scopes.size();
        if (std::string_view(scopes).substr(start, end - start) == wanted) return true;
        start = end + 1;
    }
    return false;
}

std::string app_marker(const App& app, const std::string& what) {
    return secret_marker("a" + std::to_string(app.index) + "-" + what);
}

// The drains planted for one app: where each keeps its credential.
std::vector<std::pair<std::string, std::string>> planted_drain_urls(const App& app) {
    const auto m = [&](const char* what) { return app_marker(app, std::string("drain-") + what); };
    return {
        {"userinfo", "syslog+tls://user:" + m("userinfo") + "@logs.example-siem.com:6514/"},
        {"hash-password", "https://user:pa#" + m("hash-password") + "@logs.example-siem.com/in"},
        {"sumo-path",
         "https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/" + m("sumo-path")},
        {"loggly-path", "https://logs-01.loggly.com/bulk/" + m("loggly-path") + "/tag/heroku/"},
        {"datadog-query", "https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=" +
                              m("datadog-query") + "&ddsource=heroku"},
        {"fragment", "https://logs.example-siem.com/in#" + m("fragment")}};
}

std::string oneoff_command(const App& app) {
    return "DATABASE_URL=postgres://user:" + app_marker(app, "oneoff-command") +
           "@db.example.com:5432/d1 rake db:migrate";
}

void plant_app(const App& app, json& item) {
    item["x_future_field"] = app_marker(app, "app-future");
    item["x_future_object"] = {{"note", app_marker(app, "app-future-nested")}};
}

void plant_dynos(const Account& account, const App& app, json& items) {
    for (auto& dyno : items) dyno["x_future_field"] = app_marker(app, "dyno-future");
    Rng rng(mix_seed(account.spec.seed, 7'000'000 + app.index));
    items.push_back({{"attach_url", "rendezvous://rendezvous.runtime.heroku.com:5000/" +
                                        app_marker(app, "oneoff-attach")},
                     {"command", oneoff_command(app)},
                     {"created_at", app.released_at},
                     {"id", rng.uuid()},
                     {"name", "run.1"},
                     {"release", {{"id", rng.uuid()}, {"version", account.spec.releases_per_app}}},
                     {"app", {{"id", app.id}, {"name", app.name}}},
                     {"size", "Standard-1X"},
                     {"state", "up"},
                     {"type", "run"},
                     {"updated_at", app.released_at},
                     {"x_future_field", app_marker(app, "oneoff-future")},
                     {"x_future_object", {{"note", app_marker(app, "oneoff-future-nested")}}}});
}

void plant_formation(const App& app, json& items) {
    for (auto& process : items) {
        process["x_future_field"] = app_marker(app, "formation-future");
        if (process.value("type", "") == "web")
            process["command"] = "RAILS_MASTER_KEY=" + app_marker(app, "formation-command") + " " +
                                 process.value("command", "");
    }
}

void plant_drains(const Account& account, const App& app, json& items) {
    for (auto& drain : items) drain["x_future_field"] = app_marker(app, "drain-future");
    Rng rng(mix_seed(account.spec.seed, 8'000'000 + app.index));
    for (const auto& [what, url] : planted_drain_urls(app)) {
        items.push_back({{"addon", nullptr},
                         {"app", {{"id", app.id}, {"name", app.name}}},
                         {"created_at", app.created_at},
                         {"id", rng.uuid()},
                         {"token", app_marker(app, "drain-token-" + what)},
                         {"updated_at", app.updated_at},
                         {"url", url},
                         {"x_future_field", app_marker(app, "drain-future")}});
    }
}

void add_domains(const Account& account, const App& app, json& items) {
    Rng rng(mix_seed(account.spec.seed, 9'000'000 + app.index));
    for (int n = 1; n <= 3; ++n)
        items.push_back(
            {{"acm_status", nullptr},
             {"acm_status_reason", nullptr},
             {"app", {{"id", app.id}, {"name", app.name}}},
             {"cname",
              "hostile-" + std::to_string(n) + "." + app.name + ".example.com.herokudns.com"},
             {"created_at", app.created_at},
             {"hostname", "hostile-" + std::to_string(n) + "." + app.name + ".example.com"},
             {"id", rng.uuid()},
             {"kind", "custom"},
             {"updated_at", app.updated_at},
             {"status", "succeeded"},
             {"sni_endpoint", nullptr}});
}

void add_members(const Account& account, const Team& team, json& items) {
    Rng rng(mix_seed(account.spec.seed,
                     9'500'000 + static_cast<std::uint64_t>(&team - account.teams.data())));
    for (int n = 1; n <= 3; ++n) {
        const std::string email = "hostile-" + std::to_string(n) + "@example.com";
        items.push_back(
            {{"created_at", team.created_at},
             {"email", email},
             {"federated", false},
             {"id", rng.uuid()},
             {"identity_provider", nullptr},
             {"role", "member"},
             {"two_factor_authentication", true},
             {"updated_at", team.created_at},
             {"user",
              {{"email", email}, {"id", rng.uuid()}, {"name", "Hostile " + std::to_string(n)}}}});
    }
}

std::string member_marker(const json& member, const char* what) {
    return secret_marker("member-" + member.value("id", std::string("none")) + "-" + what);
}

void plant_members(json& items) {
    for (auto& member : items) {
        member["x_future_field"] = member_marker(member, "future");
        member["x_future_object"] = {{"note", member_marker(member, "future-nested")}};
    }
}

// True when the space s[1] names (by id) is denied by its name.
bool denied_space_by_name(const Account& account, const HostileSpec& spec, const Segments& s) {
    const Space* space = account.find_space(s[1]);
    return space != nullptr && spec.denied_space_endpoints.count(space->name + "/" + s[2]) > 0;
}

std::string space_marker(const Segments& s, const char* what) {
    const std::string space = s.size() > 1 ? s[1] : "none";
    return secret_marker("space-" + space + "-" + what);
}

// Undocumented fields in a space's VPN connections (and tunnels) and telemetry drains (and
// exporters).
void plant_space_endpoint(const Account& account, const Segments& s, json& body) {
    const Space* space = account.find_space(s[1]);
    if (space == nullptr || !body.is_array()) return;
    const Segments by_id = {s[0], space->id, s[2]};
    for (auto& item : body) {
        item["x_future_field"] = space_marker(by_id, "future");
        const char* nested = s[2] == "vpn-connections" ? "tunnels" : "exporter";
        auto it = item.find(nested);
        if (it == item.end()) continue;
        if (it->is_array())
            for (auto& tunnel : *it)
                tunnel["x_future_field"] = space_marker(by_id, "tunnel-future");
        else if (it->is_object())
            (*it)["x_future_field"] = space_marker(by_id, "exporter-future");
    }
}

// Plants the secrets of the planted_secrets mode into a routed answer's body.
void plant(const Account& account, const Segments& s, json& body) {
    if (s.size() == 1 && s[0] == "account") {
        body["sms_number"] = "+1 555 0100 " + secret_marker("account-sms-number");
        body["x_future_field"] = secret_marker("account-future");
        return;
    }
    const bool app_list =
        (s.size() == 1 && s[0] == "apps") || (s.size() == 3 && s[0] == "teams" && s[2] == "apps");
    if (app_list) {
        for (auto& item : body)
            if (const App* app = account.find_app(item.value("id", std::string())))
                plant_app(*app, item);
        return;
    }
    if (is_team_members(s)) return plant_members(body);
    if (s.size() == 3 && s[0] == "spaces") return plant_space_endpoint(account, s, body);
    const App* app = app_of(account, s);
    if (app == nullptr) return;
    if (s.size() == 2) return plant_app(*app, body);
    if (is_app_endpoint(s, "dynos")) return plant_dynos(account, *app, body);
    if (is_app_endpoint(s, "formation")) return plant_formation(*app, body);
    if (is_app_endpoint(s, "log-drains")) return plant_drains(account, *app, body);
    if (is_app_endpoint(s, "domains"))
        for (auto& domain : body) domain["x_future_field"] = app_marker(*app, "domain-future");
}

bool touched_by_planting(const Segments& s) {
    if (s.size() == 1) return s[0] == "account" || s[0] == "apps";
    if (s[0] == "teams") return s.size() == 3 && (s[2] == "apps" || s[2] == "members");
    if (s[0] == "spaces")
        return s.size() == 3 && (s[2] == "vpn-connections" || s[2] == "telemetry-drains");
    if (s[0] != "apps") return false;
    return s.size() == 2 || (s.size() == 3 && (s[2] == "dynos" || s[2] == "formation" ||
                                               s[2] == "log-drains" || s[2] == "domains"));
}

bool bad_item_list(const Account& account, const HostileSpec& spec, const Segments& s) {
    if (is_app_endpoint(s, "domains")) {
        const App* app = app_of(account, s);
        return app != nullptr && named(spec.bad_item_apps, app->id, app->name);
    }
    if (is_team_members(s)) {
        const Team* team = account.find_team(s[1]);
        return team != nullptr && named(spec.bad_item_teams, team->id, team->name);
    }
    return false;
}

}  // namespace

std::optional<HostileDenial> hostile_denial(const Account& account, const HostileSpec& spec,
                                            const Segments& s) {
    if (is_team_members(s) && !has_scope(spec.token_scope, "global"))
        return HostileDenial{403, "forbidden", "This endpoint requires the global OAuth scope.",
                             "global"};
    if (s.size() == 3 && s[0] == "spaces" &&
        (spec.denied_space_endpoints.count(s[1] + "/" + s[2]) > 0 ||
         denied_space_by_name(account, spec, s)))
        return HostileDenial{403, "forbidden",
                             "You do not have access to " + s[2] + " of the space " + s[1] + ".",
                             ""};
    const App* app = app_of(account, s);
    if (app == nullptr || s.size() != 3) return std::nullopt;
    if (s[2] == "config-vars" && !has_scope(spec.token_scope, "global") &&
        !has_scope(spec.token_scope, "read-protected"))
        return HostileDenial{403, "forbidden",
                             "This endpoint requires the read-protected OAuth scope.",
                             "global read-protected write-protected"};
    if (spec.denied_app_endpoints.count(app->name + "/" + s[2]) > 0 ||
        spec.denied_app_endpoints.count(app->id + "/" + s[2]) > 0)
        return HostileDenial{403, "forbidden",
                             "You do not have access to " + s[2] + " of the app " + app->name + ".",
                             ""};
    return std::nullopt;
}

std::optional<std::string> hostile_raw_body(const Account& account, const HostileSpec& spec,
                                            const Segments& s) {
    const App* app = app_of(account, s);
    if (app == nullptr || !is_app_endpoint(s, "formation") ||
        !named(spec.deep_nesting_apps, app->id, app->name))
        return std::nullopt;
    const auto depth = static_cast<std::size_t>(std::max(1, spec.deep_nesting_depth));
    return std::string(depth, '[') + std::string(depth, ']');
}

std::optional<ApiAnswer> hostile_content(const Account& account, const HostileSpec& spec,
                                         const Segments& s, const ApiAnswer& answer) {
    if (answer.status != 200 || s.empty()) return std::nullopt;
    const bool planting = spec.planted_secrets && touched_by_planting(s);
    const bool padding = bad_item_list(account, spec, s);
    if (!planting && !padding) return std::nullopt;
    ApiAnswer changed = answer;
    if (padding && is_team_members(s))
        add_members(account, *account.find_team(s[1]), changed.body);
    else if (padding)
        add_domains(account, *app_of(account, s), changed.body);
    if (planting) plant(account, s, changed.body);
    return changed;
}

std::string hostile_range(const Account& account, const HostileSpec& spec, const Segments& s,
                          std::string_view range_header, const ApiAnswer& answer) {
    if (!bad_item_list(account, spec, s) || answer.range_attributes.empty())
        return std::string(range_header);
    RangeSpec range;
    if (range_header.find_first_not_of(" \t") == std::string_view::npos) {
        range.attribute = answer.range_attributes.front();
    } else {
        auto parsed = parse_range(range_header);
        if (!parsed) return std::string(range_header);
        range = std::move(*parsed);
    }
    const std::size_t half = std::max<std::size_t>(1, (answer.body.size() + 1) / 2);
    range.max = std::min(range.max, half);
    return format_range(range);
}

void hostile_page_items(const Account& account, const HostileSpec& spec, const Segments& s,
                        std::string_view range_header, json& items) {
    if (!bad_item_list(account, spec, s)) return;
    const auto range = parse_range(range_header);
    const bool first_page = !range || !range->start;
    json bad = first_page ? json(42)
                          : json{{"hostname", "no-id.example.com"}, {"email", "no-id@example.com"}};
    const auto middle = static_cast<std::ptrdiff_t>(items.size() / 2);
    items.insert(items.begin() + middle, std::move(bad));
}

std::vector<std::string> hostile_secrets(const Account& account, const HostileSpec& spec) {
    std::vector<std::string> out;
    if (!spec.planted_secrets) return out;
    out.push_back(secret_marker("account-sms-number"));
    out.push_back(secret_marker("account-future"));
    for (const auto& app : account.apps) {
        for (const char* what :
             {"app-future", "app-future-nested", "dyno-future", "oneoff-attach", "oneoff-command",
              "oneoff-future", "oneoff-future-nested", "formation-future", "formation-command",
              "drain-future", "domain-future"})
            out.push_back(app_marker(app, what));
        for (const auto& [what, url] : planted_drain_urls(app)) {
            out.push_back(app_marker(app, "drain-" + what));
            out.push_back(app_marker(app, "drain-token-" + what));
        }
    }
    for (const auto& space : account.spaces) {  // what its generation serves
        out.push_back(space_marker({"spaces", space.id}, "future"));
        out.push_back(space_marker(
            {"spaces", space.id}, space.generation == "fir" ? "exporter-future" : "tunnel-future"));
    }
    for (const auto& team : account.teams)
        for (const auto& member : team.members) {
            const json ref = {{"id", member.id}};
            out.push_back(member_marker(ref, "future"));
            out.push_back(member_marker(ref, "future-nested"));
        }
    return out;
}

}  // namespace iru::fake

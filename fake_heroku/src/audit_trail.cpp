#include "audit_trail.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "ids.hpp"

namespace iru::fake {
namespace {

using nlohmann::json;

constexpr std::int64_t seconds_per_day = 86400;
constexpr std::uint64_t audit_stream = 0xA0D17000;

// The event types served, in turn; "sso-session" is one the plugin does not know.
constexpr const char* kEventTypes[] = {"formation",  "domain", "collaborator",
                                       "config_var", "app",    "sso-session"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

json user_ref(const User& u) { return {{"id", u.id}, {"email", u.email}}; }

json event_data(const Account& account, const std::string& type, Rng& rng, const std::string& tag,
                std::vector<std::string>& secrets) {
    // An undocumented member with a secret, on every type the plugin knows.
    const std::string hidden = secret_marker("audit-data-hidden-" + tag);
    if (type == "formation" || type == "domain" || type == "collaborator" || type == "config_var")
        secrets.push_back(hidden);
    if (type == "formation")
        return {{"type", rng.chance(0.7) ? "web" : "worker"},
                {"quantity", rng.between(0, 10)},
                {"size", rng.chance(0.5) ? "Standard-1X" : "Performance-M"},
                {"internal_token", hidden}};
    if (type == "domain")
        return {{"hostname", "www" + std::to_string(rng.between(1, 99)) + ".acme.example"},
                {"kind", "custom"},
                {"internal_token", hidden}};
    if (type == "collaborator") {
        const User& u = rng.pick(account.users);
        return {{"email", u.email},
                {"permissions", json::array({{{"name", "view"}}, {{"name", "deploy"}}})},
                {"invitation_token", hidden}};
    }
    if (type == "config_var") {
        const std::string db = secret_marker("audit-config-value-db-" + tag);
        const std::string key = secret_marker("audit-config-value-key-" + tag);
        secrets.push_back(db);
        secrets.push_back(key);
        return {{"config_vars",
                 {{"DATABASE_URL", "postgres://app:" + db + "@db.acme.example:5432/app"},
                  {"STRIPE_API_KEY", key}}},
                {"internal_token", hidden}};
    }
    if (type == "app") return {{"name", "renamed-app"}, {"previous_name", "old-app"}};
    const std::string session = secret_marker("audit-unknown-type-" + tag);
    secrets.push_back(session);
    return {{"session_secret", session}, {"identity_provider", "acme-sso"}};
}

}  // namespace

bool parse_audit_day(const std::string& text, std::int64_t& day) {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
        return false;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                          std::chrono::day{d}};
    if (!ymd.ok()) return false;
    day = std::chrono::sys_days{ymd}.time_since_epoch().count();
    return true;
}

AuditDay audit_day(const Account& account, std::size_t ea, std::int64_t day, std::int64_t until) {
    AuditDay out;
    if (ea >= account.enterprise_accounts.size() || account.users.empty()) return out;
    const EnterpriseAccount& enterprise = account.enterprise_accounts[ea];
    Rng rng(
        mix_seed(mix_seed(account.spec.seed, audit_stream + ea), static_cast<std::uint64_t>(day)));
    const std::int64_t weekday = ((day % 7) + 7) % 7;
    int count = rng.between(3, 30);
    if (weekday == 3) count = 0;                                               // an empty day
    if (((day % 5) + 5) % 5 == 0 && count > 0) count = rng.between(210, 260);  // three pages
    std::vector<int> seconds;
    seconds.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) seconds.push_back(rng.between(0, seconds_per_day - 1));
    std::sort(seconds.begin(), seconds.end());
    for (int i = 0; i < count; ++i) {
        const std::string type = kEventTypes[static_cast<std::size_t>(i) % std::size(kEventTypes)];
        const std::string id = rng.uuid();
        const std::string tag =
            std::to_string(day) + "-" + std::to_string(ea) + "-" + std::to_string(i);
        const User& actor = rng.pick(account.users);
        json event = {
            {"id", id},
            {"type", type},
            {"action", type == "collaborator" ? "add" : "update"},
            {"actor", user_ref(actor)},
            {"enterprise_account", {{"id", enterprise.id}, {"name", enterprise.name}}},
            {"request", {{"ip_address", "203.0.113." + std::to_string(i % 250 + 1)}}},
            {"created_at", rfc3339(day * seconds_per_day + seconds[static_cast<std::size_t>(i)])}};
        if (!account.apps.empty()) {
            const App& app = rng.pick(account.apps);
            const User& owner = account.users[app.owner];
            event["app"] = {{"id", app.id}, {"name", app.name}};
            event["owner"] = user_ref(owner);
            if (app.team >= 0) {
                const Team& team = account.teams[static_cast<std::size_t>(app.team)];
                event["team"] = {{"id", team.id}, {"name", team.name}};
            }
        }
        std::vector<std::string> secrets;
        event["data"] = event_data(account, type, rng, tag, secrets);
        if (day * seconds_per_day + seconds[static_cast<std::size_t>(i)] > until) continue;
        out.events.push_back(std::move(event));
        out.secrets.insert(out.secrets.end(), secrets.begin(), secrets.end());
    }
    return out;
}

AuditDay audit_archives(const Account& account, std::size_t ea, std::int64_t now) {
    AuditDay out;
    if (ea >= account.enterprise_accounts.size()) return out;
    const EnterpriseAccount& enterprise = account.enterprise_accounts[ea];
    const std::chrono::year_month_day today{
        std::chrono::sys_days{std::chrono::days{floor_div(now, seconds_per_day)}}};
    std::chrono::year_month month{today.year(), today.month()};
    Rng rng(mix_seed(account.spec.seed, audit_stream + 0x100 + ea));
    for (int back = 0; back < 6; ++back) {
        month -= std::chrono::months{1};
        char period[16];
        (void)std::snprintf(period, sizeof period, "%04d-%02u", int(month.year()),
                            unsigned(month.month()));
        const std::string signature = secret_marker(std::string("audit-archive-url-") + period);
        out.secrets.push_back(signature);
        const std::chrono::sys_days next{(month + std::chrono::months{1}) / 1};
        char checksum[17];
        (void)std::snprintf(checksum, sizeof checksum, "%016llx",
                            static_cast<unsigned long long>(rng.next()));
        out.events.push_back(
            {{"year", int(month.year())},
             {"month", std::string(period + 5)},
             {"created_at", rfc3339(next.time_since_epoch().count() * seconds_per_day + 3600)},
             {"checksum", std::string("sha256:") + checksum},
             {"size", rng.between(10'000, 9'000'000)},
             {"url", "https://audit-archives.acme.example/" + enterprise.id + "/" + period +
                         ".json.gz?X-Amz-Signature=" + signature}});
    }
    return out;
}

}  // namespace iru::fake

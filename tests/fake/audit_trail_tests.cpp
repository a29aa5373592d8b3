// The fake's enterprise audit trail: events for any day, deterministic, paged, up to its clock;
// archives; the enterprise view denied; failing one page of one day.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>

#include "audit_trail.hpp"
#include "http_get.hpp"

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::int64_t day_seconds = 86400;

Config small_account() {
    Config config;
    config.account.apps = 6;
    config.account.teams = 2;
    config.account.members_per_team = 2;
    return config;
}

// A day (days since the epoch) with more than two pages of events, and an empty one.
std::int64_t busy_day(const Account& account, std::int64_t from) {
    for (std::int64_t d = from;; ++d)
        if (audit_day(account, 0, d, INT64_MAX).events.size() > 2 * audit_page_size) return d;
}

std::string day_text(std::int64_t day) {
    const std::chrono::year_month_day ymd{sys_days{days{day}}};
    char text[16];
    (void)std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                        unsigned(ymd.day()));
    return text;
}

std::chrono::system_clock::time_point at(std::int64_t day, int hour) {
    return std::chrono::system_clock::time_point(
        std::chrono::seconds(day * day_seconds + hour * 3600));
}

}  // namespace

TEST_CASE("audit days: deterministic, spread over the day, every kind of event, secrets marked",
          "[audit]") {
    const Account account = generate_account(small_account().account);
    const std::int64_t first = 20'000;
    std::set<std::string> types;
    std::size_t empty = 0;
    std::size_t busy = 0;
    for (std::int64_t d = first; d < first + 60; ++d) {
        const AuditDay a = audit_day(account, 0, d, INT64_MAX);
        const AuditDay b = audit_day(account, 0, d, INT64_MAX);
        REQUIRE(a.events == b.events);
        empty += a.events.empty() ? 1 : 0;
        busy += a.events.size() > audit_page_size ? 1 : 0;
        std::string last;
        for (const auto& e : a.events) {
            types.insert(e["type"].get<std::string>());
            const std::string created = e["created_at"].get<std::string>();
            CHECK(created.substr(0, 10) == day_text(d));
            CHECK(created >= last);
            last = created;
        }
        for (const auto& secret : a.secrets) CHECK(secret.find("IRU-SECRET-MARKER-audit-") == 0);
        // Each config var value and undocumented member is a listed secret.
        for (const auto& e : a.events)
            if (e["type"] == "config_var")
                for (const auto& [name, value] : e["data"]["config_vars"].items()) {
                    INFO(name);
                    const std::string v = value.get<std::string>();
                    bool listed = false;
                    for (const auto& s : a.secrets)
                        listed = listed || v.find(s) != std::string::npos;
                    CHECK(listed);
                }
    }
    CHECK(empty >= 8);
    CHECK(busy >= 10);
    CHECK(types == std::set<std::string>{"formation", "domain", "collaborator", "config_var", "app",
                                         "sso-session"});
    // Another seed, other events.
    Config other = small_account();
    other.account.seed = 2;
    const Account account2 = generate_account(other.account);
    const std::int64_t d = busy_day(account, first);
    CHECK(audit_day(account2, 0, d, INT64_MAX).events !=
          audit_day(account, 0, d, INT64_MAX).events);
    // Only the events up to `until` exist yet.
    const auto all = audit_day(account, 0, d, INT64_MAX).events;
    const auto morning = audit_day(account, 0, d, d * day_seconds + 6 * 3600).events;
    CHECK(morning.size() < all.size());
    CHECK(std::equal(morning.begin(), morning.end(), all.begin()));
    CHECK(audit_day(account, 0, d, d * day_seconds - 1).events.empty());
}

TEST_CASE("GET /enterprise-accounts/{ea}/events?day= pages a day's events up to the clock",
          "[audit]") {
    FakeHeroku fake(small_account());
    fake.start();
    const Account& account = fake.account();
    REQUIRE_FALSE(account.enterprise_accounts.empty());
    const std::string base =
        "/enterprise-accounts/" + account.enterprise_accounts[0].id + "/events";
    const std::int64_t d = busy_day(account, 20'500);
    fake.set_clock(at(d + 1, 12));  // the day is over
    FakeClient client(fake);
    int pages = 0;
    const auto items = walk_list(client, base + "?day=" + day_text(d), "id ..; max=1000", &pages);
    const auto expected = fake.audit_events(0, at(d, 0));
    CHECK(items.size() == expected.size());
    CHECK(pages == static_cast<int>((expected.size() + audit_page_size - 1) / audit_page_size));
    CHECK(pages >= 3);
    std::set<std::string> ids;
    for (const auto& e : items) ids.insert(e["id"].get<std::string>());
    CHECK(ids.size() == expected.size());

    // Today: only what happened up to the clock; more once the clock moves on.
    fake.set_clock(at(d, 8));
    const auto early = walk_list(client, base + "?day=" + day_text(d), "id ..; max=1000");
    CHECK(early.size() < items.size());
    CHECK(early.size() == fake.audit_events(0, at(d, 0)).size());
    // A later day is empty, a bad day refused.
    CHECK(json::parse(client.get(base + "?day=" + day_text(d + 3)).body).empty());
    CHECK(client.get(base + "?day=2026-02-30").status == 422);
    CHECK(client.get(base).status == 422);
    fake.set_clock(std::nullopt);
    CHECK(std::chrono::abs(fake.now() - std::chrono::system_clock::now()) <
          std::chrono::seconds(5));
}

TEST_CASE("the archives' download links carry a marker that planted_secrets lists", "[audit]") {
    FakeHeroku fake(small_account());
    fake.start();
    fake.set_clock(at(20'600, 9));
    FakeClient client(fake);
    const Reply r = client.get("/enterprise-accounts/" + fake.account().enterprise_accounts[0].id +
                               "/archives");
    REQUIRE(r.status == 200);
    const json archives = json::parse(r.body);
    REQUIRE(archives.size() == 6);
    const auto secrets = fake.planted_secrets();
    for (const auto& a : archives) {
        CHECK(a["year"].is_number_integer());
        CHECK(a["month"].get<std::string>().size() == 2);
        const std::string url = a["url"].get<std::string>();
        const auto marker = url.find("IRU-SECRET-MARKER-");
        REQUIRE(marker != std::string::npos);
        CHECK(std::find(secrets.begin(), secrets.end(), url.substr(marker)) != secrets.end());
    }
}

TEST_CASE("an enterprise account denying view: 403, and listed without view", "[audit]") {
    Config config = small_account();
    FakeHeroku probe(config);
    const auto& ea = probe.account().enterprise_accounts[0];
    for (const bool listed_without : {false, true}) {
        Config c = config;
        (listed_without ? c.faults.enterprise_accounts_without_view
                        : c.faults.enterprise_accounts_denying_view)
            .insert(ea.name);
        FakeHeroku fake(c);
        fake.start();
        FakeClient client(fake);
        for (const char* what : {"/events?day=2026-12-01", "/archives", "/members", "/teams"}) {
            INFO(what);
            CHECK(client.get("/enterprise-accounts/" + ea.id + what).status == 403);
        }
        const json listed = json::parse(client.get("/enterprise-accounts").body);
        REQUIRE(listed.size() == 1);
        const auto& permissions = listed[0]["permissions"];
        CHECK((std::find(permissions.begin(), permissions.end(), "view") == permissions.end()) ==
              listed_without);
    }
}

TEST_CASE("a server error can be aimed at one page of one day", "[audit]") {
    Config config = small_account();
    FakeHeroku probe(config);
    const std::int64_t d = busy_day(probe.account(), 20'700);
    const std::string path =
        "/enterprise-accounts/" + probe.account().enterprise_accounts[0].id + "/events";
    config.faults.server_errors = 1;
    config.faults.server_error_path_prefix = path;
    config.faults.server_error_query = "day=" + day_text(d);
    config.faults.server_error_skip = 1;  // the first page is served
    FakeHeroku fake(config);
    fake.start();
    fake.set_clock(at(d + 1, 0));
    FakeClient client(fake);
    CHECK(client.get(path + "?day=" + day_text(d - 1)).status / 100 == 2);  // another day
    const Reply first = client.get(path + "?day=" + day_text(d), {{"Range", "id ..; max=1000"}});
    REQUIRE(first.status == 206);
    CHECK(
        client.get(path + "?day=" + day_text(d), {{"Range", first.header("Next-Range")}}).status ==
        503);
    CHECK(
        client.get(path + "?day=" + day_text(d), {{"Range", first.header("Next-Range")}}).status ==
        206);  // the error was used up
}

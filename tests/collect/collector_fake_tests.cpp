// The collector against the fake Heroku (fake_heroku/): completeness, request economy, gaps,
// filters, cancellation, determinism and secrets. Every server is started by the test on 127.0.0.1.
#include <catch2/catch.hpp>

#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "collect/collector.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "fixtures_io.hpp"
#include "memory_sink.hpp"
#include "plugin/descriptor.hpp"
#include "schema_check.hpp"
#include "test_collection.hpp"

using namespace iru::heroku;
using iru::fake::FakeHeroku;
using iru::test::EmittedRecord;
using nlohmann::json;

namespace {

constexpr const char* marker = "IRU-SECRET-MARKER";

iru::fake::Config fake_config(int apps, int teams) {
    iru::fake::Config config;
    config.account.apps = apps;
    config.account.teams = teams;
    config.account.members_per_team = 6;
    config.server.rate_limit_start = 100'000'000;  // the budget is not under test here
    config.server.rate_limit_capacity = 100'000'000;
    return config;
}

struct RunResult {
    CollectOutcome outcome;
    std::vector<EmittedRecord> records;
    std::vector<std::string> log_lines;
    std::vector<std::string> phases;
    ClientStats stats;

    std::vector<EmittedRecord> of(const std::string& type) const {
        std::vector<EmittedRecord> out;
        for (const auto& r : records)
            if (r.type == type) out.push_back(r);
        return out;
    }
    json summary() const { return records.back().json(); }
};

struct RunSetup {
    CollectOptions options;
    int concurrency = 8;
    // A guard against a hung run, not a speed target: the 2500-app run under ASan on a loaded
    // machine takes about two minutes. Below the sanitize job's 600 s test timeout, so a hang still
    // ends with the plugin's own message.
    std::chrono::milliseconds max_run_time{480'000};
    std::int64_t rate_limit_reserve = 0;
    // Called before the run (may install sink hooks or start threads that cancel the client).
    std::function<void(iru::test::MemorySink&, ApiClient&)> before;
};

RunResult run_collection(FakeHeroku& fake, const RunSetup& setup = {}) {
    ClientOptions options = iru::test::test_client_options(fake.base_url(), setup.concurrency);
    // Generous: on a loaded machine (the test job runs two suites at once) the fake's big pages can
    // take seconds; these tests are about what is collected, not about a slow server.
    options.connect_timeout = std::chrono::milliseconds(10'000);
    options.read_timeout = std::chrono::milliseconds(30'000);
    options.max_retries = 1;
    options.rate_limit_reserve = setup.rate_limit_reserve;
    options.max_rate_limit_wait = std::chrono::milliseconds(200);
    options.max_run_time = setup.max_run_time;
    iru::test::TestCollectionSetup collection;
    collection.options = setup.options;
    collection.before = setup.before;
    iru::test::TestCollection run =
        iru::test::run_test_collection(options, fake.token(), collection);
    RunResult result;
    result.outcome = run.outcome;
    result.records = std::move(run.records);
    result.log_lines = std::move(run.log_lines);
    result.phases = std::move(run.phases);
    result.stats = run.stats;
    return result;
}

std::string digest_of(const std::string& data) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(json::parse(data).dump());
    return "sha256:" + Poco::DigestEngine::digestToHex(sha.digest());
}

// Nothing secret anywhere: no marker, no planted secret, no HRKU- string, in records and logs.
void require_no_secret(const FakeHeroku& fake, const RunResult& run) {
    // Every planted secret carries the marker, so searching for the marker finds any of them.
    const auto secrets = fake.planted_secrets();
    REQUIRE_FALSE(secrets.empty());
    for (const auto& s : secrets) REQUIRE(s.find(marker) != std::string::npos);
    auto clean = [&](const std::string& text) {
        return text.find(marker) == std::string::npos && text.find("HRKU-") == std::string::npos;
    };
    std::size_t dirty = 0;
    for (const auto& r : run.records)
        if (!clean(r.type) || !clean(r.key) || !clean(r.data)) ++dirty;
    for (const auto& line : run.log_lines)
        if (!clean(line)) ++dirty;
    CHECK(clean(run.outcome.message));
    CHECK(dirty == 0);
}

// The summary is last, exactly once, and its counts equal what was emitted.
void check_summary_consistent(const RunResult& run) {
    REQUIRE_FALSE(run.records.empty());
    CHECK(run.records.back().type == "heroku.collection_summary");
    CHECK(run.records.back().key == "summary");
    CHECK(run.of("heroku.collection_summary").size() == 1);
    std::map<std::string, std::uint64_t> counted;
    for (const auto& r : run.records)
        if (r.type != "heroku.collection_summary") ++counted[r.type];
    const json summary = run.summary();
    CHECK(summary["status"] == std::string(to_string(run.outcome.status)));
    json expected = json::object();
    for (const auto& [type, n] : counted) expected[type] = n;
    CHECK(summary["counts"] == expected);
    const json schema = iru::test::read_json_file(std::filesystem::path(IRU_RECORD_SCHEMAS_DIR) /
                                                  "heroku.collection_summary.schema.json");
    const auto errors = iru::test::schema_errors(schema, summary);
    for (const auto& e : errors) INFO(e);
    CHECK(errors.empty());
}

std::set<std::string> app_ids(const RunResult& run) {
    std::set<std::string> ids;
    for (const auto& r : run.of("heroku.app")) ids.insert(r.key);
    return ids;
}

std::string request_line(const iru::fake::RecordedRequest& r) {
    return r.method + " " + r.path + (r.query.empty() ? "" : "?" + r.query) + " [" + r.range + "]";
}

}  // namespace

TEST_CASE("a 2500-app account is collected completely and economically without secrets",
          "[collector][fake]") {
    auto config = fake_config(2500, 3);
    FakeHeroku fake(config);
    fake.start();
    const auto& account = fake.account();
    const RunResult run = run_collection(fake);
    INFO(run.outcome.message);
    REQUIRE(run.outcome.status == Status::ok);
    check_summary_consistent(run);
    require_no_secret(fake, run);

    // Every app: the union of /apps and the teams' app lists.
    std::set<std::string> expected_apps;
    for (const auto& app : account.apps) expected_apps.insert(app.id);
    CHECK(app_ids(run) == expected_apps);
    std::size_t members = 0, invitations = 0, attachments = 0, ea_members = 0;
    for (const auto& t : account.teams) {
        members += t.members.size();
        invitations += t.invitations.size();
    }
    for (const auto& a : account.addons) attachments += a.attachments.size();
    for (const auto& ea : account.enterprise_accounts) ea_members += ea.members.size();
    CHECK(run.of("heroku.account").size() == 1);
    CHECK(run.of("heroku.team").size() == account.teams.size());
    CHECK(run.of("heroku.team_member").size() == members);
    CHECK(run.of("heroku.team_invitation").size() == invitations);
    CHECK(run.of("heroku.addon").size() == account.addons.size());
    CHECK(run.of("heroku.addon_attachment").size() == attachments);
    CHECK(run.of("heroku.pipeline").size() == account.pipelines.size());
    CHECK(run.of("heroku.pipeline_coupling").size() == account.couplings.size());
    CHECK(run.of("heroku.space").size() == account.spaces.size());
    CHECK(run.of("heroku.enterprise_account").size() == account.enterprise_accounts.size());
    CHECK(run.of("heroku.enterprise_member").size() == ea_members);
    CHECK(run.of("heroku.config_vars").size() == account.apps.size());
    CHECK(run.of("heroku.token").size() == 1);
    // Every record type of the plugin is present in this account.
    for (auto type : record_types()) {
        INFO(type);
        CHECK_FALSE(run.of(std::string(type)).empty());
    }

    // Releases: the newest min(releases_per_app, served) per app, newest first.
    std::map<std::string, std::vector<int>> versions;
    for (const auto& r : run.of("heroku.release")) {
        const json d = r.json();
        versions[d["app"]["id"]].push_back(d["version"].get<int>());
    }
    CHECK(versions.size() == account.apps.size());
    for (const auto& [app, v] : versions) {
        CHECK(v.size() == static_cast<std::size_t>(std::min(10, config.account.releases_per_app)));
        CHECK(std::is_sorted(v.rbegin(), v.rend()));
    }

    // Access: from the permission matrix for admin teams, per-app collaborators otherwise.
    std::map<std::string, std::string> team_role;
    for (const auto& t : account.teams) team_role[t.id] = t.role;
    std::set<std::string> access_keys;
    for (const auto& r : run.of("heroku.app_access")) {
        const json d = r.json();
        CHECK(access_keys.insert(r.key).second);
        const bool admin_team = d.contains("team") && team_role[d["team"]["id"]] == "admin";
        CHECK(d["source"] == (admin_team ? "team_permissions" : "collaborators"));
    }
    std::size_t expected_access = 0;
    for (const auto& app : account.apps) expected_access += app.collaborators.size();
    CHECK(access_keys.size() == expected_access);

    // Requests: GET only, no URL read twice, big lists over several pages, SNI only where used.
    const auto requests = fake.requests();
    std::set<std::string> lines;
    std::map<std::string, int> per_path;
    std::size_t sni_requests = 0, admin_collaborator_requests = 0;
    std::set<std::string> admin_apps;
    for (const auto& app : account.apps)
        if (app.team >= 0 && account.teams[static_cast<std::size_t>(app.team)].role == "admin")
            admin_apps.insert(app.id);
    std::size_t review_config_requests = 0;
    std::uint64_t resent = 0;  // a request the client sent again (timeout, closed connection)
    for (const auto& r : requests) {
        INFO(request_line(r) << " -> " << r.status);
        CHECK(r.method == "GET");
        // A fir space's VPN connections, peerings and NAT: what its generation does not offer.
        const bool not_offered =
            r.path.rfind("/spaces/", 0) == 0 && (r.status == 404 || r.status == 422);
        // A pipeline without review apps answers 404: recorded as such, not a gap.
        const bool review_config = r.path.ends_with("/review-app-config");
        review_config_requests += review_config ? 1 : 0;
        CHECK((r.status == 200 || r.status == 206 || not_offered ||
               (review_config && r.status == 404)));
        if (!lines.insert(request_line(r)).second) {
            ++resent;
            continue;
        }
        ++per_path[r.path];
        if (r.path.size() > 14 && r.path.substr(r.path.size() - 14) == "/sni-endpoints")
            ++sni_requests;
        for (const auto& id : {std::string("/teams/apps/"), std::string("/apps/")})
            if (r.path.rfind(id, 0) == 0 && r.path.find("/collaborators") != std::string::npos &&
                admin_apps.count(r.path.substr(id.size(), 36)))
                ++admin_collaborator_requests;
    }
    // No URL planned twice; the fake saw a URL again only as many times as the client retried.
    CHECK(run.stats.duplicate_urls == 0);
    CHECK(resent <= run.stats.retries);
    CHECK(admin_collaborator_requests == 0);
    // Each list read to its end in pages of 1000: several pages for the big ones.
    auto pages_for = [](std::size_t items) {
        return std::max<std::size_t>(1, (items + 999) / 1000);
    };
    std::size_t listed_apps = 0;
    for (const auto& app : account.apps) listed_apps += app.in_apps_list ? 1 : 0;
    CHECK(listed_apps > 1000);
    CHECK(per_path["/apps"] == static_cast<int>(pages_for(listed_apps)));
    CHECK(per_path["/addons"] == static_cast<int>(pages_for(account.addons.size())));
    CHECK(per_path["/addon-attachments"] == static_cast<int>(pages_for(attachments)));
    CHECK(per_path["/pipeline-couplings"] == static_cast<int>(pages_for(account.couplings.size())));
    CHECK(per_path["/stacks"] == 1);
    // One review app config per pipeline, each once: configured where the pipeline has review
    // apps, a record with configured false (and no gap) where it answered 404.
    CHECK(review_config_requests == account.pipelines.size());
    std::map<std::string, bool> configured;
    for (const auto& r : run.of("heroku.pipeline_review_config")) {
        const json d = r.json();
        CHECK(r.key == d["pipeline"]["id"]);
        configured[r.key] = d["configured"].get<bool>();
        if (!d["configured"].get<bool>()) CHECK(d.size() <= 3);  // configured, pipeline, team
    }
    REQUIRE(configured.size() == account.pipelines.size());
    std::size_t with_review_apps = 0;
    for (const auto& p : account.pipelines) {
        CHECK(configured[p.id] == p.review_apps);
        with_review_apps += p.review_apps ? 1 : 0;
    }
    CHECK(with_review_apps > 0);
    CHECK(with_review_apps < account.pipelines.size());
    const auto stacks = run.of("heroku.stack");
    CHECK(stacks.size() == 3);
    std::set<std::string> stack_states;
    for (const auto& r : stacks) stack_states.insert(r.json()["state"].get<std::string>());
    CHECK(stack_states.count("deprecated") == 1);
    for (const auto& t : account.teams)
        CHECK(per_path["/teams/" + t.id + "/apps"] == static_cast<int>(pages_for(t.apps.size())));
    // Progress was reported, ending with "done".
    REQUIRE_FALSE(run.phases.empty());
    CHECK(run.phases.back() == "done");
    std::set<std::string> apps_using_sni;
    for (const auto& r : run.of("heroku.domain")) {
        const json d = r.json();
        if (d["sni_endpoint"].is_object()) apps_using_sni.insert(d["app"]["id"]);
    }
    CHECK(sni_requests == apps_using_sni.size());
    CHECK(sni_requests < account.apps.size());
    const json summary = run.summary();
    CHECK(summary["requests"]["total"] == requests.size());
    CHECK(summary["requests"]["pages"].get<std::size_t>() > 0);
    // What each type's reads cost: the webhooks one request per app; the rest of total is the
    // account's own requests (the account, the token).
    const json& by_type = summary["requests"]["by_type"];
    INFO(by_type.dump());
    CHECK(by_type.value("heroku.app_webhook", std::size_t{0}) == run.of("heroku.app").size());
    int app_list_pages = per_path["/apps"];
    for (const auto& t : account.teams) app_list_pages += per_path["/teams/" + t.id + "/apps"];
    CHECK(by_type.value("heroku.app", 0) == app_list_pages);
    CHECK(by_type.value("heroku.stack", 0u) == 1);
    std::uint64_t typed = 0;
    for (const auto& [type, sent] : by_type.items()) typed += sent.get<std::uint64_t>();
    CHECK(typed <= requests.size());
    CHECK(requests.size() - typed <= 10);
    CHECK(summary["gaps"].empty());
    CHECK(summary["token"]["matched"] == true);
    CHECK(summary["token"]["expires_in_days"] == 30);
    CHECK(summary["token"]["warning"].is_null());
    CHECK(summary["account"]["email"] == account.me().email);
    CHECK(summary["teams"].size() == account.teams.size());
    for (const auto& t : summary["teams"]) {
        const auto* team = account.find_team(t["id"]);
        REQUIRE(team != nullptr);
        CHECK(t["role"] == team->role);
        CHECK(t["app_count"] == team->apps.size());
        CHECK(summary["missing_apps_hint"].get<std::string>().find(team->name) !=
              std::string::npos);
    }
    // The enterprise account's teams, the one the account is not in named as a source of missing
    // apps.
    std::size_t enterprise_teams = 0, team_features = 0, allowed_services = 0;
    for (const auto& ea : account.enterprise_accounts) {
        enterprise_teams += ea.teams_not_joined.size();
        for (const auto& t : ea.teams_not_joined)
            CHECK(summary["missing_apps_hint"].get<std::string>().find(t.name + ".") !=
                  std::string::npos);
    }
    for (const auto& t : account.teams) {
        enterprise_teams += t.enterprise_account >= 0 ? 1 : 0;
        team_features += account.team_features.size();
        allowed_services += t.allowed_addon_services.size();
    }
    CHECK(run.of("heroku.enterprise_team").size() == enterprise_teams);
    CHECK(run.of("heroku.team_feature").size() == team_features);
    CHECK(run.of("heroku.allowed_addon_service").size() == allowed_services);
    CHECK(run.of("heroku.account_feature").size() == account.account_features.size());
    CHECK(run.of("heroku.ssh_key").size() == account.ssh_public_keys.size());
    CHECK(run.of("heroku.oauth_client").size() == account.oauth_clients.size());
    CHECK(run.of("heroku.app_transfer").size() == account.app_transfers.size());
    for (const auto& r : run.of("heroku.team")) {  // with the team's preferences, as served
        const json d = r.json();
        const auto team = std::find_if(account.teams.begin(), account.teams.end(),
                                       [&](const auto& t) { return t.id == d["id"]; });
        REQUIRE(team != account.teams.end());
        CHECK(d["preferences"]["default-permission"] == team->default_permission);
        CHECK(d["preferences"]["addons-controls"] == (team->type == "enterprise"));
    }
    // Webhooks (every 5th app): the receiving URL as scheme and host, never its secret.
    std::size_t webhook_apps = 0;
    for (const auto& app : account.apps) webhook_apps += app.index % 5 == 0 ? 1 : 0;
    CHECK(run.of("heroku.app_webhook").size() == webhook_apps);
    for (const auto& r : run.of("heroku.app_webhook")) {
        const json d = r.json();
        CHECK(d["url"] == "https://hooks.slack.com");
        CHECK_FALSE(d.contains("secret"));
        CHECK_FALSE(d.contains("authorization"));
        CHECK(r.key == d["app"]["id"].get<std::string>() + "/" + d["id"].get<std::string>());
    }
    // Identity providers (the SSO teams): the certificate's facts, never the certificate.
    std::size_t sso_teams = 0;
    for (const auto& t : account.teams) sso_teams += t.identity_provider.empty() ? 0 : 1;
    REQUIRE(sso_teams > 0);
    CHECK(run.of("heroku.identity_provider").size() == sso_teams);
    for (const auto& r : run.of("heroku.identity_provider")) {
        const json d = r.json();
        CHECK(d["certificate_parse_error"].is_null());
        REQUIRE(d["certificates"].size() == 1);
        CHECK(d["certificates"][0]["subject"] == "CN=sso.acme.example,O=Acme Example,C=US");
        CHECK(d["certificates"][0]["not_after"] == "2125-12-01T13:35:52Z");
        CHECK(d["sso_target_url"] == "https://sso.acme.example");
        CHECK_FALSE(d.contains("certificate"));
    }
    for (const auto& r : run.records) CHECK(r.data.find("BEGIN CERTIFICATE") == std::string::npos);
    for (const auto& f : summary["findings"])
        CHECK(f["message"].get<std::string>().find("identity provider") == std::string::npos);
    // Apps on heroku-20 (deprecated in /stacks): counted by the summary, one finding.
    std::size_t on_heroku_20 = 0;
    for (const auto& r : run.of("heroku.app"))
        on_heroku_20 += r.json()["stack"]["name"] == "heroku-20" ? 1 : 0;
    CHECK(on_heroku_20 > 0);
    std::size_t stack_findings = 0;
    for (const auto& f : summary["findings"]) {
        if (f["message"].get<std::string>().find("on a deprecated stack") == std::string::npos)
            continue;
        ++stack_findings;
        CHECK(f["count"] == on_heroku_20);
        CHECK(f["remedy"].get<std::string>().find("heroku stack:set heroku-24") !=
              std::string::npos);
    }
    CHECK(stack_findings == 1);

    // Config vars: names only, sorted; records stand alone; every record satisfies its schema.
    std::map<std::string, json> schemas;
    for (auto type : record_types())
        schemas[std::string(type)] = iru::test::read_json_file(
            std::filesystem::path(IRU_RECORD_SCHEMAS_DIR) / (std::string(type) + ".schema.json"));
    std::size_t schema_failures = 0;
    std::set<std::pair<std::string, std::string>> keys;
    for (const auto& r : run.records) {
        CHECK(keys.insert({r.type, r.key}).second);
        const auto errors = iru::test::schema_errors(schemas.at(r.type), r.json());
        if (!errors.empty() && schema_failures++ < 5) {
            INFO(r.type << " " << r.key << ": " << errors.front());
            CHECK(errors.empty());
        }
    }
    CHECK(schema_failures == 0);
    for (const auto& r : run.of("heroku.config_vars")) {
        const json d = r.json();
        CHECK(std::is_sorted(d["names"].begin(), d["names"].end()));
        CHECK(d["app"]["id"] == r.key);
    }
}

// The fake serves Heroku's fields and nothing else unless a hostile mode plants some: a plain run
// over every record type must name no field as not recognized, or the allow-list and the fake have
// drifted apart.
TEST_CASE("a plain fake account has no field the allow-list does not recognize",
          "[collector][fake]") {
    FakeHeroku fake(fake_config(150, 3));
    fake.start();
    const RunResult run = run_collection(fake);
    INFO(run.outcome.message);
    REQUIRE(run.outcome.status == Status::ok);
    for (auto type : record_types()) {
        INFO(type);
        REQUIRE_FALSE(run.of(std::string(type)).empty());  // every row's items were seen
    }
    const json summary = run.summary();
    REQUIRE(summary.contains("fields_not_recognized"));
    CHECK(summary["fields_not_recognized"] == json::object());
}

TEST_CASE("403 and 404 apps and denied team lists are gaps, and the run is partial",
          "[collector][fake]") {
    FakeHeroku fake(fake_config(60, 3));
    fake.start();
    const auto& account = fake.account();
    const iru::fake::App& forbidden = account.apps[3];
    const iru::fake::App& deleted = account.apps[40];
    const iru::fake::Team* admin = nullptr;
    for (const auto& t : account.teams)
        if (t.role == "admin") admin = &t;
    REQUIRE(admin != nullptr);
    iru::fake::FaultSpec faults;
    faults.forbidden_apps = {forbidden.name};
    faults.deleted_apps = {deleted.id};
    faults.teams_denying_members = {account.teams[1].name};
    faults.teams_denying_invitations = {account.teams[2].id};
    faults.teams_denying_permissions = {admin->id};
    fake.set_faults(faults);

    const RunResult run = run_collection(fake);
    CHECK(run.outcome.status == Status::partial);
    CHECK_FALSE(run.outcome.message.empty());
    check_summary_consistent(run);
    require_no_secret(fake, run);
    // Both apps are still recorded from the lists.
    CHECK(app_ids(run).count(forbidden.id) == 1);
    CHECK(app_ids(run).count(deleted.id) == 1);

    const json gaps = run.summary()["gaps"];
    auto gap_of = [&](const std::string& kind) {
        std::vector<json> out;
        for (const auto& g : gaps)
            if (g["kind"] == kind) out.push_back(g);
        return out;
    };
    REQUIRE(gap_of("app_not_visible").size() == 1);
    CHECK(gap_of("app_not_visible")[0]["app"]["id"] == forbidden.id);
    CHECK(gap_of("app_not_visible")[0]["app"]["name"] == forbidden.name);
    CHECK_FALSE(gap_of("app_not_visible")[0]["reason"].get<std::string>().empty());
    REQUIRE(gap_of("app_vanished").size() == 1);
    CHECK(gap_of("app_vanished")[0]["app"]["id"] == deleted.id);
    REQUIRE(gap_of("team_members_denied").size() == 1);
    CHECK(gap_of("team_members_denied")[0]["team"]["id"] == account.teams[1].id);
    REQUIRE(gap_of("team_invitations_denied").size() == 1);
    CHECK(gap_of("team_invitations_denied")[0]["team"]["name"] == account.teams[2].name);
    REQUIRE(gap_of("team_permissions_denied").size() == 1);
    CHECK(gap_of("team_permissions_denied")[0]["team"]["id"] == admin->id);
    CHECK(gaps.size() == 5);

    // At most one request for each of the two apps; the denied admin team falls back to
    // per-app collaborators (one request per visible app of the team).
    std::size_t forbidden_requests = 0, deleted_requests = 0, team_collaborator_requests = 0;
    for (const auto& r : fake.requests()) {
        if (r.path.find(forbidden.id) != std::string::npos) ++forbidden_requests;
        if (r.path.find(deleted.id) != std::string::npos) ++deleted_requests;
        if (r.path.rfind("/teams/apps/", 0) == 0) {
            const auto* app = account.find_app(r.path.substr(12, 36));
            if (app && app->team >= 0 &&
                account.teams[static_cast<std::size_t>(app->team)].id == admin->id)
                ++team_collaborator_requests;
        }
    }
    CHECK(forbidden_requests == 1);
    CHECK(deleted_requests == 1);
    std::size_t visible_admin_apps = 0;
    for (auto i : admin->apps)
        if (account.apps[i].id != forbidden.id && account.apps[i].id != deleted.id)
            ++visible_admin_apps;
    CHECK(team_collaborator_requests == visible_admin_apps);
    for (const auto& r : run.of("heroku.app_access")) CHECK(r.json()["source"] == "collaborators");
}

TEST_CASE("filters: record types, apps and teams by name, id or glob", "[collector][fake]") {
    FakeHeroku fake(fake_config(40, 3));
    fake.start();
    const auto& account = fake.account();

    SECTION("include and exclude record types; excluded types are not fetched") {
        RunSetup setup;
        setup.options.include = {"heroku.app", "heroku.release", "heroku.dyno"};
        setup.options.exclude = {"heroku.dyno"};
        setup.options.releases_per_app = 2;
        const RunResult run = run_collection(fake, setup);
        CHECK(run.outcome.status == Status::ok);
        check_summary_consistent(run);
        std::set<std::string> types;
        for (const auto& r : run.records) types.insert(r.type);
        CHECK(types ==
              std::set<std::string>{"heroku.app", "heroku.release", "heroku.collection_summary"});
        CHECK(run.of("heroku.release").size() == 2 * account.apps.size());
        for (const auto& r : fake.requests()) {
            INFO(r.path);
            CHECK(r.path.find("/dynos") == std::string::npos);
            CHECK(r.path.find("/config-vars") == std::string::npos);
            CHECK(r.path.find("/members") == std::string::npos);
            CHECK(r.path != "/addons");
        }
    }
    SECTION("apps by glob and id; teams by name") {
        const auto& first = account.apps[0];
        const auto& other = account.apps[25];
        RunSetup setup;
        const std::string prefix = other.name.substr(0, other.name.find('-') + 1);
        setup.options.apps = {first.id, prefix + "*"};
        const RunResult run = run_collection(fake, setup);
        CHECK(run.outcome.status == Status::ok);
        check_summary_consistent(run);
        std::set<std::string> expected;
        for (const auto& app : account.apps)
            if (app.id == first.id || app.name.rfind(prefix, 0) == 0) expected.insert(app.id);
        CHECK(app_ids(run) == expected);
        CHECK(expected.size() < account.apps.size());
        for (const auto& r : run.records) {
            const json d = r.json();
            if (r.type != "heroku.app" && d.contains("app") && d["app"].is_object() &&
                d["app"].contains("id"))
                CHECK(expected.count(d["app"]["id"]) == 1);
        }

        fake.clear_requests();
        RunSetup by_team;
        by_team.options.teams = {account.teams[1].name};
        const RunResult team_run = run_collection(fake, by_team);
        CHECK(team_run.outcome.status == Status::ok);
        std::set<std::string> team_expected;
        for (const auto& app : account.apps)
            if (app.team < 0 || app.team == 1) team_expected.insert(app.id);
        CHECK(app_ids(team_run) == team_expected);
        const json team_summary = team_run.summary();
        REQUIRE(team_summary["teams"].size() == account.teams.size());  // all teams are named
        for (const auto& t : team_summary["teams"])
            if (t["id"] != account.teams[1].id) CHECK(t["app_count"] == 0);
        CHECK(team_summary["missing_apps_hint"].get<std::string>().find(
                  account.teams[0].name + " (" + account.teams[0].role + ", left out") !=
              std::string::npos);
        REQUIRE(team_run.of("heroku.team").size() == 1);
        CHECK(team_run.of("heroku.team")[0].key == account.teams[1].id);
        for (const auto& r : fake.requests())
            for (std::size_t t : {0U, 2U})
                CHECK(r.path.find(account.teams[t].id) == std::string::npos);
    }
}

TEST_CASE("cancellation mid-run stops promptly with a cancelled summary", "[collector][fake]") {
    FakeHeroku fake(fake_config(300, 3));
    fake.start();

    SECTION("the host asks to stop (should_cancel)") {
        RunSetup setup;
        setup.before = [](iru::test::MemorySink& sink, ApiClient&) {
            sink.on_emit([&sink, n = std::make_shared<std::atomic<int>>(0)] {
                if (++*n == 400) sink.cancel_ = true;
            });
        };
        const RunResult run = run_collection(fake, setup);
        CHECK(run.outcome.status == Status::cancelled);
        check_summary_consistent(run);
        const json summary = run.summary();
        CHECK(summary["status"] == "cancelled");
        CHECK_FALSE(summary["message"].get<std::string>().empty());
        CHECK(run.records.size() < 600);  // stopped within a few requests per worker
        bool cancelled_gap = false;
        for (const auto& g : summary["gaps"])
            cancelled_gap = cancelled_gap || g["kind"] == "cancelled";
        CHECK(cancelled_gap);
    }
    SECTION("client.cancel() from another thread") {
        fake.set_latency(std::chrono::milliseconds(2));
        std::thread canceller;
        RunSetup setup;
        setup.before = [&](iru::test::MemorySink& sink, ApiClient& client) {
            sink.on_emit([&client, n = std::make_shared<std::atomic<int>>(0)] {
                if (++*n == 500) client.cancel();
            });
        };
        const auto started = std::chrono::steady_clock::now();
        const RunResult run = run_collection(fake, setup);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
        CHECK(run.outcome.status == Status::cancelled);
        check_summary_consistent(run);
        CHECK(run.summary()["status"] == "cancelled");
    }
}

TEST_CASE("a second run gives identical keys and digests", "[collector][fake]") {
    auto config = fake_config(80, 3);
    config.account.token_expires_in = std::nullopt;  // expires_at would move with the clock
    FakeHeroku fake(config);
    fake.start();
    auto digests = [](const RunResult& run) {
        std::map<std::string, std::string> out;
        for (const auto& r : run.records)
            if (r.type != "heroku.collection_summary")
                out[r.type + " " + r.key] = digest_of(r.data);
        return out;
    };
    RunSetup setup;
    setup.concurrency = 4;
    const RunResult first = run_collection(fake, setup);
    const RunResult second = run_collection(fake, setup);
    REQUIRE(first.outcome.status == Status::ok);
    REQUIRE(second.outcome.status == Status::ok);
    const auto a = digests(first);
    const auto b = digests(second);
    CHECK(a.size() + 1 == first.records.size());  // keys are unique per type
    CHECK(a == b);
}

TEST_CASE("token expiry within 14 days is warned about", "[collector][fake]") {
    auto config = fake_config(5, 1);
    config.account.token_expires_in = 3 * 86400 + 60;
    FakeHeroku fake(config);
    fake.start();
    const RunResult run = run_collection(fake);
    CHECK(run.outcome.status == Status::ok);
    const json token = run.summary()["token"];
    CHECK(token["matched"] == true);
    CHECK(token["expires_in_days"] == 3);
    REQUIRE(token["warning"].is_string());
    CHECK(run.summary()["warnings"].size() >= 1);
    REQUIRE(run.of("heroku.token").size() == 1);
    const json record = run.of("heroku.token")[0].json();
    CHECK(record["expires_at"].is_string());
    CHECK_FALSE(record.contains("access_token"));
    require_no_secret(fake, run);
}

TEST_CASE("an expired token ends the run as auth_failed, with a summary", "[collector][fake]") {
    FakeHeroku fake(fake_config(5, 1));
    fake.start();
    iru::fake::FaultSpec faults;
    faults.token_expired = true;
    fake.set_faults(faults);
    const RunResult run = run_collection(fake);
    CHECK(run.outcome.status == Status::auth_failed);
    CHECK_FALSE(run.outcome.message.empty());
    REQUIRE(run.records.size() == 1);
    CHECK(run.summary()["status"] == "auth_failed");
    CHECK(run.summary()["message"] == run.outcome.message);
    CHECK(run.summary()["account"].is_null());
    CHECK(fake.requests().size() == 1);
    require_no_secret(fake, run);
}

TEST_CASE("max_run_time stops the run as partial and keeps what was collected",
          "[collector][fake]") {
    FakeHeroku fake(fake_config(200, 2));
    fake.start();
    fake.set_latency(std::chrono::milliseconds(3));
    RunSetup setup;
    setup.concurrency = 2;
    setup.max_run_time = std::chrono::milliseconds(400);
    const auto started = std::chrono::steady_clock::now();
    const RunResult run = run_collection(fake, setup);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK(run.outcome.status == Status::partial);
    check_summary_consistent(run);
    CHECK(run.of("heroku.account").size() == 1);
    const json summary = run.summary();
    INFO(summary["gaps"].dump().substr(0, 2000));
    bool exceeded = false;
    for (const auto& g : summary["gaps"]) exceeded = exceeded || g["kind"] == "run_time_exceeded";
    CHECK(exceeded);
}

TEST_CASE("a budget that cannot last until max_run_time stops the run as partial",
          "[collector][fake]") {
    auto config = fake_config(50, 2);
    config.server.rate_limit_start = 60;
    config.server.rate_limit_capacity = 60;
    FakeHeroku fake(config);
    fake.start();
    RunSetup setup;
    setup.concurrency = 2;
    setup.rate_limit_reserve = 50;  // paced at ~1.25 requests/s after ten requests
    setup.max_run_time = std::chrono::milliseconds(3000);
    const auto started = std::chrono::steady_clock::now();
    const RunResult run = run_collection(fake, setup);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(6));
    CHECK(run.outcome.status == Status::partial);
    check_summary_consistent(run);
    const json summary = run.summary();
    CHECK(summary["requests"]["throttled_waits"].get<int>() > 0);
    std::size_t exceeded = 0;
    for (const auto& g : summary["gaps"])
        if (g["kind"] == "run_time_exceeded") ++exceeded;
    CHECK(exceeded == 1);
    CHECK(run.of("heroku.account").size() == 1);
}

namespace {

std::size_t requests_to(const std::vector<iru::fake::RecordedRequest>& requests,
                        const std::string& path) {
    return static_cast<std::size_t>(std::count_if(requests.begin(), requests.end(),
                                                  [&](const auto& r) { return r.path == path; }));
}

}  // namespace

TEST_CASE(
    "private spaces of both generations: the network boundary, and what a generation does "
    "not offer listed, not a gap",
    "[collector][fake][spaces]") {
    FakeHeroku fake(fake_config(60, 3));
    fake.start();
    const auto& account = fake.account();
    const RunResult run = run_collection(fake);
    INFO(run.outcome.message);
    REQUIRE(run.outcome.status == Status::ok);
    check_summary_consistent(run);
    require_no_secret(fake, run);
    const json summary = run.summary();
    CHECK(summary["gaps"].empty());

    std::size_t vpns = 0, peerings = 0, nats = 0, members = 0, drains = 0, fir_spaces = 0;
    for (const auto& space : account.spaces) {
        vpns += space.vpn_connections.size();
        peerings += space.peerings.size();
        nats += space.generation == "cedar" ? 1 : 0;
        members += space.members.size();
        drains += space.telemetry_drains.size();
        fir_spaces += space.generation == "fir" ? 1 : 0;
    }
    std::size_t fir_apps = 0;
    for (const auto& app : account.apps) fir_apps += app.generation == "fir" ? 1 : 0;
    REQUIRE(fir_spaces == 1);
    REQUIRE(account.spaces.size() == 2);
    REQUIRE(fir_apps >= 1);
    CHECK(run.of("heroku.space_inbound_ruleset").size() == account.spaces.size());
    CHECK(run.of("heroku.space_vpn_connection").size() == vpns);
    CHECK(run.of("heroku.space_peering").size() == peerings);
    CHECK(run.of("heroku.space_nat").size() == nats);
    CHECK(run.of("heroku.space_access").size() == members);
    CHECK(run.of("heroku.telemetry_drain").size() == drains + fir_apps);

    for (const auto& r : run.of("heroku.space_inbound_ruleset")) {
        const json d = r.json();
        CHECK(r.key == d["space"]["id"]);
        CHECK(d["rules"].size() == 2);
        CHECK(d["rules"][0]["action"] == "allow");
        CHECK(d["team"].is_object());
    }
    for (const auto& r : run.of("heroku.space_vpn_connection")) {
        const json d = r.json();
        REQUIRE(d["tunnels"].size() == 1);
        CHECK_FALSE(d["tunnels"][0].contains("pre_shared_key"));
        CHECK(d["tunnels"][0]["status"] == "UP");
    }
    for (const auto& r : run.of("heroku.telemetry_drain")) {
        const json d = r.json();
        CHECK_FALSE(d["exporter"].contains("headers"));
        // The endpoint keeps scheme, host and port.
        CHECK(d["exporter"]["endpoint"] == "https://otel.example-observability.com:4318");
        CHECK((d.contains("space") != d.contains("app")));
    }

    // Each space endpoint once; a fir space's VPN connections, peerings and NAT answered 422,
    // 422 and 404 and are listed as not offered; a cedar space's telemetry drains are not asked
    // for (the catalogue: fir only), and neither are a cedar app's.
    std::set<std::tuple<std::string, std::string, std::string, json>> listed;
    for (const auto& n : summary["not_offered"])
        listed.insert({n["space"]["id"].get<std::string>(), n["type"].get<std::string>(),
                       n["generation"].get<std::string>(), n["http_status"]});
    std::set<std::tuple<std::string, std::string, std::string, json>> expected;
    const auto requests = fake.requests();
    for (const auto& space : account.spaces) {
        const std::string base = "/spaces/" + space.id;
        for (const char* e : {"/inbound-ruleset", "/members"})
            CHECK(requests_to(requests, base + e) == 1);
        if (space.generation == "fir") {
            for (const char* e : {"/vpn-connections", "/peerings", "/nat", "/telemetry-drains"})
                CHECK(requests_to(requests, base + e) == 1);
            expected.insert({space.id, "heroku.space_vpn_connection", "fir", 422});
            expected.insert({space.id, "heroku.space_peering", "fir", 422});
            expected.insert({space.id, "heroku.space_nat", "fir", 404});
        } else {
            for (const char* e : {"/vpn-connections", "/peerings", "/nat"})
                CHECK(requests_to(requests, base + e) == 1);
            CHECK(requests_to(requests, base + "/telemetry-drains") == 0);
            expected.insert({space.id, "heroku.telemetry_drain", "cedar", nullptr});
        }
    }
    CHECK(listed == expected);
    for (const auto& app : account.apps)
        CHECK(requests_to(requests, "/apps/" + app.id + "/telemetry-drains") ==
              (app.generation == "fir" ? 1U : 0U));
    CHECK(run.stats.duplicate_urls == 0);
}

TEST_CASE("a 403 on one endpoint of a private space is a gap for it alone, the rest is kept",
          "[collector][fake][spaces]") {
    auto config = fake_config(30, 3);
    FakeHeroku probe(config);
    const iru::fake::Space* cedar = nullptr;
    const iru::fake::Space* fir = nullptr;
    for (const auto& space : probe.account().spaces)
        (space.generation == "fir" ? fir : cedar) = &space;
    REQUIRE(cedar != nullptr);
    REQUIRE(fir != nullptr);
    config.faults.hostile.denied_space_endpoints = {cedar->name + "/vpn-connections",
                                                    fir->name + "/telemetry-drains"};
    FakeHeroku fake(config);
    fake.start();
    const RunResult run = run_collection(fake);
    INFO(run.outcome.message);
    REQUIRE(run.outcome.status == Status::partial);
    check_summary_consistent(run);
    const json summary = run.summary();
    std::set<std::string> denied;
    for (const auto& gap : summary["gaps"]) {
        CHECK(gap["kind"] == "space_endpoint_denied");
        CHECK(gap["team"].is_object());
        denied.insert(gap["resource"]);
    }
    CHECK(denied == std::set<std::string>{"/spaces/" + cedar->id + "/vpn-connections",
                                          "/spaces/" + fir->id + "/telemetry-drains"});
    // Everything else of both spaces, and the fir app's drains, were still collected.
    CHECK(run.of("heroku.space_vpn_connection").empty());
    CHECK(run.of("heroku.space_peering").size() == cedar->peerings.size());
    CHECK(run.of("heroku.space_nat").size() == 1);
    CHECK(run.of("heroku.space_inbound_ruleset").size() == 2);
    CHECK(run.of("heroku.space_access").size() == cedar->members.size() + fir->members.size());
    std::size_t fir_apps = 0;
    for (const auto& app : fake.account().apps) fir_apps += app.generation == "fir" ? 1 : 0;
    CHECK(run.of("heroku.telemetry_drain").size() == fir_apps);
    CHECK(run.of("heroku.space").size() == 2);
}

TEST_CASE("an identity provider certificate expiring within 30 days is a warning in the summary",
          "[collector][fake]") {
    auto config = fake_config(5, 3);
    config.faults.idp_certificate_expires_in_days = 12;
    FakeHeroku fake(config);
    fake.start();
    const RunResult run = run_collection(fake);
    INFO(run.outcome.message);
    REQUIRE(run.outcome.status == Status::ok);
    std::size_t sso_teams = 0;
    for (const auto& t : fake.account().teams) sso_teams += t.identity_provider.empty() ? 0 : 1;
    REQUIRE(run.of("heroku.identity_provider").size() == sso_teams);
    for (const auto& r : run.of("heroku.identity_provider")) {
        const json d = r.json();
        REQUIRE(d["certificates"].size() == 1);
        CHECK(d["certificates"][0]["subject"] ==
              "CN=expiring-sso.acme.example,O=Acme Example,C=US");
        CHECK(r.data.find("BEGIN CERTIFICATE") == std::string::npos);
    }
    std::size_t warned = 0;
    const json summary = run.summary();
    for (const auto& f : summary["findings"]) {
        const std::string message = f["message"].get<std::string>();
        if (message.find("identity provider certificate") == std::string::npos) continue;
        ++warned;
        CHECK(f["level"] == "warn");
        CHECK(f["count"] == sso_teams);
        CHECK_THAT(message, Catch::Contains("expiring-sso.acme.example"));
    }
    CHECK(warned == 1);
}

TEST_CASE("a denied webhook list is a gap for that endpoint alone", "[collector][fake]") {
    auto config = fake_config(10, 0);
    const FakeHeroku probe(config);
    const auto& app = probe.account().apps[5];  // has a webhook
    config.faults.hostile.denied_app_endpoints = {app.name + "/webhooks"};
    FakeHeroku fake(config);
    fake.start();
    const RunResult run = run_collection(fake);
    CHECK(run.outcome.status == Status::partial);
    const json summary = run.summary();
    std::size_t denied = 0;
    for (const auto& g : summary["gaps"])
        if (g["kind"] == "app_endpoint_denied" && g["resource"] == "/apps/" + app.id + "/webhooks")
            ++denied;
    CHECK(denied == 1);
    CHECK(summary["gaps"].size() == 1);
    std::size_t hooks = 0, releases = 0;
    for (const auto& r : run.of("heroku.app_webhook")) hooks += r.key.rfind(app.id, 0) == 0;
    for (const auto& r : run.of("heroku.release")) releases += r.key.rfind(app.id, 0) == 0;
    CHECK(hooks == 0);
    CHECK(releases > 0);
    CHECK(run.of("heroku.app_webhook").size() == 1);  // app 0's
}

namespace {

// A request's path with the names and ids in it replaced: "/apps/{}/webhooks".
std::string path_pattern(const std::string& path) {
    static const std::set<std::string> owners = {"apps",      "teams",  "spaces",
                                                 "pipelines", "addons", "enterprise-accounts"};
    std::string out;
    bool owned = false;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto slash = std::min(path.find('/', start), path.size());
        const std::string segment = path.substr(start, slash - start);
        const bool replace = owned && owners.count(segment) == 0;  // "/teams/apps/{}/..."
        out += "/" + (replace ? std::string("{}") : segment);
        owned = !replace && owners.count(segment) > 0;
        start = slash + 1;
    }
    return out;
}

// Every record but the summary, by type and key: its data as emitted.
std::map<std::pair<std::string, std::string>, std::string> records_by_key(const RunResult& run) {
    std::map<std::pair<std::string, std::string>, std::string> out;
    for (const auto& r : run.records)
        if (r.type != "heroku.collection_summary") out[{r.type, r.key}] = r.data;
    return out;
}

}  // namespace

TEST_CASE("every list is read to its end when each page holds one item",
          "[collector][fake][pagination]") {
    // The same account twice, on the same clock: once in Heroku's pages of 1,000, once in pages
    // of one item, so that every list of two items or more spans pages.
    auto config = fake_config(40, 3);
    config.account.token_expires_in = std::nullopt;  // expires_at would move with the clock
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    FakeHeroku reference_fake(config);
    config.server.max_page_size = 1;
    FakeHeroku paged_fake(config);
    for (FakeHeroku* fake : {&reference_fake, &paged_fake}) {
        fake->set_clock(now);
        fake->start();
    }
    RunSetup setup;
    setup.concurrency = 4;
    const RunResult reference = run_collection(reference_fake, setup);
    const RunResult paged = run_collection(paged_fake, setup);
    INFO(paged.outcome.message);
    REQUIRE(reference.outcome.status == Status::ok);
    REQUIRE(paged.outcome.status == Status::ok);
    check_summary_consistent(paged);
    require_no_secret(paged_fake, paged);
    CHECK(paged.summary()["gaps"].empty());

    // Every record of every type, byte for byte, but one: a private space's members all carry
    // the space's id, the attribute Heroku pages them by, so a page of one item resumes past the
    // space's other members, and a page that small cannot show the tie (pages of two can: the
    // next test).
    auto expected = records_by_key(reference);
    auto got = records_by_key(paged);
    const auto drop_space_access = [](auto& records) {
        for (auto it = records.begin(); it != records.end();)
            it = it->first.first == "heroku.space_access" ? records.erase(it) : std::next(it);
    };
    drop_space_access(expected);
    drop_space_access(got);
    CHECK(got.size() == expected.size());
    std::size_t differing = 0;
    for (const auto& [key, data] : expected) {
        const auto found = got.find(key);
        if (found == got.end() || found->second != data) {
            ++differing;
            UNSCOPED_INFO("differs: " << key.first << " " << key.second);
        }
    }
    CHECK(differing == 0);
    json counts = reference.summary()["counts"];
    counts.erase("heroku.space_access");
    json paged_counts = paged.summary()["counts"];
    paged_counts.erase("heroku.space_access");
    CHECK(paged_counts == counts);

    // It did page: no 416, no URL twice, later pages resumed with the Next-Range, and every kind
    // of request spanned at least two pages somewhere, but those that answer one object or, in
    // this account, a list of one item.
    const auto requests = paged_fake.requests();
    std::map<std::string, std::size_t> pages_of_path;
    std::size_t resumed = 0;
    for (const auto& r : requests) {
        CHECK(r.status != 416);
        ++pages_of_path[r.path + "?" + r.query];
        if (r.range.find(" ]") != std::string::npos) ++resumed;
    }
    std::map<std::string, std::size_t> most_pages;
    for (const auto& [path, n] : pages_of_path) {
        auto& most = most_pages[path_pattern(path.substr(0, path.find('?')))];
        most = std::max(most, n);
    }
    const std::set<std::string> single_page = {
        // Objects.
        "/account", "/apps/{}/config-vars", "/pipelines/{}/review-app-config",
        "/spaces/{}/inbound-ruleset", "/spaces/{}/nat", "/teams/{}/preferences",
        // Lists of one item here.
        "/enterprise-accounts", "/apps/{}/log-drains", "/apps/{}/sni-endpoints",
        "/apps/{}/telemetry-drains", "/apps/{}/webhooks", "/teams/{}/identity-providers",
        // No attribute orders the archives: always one page (fake_heroku/README.md).
        "/enterprise-accounts/{}/archives"};
    for (const auto& [pattern, n] : most_pages) {
        INFO(pattern << ": " << n << " pages at most");
        CHECK((single_page.count(pattern) > 0 ? n == 1 : n >= 2));
    }
    for (const char* pattern :
         {"/teams/apps/{}/collaborators", "/enterprise-accounts/{}/events",
          "/spaces/{}/vpn-connections", "/spaces/{}/telemetry-drains", "/oauth/clients", "/stacks"})
        CHECK(most_pages.count(pattern) == 1);
    CHECK(most_pages.size() > 30);
    CHECK(resumed > 0);
    CHECK(paged.stats.duplicate_urls == 0);
    CHECK(paged.stats.pages > reference.stats.pages);
}

TEST_CASE("a page that ends among space members sharing their id is a gap, what was read is kept",
          "[collector][fake][pagination][spaces]") {
    // The whole account in pages of two, so that no other list is reported for a tie it has not.
    auto config = fake_config(30, 3);
    config.server.max_page_size = 2;
    FakeHeroku fake(config);
    fake.start();
    const RunResult run = run_collection(fake);
    INFO(run.outcome.message);
    REQUIRE(run.outcome.status == Status::partial);
    check_summary_consistent(run);
    require_no_secret(fake, run);

    // Each space has three members: the first page holds two with the same id, the next resumes
    // after it. Both pages were read and kept; the list is reported, not passed off as complete.
    const json summary = run.summary();
    std::set<std::string> gapped;
    for (const auto& gap : summary["gaps"]) {
        INFO(gap.dump());
        CHECK(gap["kind"] == "request_failed");
        CHECK(gap["reason"].get<std::string>().find("the list is incomplete") != std::string::npos);
        gapped.insert(gap["resource"]);
    }
    std::set<std::string> expected;
    std::size_t kept = 0;
    for (const auto& space : fake.account().spaces) {
        REQUIRE(space.members.size() == 3);
        expected.insert("/spaces/" + space.id + "/members");
        kept += 2;
    }
    CHECK(gapped == expected);
    CHECK(run.of("heroku.space_access").size() == kept);
    CHECK(run.of("heroku.space_inbound_ruleset").size() == fake.account().spaces.size());
}

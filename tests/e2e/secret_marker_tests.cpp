// The secret-marker test: the real iru-host-stub and Heroku plugin collect from the fake Heroku
// serving every planted secret (one-off dyno commands with database URLs, drain URLs with the
// credential in the user-info, path, query or fragment, webhook URLs with a secret path and their
// signing secret and Authorization header, drain tokens, sms_number, undocumented
// fields at the top and nested). No marker and no byte of the token may appear in any file written
// (records, summary, state, logs) or anything printed; failures name the kind of secret and the
// file, never the secret. With the hostile answers on as well, each is a named gap and the rest is
// collected.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fake_heroku/fake_heroku.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view marker_prefix = "IRU-SECRET-MARKER-";

iru::fake::Config planted_account() {
    iru::fake::Config config;
    config.account.apps = 9;
    config.account.teams = 3;  // a cedar private space and a fir one (with a fir app)
    config.account.members_per_team = 3;
    config.account.releases_per_app = 2;
    config.faults.hostile.planted_secrets = true;
    return config;
}

struct Outputs {
    std::map<std::string, std::string> texts;  // what was printed or written, by where
};

// Everything the run left: stdout, stderr, and every regular file under root.
Outputs collect_outputs(const iru::test::ProcessResult& r, const fs::path& root) {
    Outputs o;
    o.texts["stdout"] = r.out;
    o.texts["stderr"] = r.err;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        o.texts[fs::relative(entry.path(), root).string()] = bytes.str();
    }
    return o;
}

// The kind of a planted secret: its marker id without the app or member it belongs to
// ("a3-drain-sumo-path" -> "drain-sumo-path", "member-<id>-future" -> "member-future").
std::string kind_of(const std::string& secret) {
    const auto at = secret.find(marker_prefix);
    if (at == std::string::npos) return "(a secret without a marker)";
    std::string id = secret.substr(at + marker_prefix.size());
    std::size_t i = 0;
    if (id.size() > 1 && id[0] == 'a' && std::isdigit(static_cast<unsigned char>(id[1]))) {
        i = 1;
        while (i < id.size() && std::isdigit(static_cast<unsigned char>(id[i]))) ++i;
        return id.substr(i + 1);
    }
    if (id.rfind("member-", 0) == 0 && id.size() > 7 + 36) return "member-" + id.substr(7 + 37);
    const auto end = id.find_first_not_of("abcdefghijklmnopqrstuvwxyz-");
    return id.substr(0, end);
}

// Kind of secret -> the files (by name) and streams it was found in; the token is "the token".
std::map<std::string, std::set<std::string>> leaks(const Outputs& o,
                                                   const std::vector<std::string>& secrets,
                                                   const std::string& token) {
    std::map<std::string, std::set<std::string>> found;
    for (const auto& [where, text] : o.texts) {
        const std::string name = fs::path(where).filename().string();
        if (text.find(token) != std::string::npos) found["the token"].insert(name);
        bool listed = false;
        for (const auto& secret : secrets) {
            if (secret == token || text.find(secret) == std::string::npos) continue;
            found[kind_of(secret)].insert(name);
            listed = true;
        }
        if (!listed && text.find(marker_prefix) != std::string::npos)
            found["an unlisted marker"].insert(name);
    }
    return found;
}

struct PlantedRun {
    iru::fake::FakeHeroku fake;
    iru::test::TempDir dir;
    fs::path config_file;

    explicit PlantedRun(iru::fake::Config config) : fake(std::move(config)) {
        fake.start();
        config_file = dir.path() / "host.json";
        iru::test::write_json(
            config_file,
            {{"plugin_dir", IRU_PLUGIN_DIR},
             {"state_dir", "var/state"},
             {"output_dir", "var/evidence"},
             {"sources",
              json::array(
                  {{{"id", "heroku-main"},
                    {"plugin", "heroku"},
                    {"credentials", {{"token", {{"env", "HEROKU_API_KEY"}}}}},
                    {"options", {{"api_url", fake.base_url()}, {"connect_timeout", 2}}}}})}});
    }
    iru::test::ProcessResult run() {
        return iru::test::run_process(
            IRU_HOST_STUB_BINARY, {"run", "--config", config_file.string(), "--once"},
            {{"HEROKU_API_KEY", fake.token()}}, dir.path(), std::chrono::seconds(60));
    }
    fs::path latest() const { return dir.path() / "var" / "evidence" / "heroku-main" / "latest"; }
};

std::size_t count_type(const std::vector<json>& records, const std::string& type) {
    std::size_t n = 0;
    for (const auto& record : records) n += record.value("type", "") == type ? 1 : 0;
    return n;
}

// The leak report of a finished run: kind of secret -> where (empty when nothing leaked).
std::string leak_report(PlantedRun& run, const iru::test::ProcessResult& r) {
    std::string report;
    for (const auto& [kind, where] :
         leaks(collect_outputs(r, run.dir.path()), run.fake.planted_secrets(), run.fake.token())) {
        report += kind + ":";
        for (const auto& w : where) report += " " + w;
        report += "\n";
    }
    return report;
}

// The summary's gaps of one kind whose resource is `resource`.
std::size_t gaps_of(const json& summary, const std::string& kind, const std::string& resource) {
    std::size_t n = 0;
    for (const auto& gap : summary["plugin_summary"]["gaps"])
        n += gap.value("kind", "") == kind && gap.value("resource", "") == resource ? 1 : 0;
    return n;
}

std::size_t records_of_app(const std::vector<json>& records, const std::string& type,
                           const std::string& app_id) {
    std::size_t n = 0;
    for (const auto& record : records)
        n += record.value("type", "") == type && record.dump().find(app_id) != std::string::npos
                 ? 1
                 : 0;
    return n;
}

}  // namespace

TEST_CASE(
    "e2e secrets: every planted secret stays out of every file written and everything printed") {
    PlantedRun run(planted_account());
    const auto r = run.run();
    CHECK(r.exit_code == 0);
    REQUIRE(fs::exists(run.latest() / "records.jsonl"));
    // Undocumented fields are dropped and named (never their values) in the summary.
    CHECK_THAT(iru::test::read_text(run.latest() / "summary.json"),
               Catch::Contains("x_future_field"));

    // The planted objects were collected (so their absence below is redaction, not omission).
    const auto records = iru::test::read_jsonl(run.latest() / "records.jsonl");
    const auto& apps = run.fake.account().apps;
    CHECK(count_type(records, "heroku.app") == apps.size());
    CHECK(count_type(records, "heroku.log_drain") >= 6 * apps.size());
    std::size_t oneoff = 0;
    for (const auto& record : records)
        if (record.value("type", "") == "heroku.dyno" &&
            record["data"].value("name", "") == "run.1")
            ++oneoff;
    CHECK(oneoff == apps.size());
    // The private spaces' VPN connections (tunnels with marked pre-shared keys) and the telemetry
    // drains of the fir space and app (marked API key headers, endpoints with marked user-info and
    // query) were read.
    std::size_t vpns = 0, drains = 0;
    for (const auto& space : run.fake.account().spaces) {
        vpns += space.vpn_connections.size();
        drains += space.telemetry_drains.size();
    }
    for (const auto& app : apps) drains += app.generation == "fir" && app.in_apps_list ? 1 : 0;
    REQUIRE(vpns > 0);
    REQUIRE(drains >= 2);
    CHECK(count_type(records, "heroku.space_vpn_connection") == vpns);
    CHECK(count_type(records, "heroku.telemetry_drain") == drains);
    // The SSH keys (marked bodies) and OAuth clients (marked secrets) were read.
    CHECK(count_type(records, "heroku.ssh_key") == run.fake.account().ssh_public_keys.size());
    CHECK(count_type(records, "heroku.oauth_client") == run.fake.account().oauth_clients.size());
    // The webhooks (every 5th app: marked URL user-info, path and query, signing secret and
    // Authorization header) were read, and their URL kept as scheme and host.
    std::size_t webhooks = 0;
    for (const auto& record : records) {
        if (record.value("type", "") != "heroku.app_webhook") continue;
        ++webhooks;
        CHECK(record["data"].value("url", "") == "https://hooks.slack.com");
    }
    CHECK(webhooks == (apps.size() + 4) / 5);

    // The enterprise audit trail was read: events whose data holds config var values, members
    // Heroku does not document and a type the plugin does not know, and archives with signed
    // download links.
    CHECK(count_type(records, "heroku.audit_event") > 0);
    CHECK(count_type(records, "heroku.audit_archive") == 6);

    const auto secrets = run.fake.planted_secrets();
    REQUIRE(secrets.size() > 100);
    // The searched secrets include the pre-shared keys, every part of the telemetry drains and the
    // audit trail's.
    for (const std::string kind :
         {"-psk", "-otel-header", "-otel-userinfo", "-otel-query", "-webhook-userinfo",
          "-webhook-path", "-webhook-query", "-webhook-secret", "-webhook-authorization",
          "audit-config-value-", "audit-data-hidden-", "audit-unknown-type-",
          "audit-archive-url-"}) {
        INFO(kind);
        CHECK(std::count_if(secrets.begin(), secrets.end(), [&](const std::string& s) {
                  return s.find(kind) != std::string::npos;
              }) >= (kind == "-psk" ? 1 : 2));
    }
    const std::string report = leak_report(run, r);
    INFO("secrets found:\n" << report);
    CHECK(report.empty());
}

TEST_CASE(
    "e2e secrets: a nesting bomb, bad items and a denied endpoint are named gaps, nothing leaks") {
    iru::fake::Config config = planted_account();
    const iru::fake::FakeHeroku probe(
        config);  // the same generated account, to name apps and teams
    const auto& apps = probe.account().apps;
    const auto& team = probe.account().teams[0];
    auto& hostile = config.faults.hostile;
    hostile.deep_nesting_apps = {apps[1].name};
    hostile.bad_item_apps = {apps[2].name};
    hostile.bad_item_teams = {team.name};
    hostile.denied_app_endpoints = {apps[3].name + "/log-drains"};
    PlantedRun run(config);
    const auto r = run.run();
    INFO("exit " << r.exit_code << ", signal " << r.term_signal);
    CHECK(r.exit_code == 2);
    REQUIRE(fs::exists(run.latest() / "summary.json"));
    const json summary = json::parse(iru::test::read_text(run.latest() / "summary.json"));
    const auto records = iru::test::read_jsonl(run.latest() / "records.jsonl");
    CHECK(count_type(records, "heroku.app") == apps.size());

    CHECK(gaps_of(summary, "answer_rejected", "/apps/" + apps[1].id + "/formation") == 1);
    CHECK(records_of_app(records, "heroku.dyno", apps[1].id) > 0);  // the app's other endpoints
    CHECK(gaps_of(summary, "item_skipped", "/apps/" + apps[2].id + "/domains") >=
          2);                                                          // one per page
    CHECK(records_of_app(records, "heroku.domain", apps[2].id) >= 4);  // the rest of every page
    CHECK(gaps_of(summary, "item_skipped", "/teams/" + team.id + "/members") >= 2);
    CHECK(gaps_of(summary, "app_endpoint_denied", "/apps/" + apps[3].id + "/log-drains") == 1);
    CHECK(records_of_app(records, "heroku.release", apps[3].id) > 0);
    CHECK(records_of_app(records, "heroku.log_drain", apps[3].id) == 0);

    const std::string report = leak_report(run, r);
    INFO("secrets found:\n" << report);
    CHECK(report.empty());
}

TEST_CASE("e2e secrets: a read-scoped token is named with its remedy, nothing leaks") {
    iru::fake::Config config = planted_account();
    config.faults.hostile.token_scope = "read";
    PlantedRun run(config);
    const auto r = run.run();
    CHECK(r.exit_code == 2);
    REQUIRE(fs::exists(run.latest() / "summary.json"));
    const json summary = json::parse(iru::test::read_text(run.latest() / "summary.json"));
    const auto& account = run.fake.account();
    for (const auto& team : account.teams)
        CHECK(gaps_of(summary, "team_members_denied", "/teams/" + team.id + "/members") == 1);
    for (const auto& app : account.apps)
        CHECK(gaps_of(summary, "config_vars_denied", "/apps/" + app.id + "/config-vars") == 1);
    CHECK_THAT(summary.dump(), Catch::Contains("--scope global"));
    CHECK_THAT(r.out, Catch::Contains("--scope global"));
    const auto records = iru::test::read_jsonl(run.latest() / "records.jsonl");
    CHECK(count_type(records, "heroku.log_drain") >= 6 * account.apps.size());

    const std::string report = leak_report(run, r);
    INFO("secrets found:\n" << report);
    CHECK(report.empty());
}

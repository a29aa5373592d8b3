// The fake-heroku executable (start, port file, SIGTERM) and HTTPS serving.
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "audit_trail.hpp"
#include "http_get.hpp"
#include "scratch_dir.hpp"

extern char** environ;

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs the binary with stdout/stderr to `out`; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& out) {
    std::vector<char*> argv;
    std::string binary = FAKE_HEROKU_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    return pid;
}

// Waits up to `limit` for the process to exit; returns its exit code, or -1 (and kills it) on
// timeout.
int wait_exit(pid_t pid, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

}  // namespace

TEST_CASE("fake-heroku serves until SIGTERM and exits 0", "[binary]") {
    ScratchDir dir("fake-heroku-bin");
    const auto port_file = dir.path() / "port";
    const auto out = dir.path() / "out.txt";
    const pid_t pid =
        spawn({"--port-file", port_file.string(), "--apps", "7", "--teams", "1", "--seed", "9",
               "--token", "HRKU-bin-IRU-SECRET-MARKER-bin", "--forbidden-app", "@1",
               "--deny-members", "@0", "--rate-limit", "1200"},
              out);
    // The process generates the same account as the library for the same spec.
    AccountSpec spec;
    spec.apps = 7;
    spec.teams = 1;
    spec.seed = 9;
    spec.token = "HRKU-bin-IRU-SECRET-MARKER-bin";
    const Account expected = generate_account(spec);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!std::filesystem::exists(port_file) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(std::filesystem::exists(port_file));
    const int port = std::stoi(read_file(port_file));
    REQUIRE(port > 0);
    {
        FakeClient client(static_cast<std::uint16_t>(port), "HRKU-bin-IRU-SECRET-MARKER-bin");
        const Reply r = client.get("/apps");
        CHECK(r.status == 200);
        CHECK(r.header("RateLimit-Remaining") == "1199");
        std::set<std::string> names;
        for (const auto& app : json::parse(r.body)) names.insert(app["name"].get<std::string>());
        CHECK(names.count(expected.apps[0].name) == 1);
        CHECK(client.get("/apps/" + expected.apps[1].name + "/dynos").status == 403);
        CHECK(client.get("/apps/" + expected.apps[0].name + "/dynos").status == 200);
        CHECK(client.get("/teams/" + expected.teams[0].name + "/members").status == 403);
    }
    CHECK(read_file(out).find("fake-heroku listening on http://127.0.0.1:" +
                              std::to_string(port)) != std::string::npos);
    kill(pid, SIGTERM);
    CHECK(wait_exit(pid, std::chrono::seconds(5)) == 0);
}

TEST_CASE("fake-heroku turns on the hostile answers from its command line", "[binary][hostile]") {
    ScratchDir dir("fake-heroku-bin");
    const auto port_file = dir.path() / "port";
    const auto out = dir.path() / "out.txt";
    const pid_t pid = spawn({"--port-file", port_file.string(), "--apps", "4", "--teams", "1",
                             "--planted-secrets", "--deep-nesting", "@1", "--bad-items-team", "@0",
                             "--deny-app-endpoint", "@2/config-vars", "--token-scope", "read"},
                            out);
    AccountSpec spec;
    spec.apps = 4;
    spec.teams = 1;
    const Account expected = generate_account(spec);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!std::filesystem::exists(port_file) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(std::filesystem::exists(port_file));
    {
        FakeClient client(static_cast<std::uint16_t>(std::stoi(read_file(port_file))), spec.token);
        Reply r = client.get("/account");
        CHECK(r.header("OAuth-Scope") == "read");
        CHECK(r.body.find("IRU-SECRET-MARKER-account-sms-number") != std::string::npos);
        CHECK(client.get("/apps/" + expected.apps[1].name + "/formation").body.size() == 80'000);
        r = client.get("/teams/" + expected.teams[0].name + "/members");
        CHECK(r.status == 403);
        CHECK(r.header("OAuth-Scope-Accepted") == "global");
        CHECK(client.get("/apps/" + expected.apps[2].name + "/config-vars").status == 403);
        CHECK(client.get("/apps/" + expected.apps[2].name + "/dynos")
                  .body.find("DATABASE_URL=postgres://user:") != std::string::npos);
    }
    kill(pid, SIGTERM);
    CHECK(wait_exit(pid, std::chrono::seconds(5)) == 0);
    CHECK(wait_exit(spawn({"--apps", "3", "--deny-app-endpoint", "@1"}, out),
                    std::chrono::seconds(5)) == 2);
    CHECK(read_file(out).find("APP/ENDPOINT") != std::string::npos);
}

TEST_CASE("fake-heroku --help works and bad options are refused", "[binary]") {
    ScratchDir dir("fake-heroku-bin");
    const auto out = dir.path() / "out.txt";
    CHECK(wait_exit(spawn({"--help"}, out), std::chrono::seconds(5)) == 0);
    CHECK(read_file(out).find("--port-file") != std::string::npos);
    CHECK(wait_exit(spawn({"--apps", "many"}, out), std::chrono::seconds(5)) == 2);
    CHECK(read_file(out).find("--apps") != std::string::npos);
    CHECK(wait_exit(spawn({"--host", "0.0.0.0"}, out), std::chrono::seconds(5)) == 1);
    CHECK(read_file(out).find("loopback") != std::string::npos);
    CHECK(wait_exit(spawn({"--apps", "3", "--deleted-app", "@3"}, out), std::chrono::seconds(5)) ==
          2);
    CHECK(read_file(out).find("app reference") != std::string::npos);
    CHECK(wait_exit(spawn({"--time-scale", "0"}, out), std::chrono::seconds(5)) == 2);
    CHECK(read_file(out).find("--time-scale") != std::string::npos);
    CHECK(wait_exit(spawn({"--customer-per-minute", "-3"}, out), std::chrono::seconds(5)) == 2);
    CHECK(read_file(out).find("--customer-per-minute") != std::string::npos);
}

TEST_CASE(
    "fake-heroku sets its clock and denies an enterprise account's view from its command line",
    "[binary][audit]") {
    ScratchDir dir("fake-heroku-bin");
    const auto out = dir.path() / "out.txt";
    CHECK(wait_exit(spawn({"--clock", "2026-12-02"}, out), std::chrono::seconds(5)) == 2);
    CHECK(read_file(out).find("--clock expects a UTC time") != std::string::npos);
    CHECK(wait_exit(spawn({"--clock", "2026-02-30T10:00:00Z"}, out), std::chrono::seconds(5)) == 2);
    CHECK(wait_exit(spawn({"--deny-enterprise-view", "@4"}, out), std::chrono::seconds(5)) == 2);
    CHECK(read_file(out).find("enterprise account reference") != std::string::npos);

    auto serve = [&](const std::string& name, std::vector<std::string> args) {
        const auto port_file = dir.path() / name;
        args.insert(args.end(), {"--port-file", port_file.string(), "--apps", "3", "--teams", "1"});
        const pid_t pid = spawn(args, out);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!std::filesystem::exists(port_file) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        REQUIRE(std::filesystem::exists(port_file));
        return std::make_pair(pid, static_cast<std::uint16_t>(std::stoi(read_file(port_file))));
    };
    AccountSpec spec;
    spec.apps = 3;
    spec.teams = 1;
    const Account account = generate_account(spec);
    const std::string ea = account.enterprise_accounts.at(0).id;
    const std::int64_t day = 20'789;                   // 2026-12-02, a day with events
    const std::int64_t ten = day * 86400 + 10 * 3600;  // 10:00 that day
    {
        // The clock decides which of today's events exist yet.
        const auto [pid, port] = serve("port1", {"--clock", "2026-12-02T10:00:00Z"});
        FakeClient client(port, spec.token);
        const json today =
            json::parse(client.get("/enterprise-accounts/" + ea + "/events?day=2026-12-02").body);
        CHECK(today.size() == audit_day(account, 0, day, ten).events.size());
        CHECK(today.size() < audit_day(account, 0, day, INT64_MAX).events.size());
        CHECK(client.get("/enterprise-accounts/" + ea + "/events?day=2026-12-03").body == "[]");
        kill(pid, SIGTERM);
        CHECK(wait_exit(pid, std::chrono::seconds(5)) == 0);
    }
    {
        const auto [pid, port] = serve("port2", {"--enterprise-without-view", "@0"});
        FakeClient client(port, spec.token);
        const json eas = json::parse(client.get("/enterprise-accounts").body);
        REQUIRE(eas.size() == 1);
        CHECK(eas[0]["permissions"] == json::array({"create", "manage"}));
        CHECK(client.get("/enterprise-accounts/" + ea + "/events?day=2026-12-02").status == 403);
        kill(pid, SIGTERM);
        CHECK(wait_exit(pid, std::chrono::seconds(5)) == 0);
    }
}

TEST_CASE("fake-heroku's simulated customer spends the bucket in compressed time", "[binary]") {
    ScratchDir dir("fake-heroku-bin");
    const auto port_file = dir.path() / "port";
    const auto out = dir.path() / "out.txt";
    // No refill; the customer spends 60 a simulated minute, a real second being ten minutes.
    const pid_t pid = spawn(
        {"--port-file", port_file.string(), "--apps", "2", "--teams", "1", "--rate-limit", "4000",
         "--refill-per-minute", "0", "--customer-per-minute", "60", "--time-scale", "600"},
        out);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!std::filesystem::exists(port_file) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(std::filesystem::exists(port_file));
    const int port = std::stoi(read_file(port_file));
    {
        FakeClient client(static_cast<std::uint16_t>(port), AccountSpec{}.token);
        // Nobody but the customer spends (/account/rate-limits is free): the budget only falls.
        std::int64_t last = 4000;
        bool fell = false;
        for (int i = 0; i < 500 && !fell; ++i) {
            const Reply r = client.get("/account/rate-limits");
            REQUIRE(r.status == 200);
            const auto remaining = json::parse(r.body)["remaining"].get<std::int64_t>();
            CHECK(remaining <= last);
            fell = remaining < 4000;
            last = remaining;
            if (!fell) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CHECK(fell);
    }
    kill(pid, SIGTERM);
    CHECK(wait_exit(pid, std::chrono::seconds(5)) == 0);
}

TEST_CASE("with a certificate and key the fake serves HTTPS", "[tls]") {
    ScratchDir dir("fake-heroku-tls");
    const auto cert = dir.path() / "cert.pem";
    const auto key = dir.path() / "key.pem";
    const std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout '" +
        key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    Config config;
    config.account.apps = 4;
    config.server.tls_cert_file = cert.string();
    config.server.tls_key_file = key.string();
    FakeHeroku fake(config);
    fake.start();
    CHECK(fake.base_url().rfind("https://127.0.0.1:", 0) == 0);
    FakeClient client(fake, true);
    const Reply r = client.get("/account");
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["email"] == fake.account().me().email);

    config.server.tls_key_file = (dir.path() / "missing.pem").string();
    FakeHeroku broken(config);
    CHECK_THROWS_AS(broken.start(), std::runtime_error);
}

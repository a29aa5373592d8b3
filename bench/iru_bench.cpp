// iru-bench: generates a fake Heroku account, serves it from fake-heroku with a latency per
// request, runs one full collection through the real iru-host-stub and Heroku plugin, and prints
// figures: requests, pages, wall time, the floor (requests x latency / concurrency), wall / floor,
// CPU time, peak RSS of the host process and records per second. Not a test: it asserts nothing.
//
// With --budget-runs R it instead runs R daily collections of one account against Heroku's real
// bucket, time compressed, and prints per run the requests, the share of the daily refill, the
// apps read and carried forward, the oldest observation and the lowest remaining budget.
//
// Usage: iru-bench [--apps N[,N...]] [--teams T] [--members M] [--latency-ms L] [--concurrency C]
//                  [--bin DIR] [--plugins DIR]
//                  [--budget-runs R [--time-scale S] [--customer-per-minute C] [--reserve N]
//                   [--run-budget N]]
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct Settings {
    std::vector<int> apps = {100};
    int teams = 5;
    int members = 20;
    int latency_ms = 50;
    int concurrency = 8;
    fs::path bin;
    fs::path plugins;
    // --budget-runs: daily runs against Heroku's real bucket (run_budget).
    int budget_runs = 0;
    double time_scale = 60;
    double customer_per_minute = 0;
    int reserve = 1000;
    int run_budget = 10800;
};

struct Figures {
    int apps = 0;
    std::uint64_t requests = 0;
    std::uint64_t pages = 0;
    std::uint64_t records = 0;
    double wall_s = 0;
    double floor_s = 0;
    double cpu_s = 0;
    double peak_rss_mb = 0;
    int exit_code = 0;
};

pid_t spawn(const std::vector<std::string>& argv, const fs::path& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    return pid;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A fake-heroku process serving `apps` apps, stopped when this goes out of scope.
class FakeProcess {
public:
    FakeProcess(const Settings& settings, int apps, const fs::path& work,
                const std::vector<std::string>& budget_args) {
        const fs::path port_file = work / "port";
        fs::remove(port_file);
        std::vector<std::string> argv = {(settings.bin / "fake-heroku").string(),
                                         "--port",
                                         "0",
                                         "--port-file",
                                         port_file.string(),
                                         "--apps",
                                         std::to_string(apps),
                                         "--teams",
                                         std::to_string(settings.teams),
                                         "--members",
                                         std::to_string(settings.members),
                                         "--latency-ms",
                                         std::to_string(settings.latency_ms),
                                         "--token",
                                         bench_token};
        argv.insert(argv.end(), budget_args.begin(), budget_args.end());
        pid_ = spawn(argv, work / "fake-heroku.log");
        for (int i = 0; i < 300 && port_.empty(); ++i) {
            if (fs::exists(port_file)) port_ = read_file(port_file);
            while (!port_.empty() && (port_.back() == '\n' || port_.back() == ' '))
                port_.pop_back();
            if (port_.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (port_.empty())
            throw std::runtime_error("fake-heroku did not start; see " +
                                     (work / "fake-heroku.log").string());
    }
    ~FakeProcess() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    FakeProcess(const FakeProcess&) = delete;
    FakeProcess& operator=(const FakeProcess&) = delete;
    std::string url() const { return "http://127.0.0.1:" + port_; }

    static constexpr const char* bench_token = "HRKU-bench-token";

private:
    pid_t pid_ = 0;
    std::string port_;
};

// One `run --once` of the host in work (its state and evidence stay there between runs), with
// the source's options; returns the figures and the plugin's and the host's summaries.
struct HostRun {
    Figures figures;
    nlohmann::json plugin_summary;
    nlohmann::json host_summary;
};

HostRun run_host(const Settings& settings, const fs::path& work, nlohmann::json options) {
    nlohmann::json config = {{"plugin_dir", settings.plugins.string()},
                             {"state_dir", "state"},
                             {"output_dir", "evidence"},
                             {"sources",
                              {{{"id", "bench"},
                                {"plugin", "heroku"},
                                {"enabled", true},
                                {"schedule", {{"every", "24h"}}},
                                {"credentials", {{"token", {{"env", "IRU_BENCH_TOKEN"}}}}},
                                {"options", std::move(options)}}}}};
    std::ofstream(work / "host.json") << config.dump(2);
    ::setenv("IRU_BENCH_TOKEN", FakeProcess::bench_token, 1);

    const auto start = std::chrono::steady_clock::now();
    const pid_t host = spawn({(settings.bin / "iru-host-stub").string(), "run", "--config",
                              (work / "host.json").string(), "--once"},
                             work / "host.log");
    int status = 0;
    struct rusage usage {};
    ::wait4(host, &status, 0, &usage);
    const auto end = std::chrono::steady_clock::now();

    HostRun run;
    Figures& f = run.figures;
    f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    f.wall_s = std::chrono::duration<double>(end - start).count();
    f.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    f.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;

    // The plugin's own summary is the last record of the run.
    const fs::path latest = work / "evidence" / "bench" / "latest";
    std::ifstream in(latest / "records.jsonl");
    std::string line, last;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            last = line;
            ++f.records;
        }
    }
    if (last.empty())
        throw std::runtime_error("no records written; see " + (work / "host.log").string());
    run.plugin_summary = nlohmann::json::parse(last).at("data");
    run.host_summary = nlohmann::json::parse(read_file(latest / "summary.json"));
    f.requests = run.plugin_summary.at("requests").at("total").get<std::uint64_t>();
    f.pages = run.plugin_summary.at("requests").at("pages").get<std::uint64_t>();
    f.floor_s =
        static_cast<double>(f.requests) * settings.latency_ms / 1000.0 / settings.concurrency;
    return run;
}

Figures run_one(const Settings& settings, int apps, const fs::path& work) {
    fs::remove_all(work);
    fs::create_directories(work);
    fs::permissions(work, fs::perms::owner_all);
    // The benchmark measures the collection, not Heroku's budget.
    const FakeProcess fake(settings, apps, work, {"--rate-limit", "1000000000"});
    Figures f = run_host(settings, work,
                         {{"api_url", fake.url()},
                          {"concurrency", settings.concurrency},
                          {"rate_limit_reserve", 0}})
                    .figures;
    f.apps = apps;
    return f;
}

// Heroku's daily refill: 75 tokens a minute.
constexpr double daily_refill = 75.0 * 60 * 24;

// Daily runs against Heroku's real bucket (4,500 tokens, 75 a minute, time compressed by
// time_scale), each run one day later on the fake's clock (its audit trail has that day's events)
// and the budget of a daily run (daily_budget_share 10 %: max_requests_per_run 10,800, since the
// runs here are minutes apart rather than a day). Prints one row per run.
void run_budget(const Settings& settings, int apps, const fs::path& work) {
    fs::remove_all(work);
    fs::create_directories(work);
    fs::permissions(work, fs::perms::owner_all);
    const auto day0 = std::chrono::floor<std::chrono::hours>(std::chrono::system_clock::now());
    std::printf(
        "%d apps; Heroku's bucket (4,500 tokens, 75 a minute) at time scale %g; the customer "
        "spends "
        "%g tokens a minute; reserve %d; a daily run's budget is %d requests\n\n",
        apps, settings.time_scale, settings.customer_per_minute, settings.reserve,
        settings.run_budget);
    std::printf(
        "| run | requests | share of daily refill | apps read | carried | not yet observed | "
        "oldest observation | snapshot complete | lowest remaining | waited s | wall s | exit |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|\n");
    for (int run = 1; run <= settings.budget_runs; ++run) {
        const auto clock = day0 + std::chrono::hours(24 * (run - 1));
        const std::time_t t = std::chrono::system_clock::to_time_t(clock);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
        char scale[32], customer[32];
        std::snprintf(scale, sizeof scale, "%g", settings.time_scale);
        std::snprintf(customer, sizeof customer, "%g", settings.customer_per_minute);
        const FakeProcess fake(settings, apps, work,
                               {"--rate-limit", "4500", "--refill-per-minute", "75", "--time-scale",
                                scale, "--customer-per-minute", customer, "--clock", stamp});
        const HostRun r = run_host(settings, work,
                                   {{"api_url", fake.url()},
                                    {"concurrency", settings.concurrency},
                                    {"rate_limit_reserve", settings.reserve},
                                    {"max_requests_per_run", settings.run_budget}});
        const auto& inc = r.plugin_summary.at("incremental");
        const auto& rate = r.plugin_summary.at("rate_limit");
        std::printf(
            "| %d | %llu | %.1f %% | %llu | %llu | %llu | %s | %s | %s | %.1f | %.1f | %d |\n", run,
            static_cast<unsigned long long>(r.figures.requests),
            100.0 * static_cast<double>(r.figures.requests) / daily_refill,
            inc.at("apps_read").get<unsigned long long>(),
            inc.at("apps_carried").get<unsigned long long>(),
            inc.at("apps_not_observed").get<unsigned long long>(),
            inc.at("oldest_observation").get<std::string>().c_str(),
            inc.at("snapshot_complete").get<bool>() ? "yes" : "no",
            rate.at("lowest_remaining").dump().c_str(), rate.at("waited_ms").get<double>() / 1000.0,
            r.figures.wall_s, r.figures.exit_code);
        std::fflush(stdout);
    }
}

std::vector<int> parse_list(const std::string& text) {
    std::vector<int> out;
    std::stringstream s(text);
    for (std::string item; std::getline(s, item, ',');) out.push_back(std::stoi(item));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    const fs::path self = fs::canonical("/proc/self/exe");
    settings.bin = self.parent_path();
    settings.plugins = self.parent_path().parent_path() / "plugins";
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--apps")
                settings.apps = parse_list(value());
            else if (arg == "--teams")
                settings.teams = std::stoi(value());
            else if (arg == "--members")
                settings.members = std::stoi(value());
            else if (arg == "--latency-ms")
                settings.latency_ms = std::stoi(value());
            else if (arg == "--concurrency")
                settings.concurrency = std::stoi(value());
            else if (arg == "--bin")
                settings.bin = value();
            else if (arg == "--plugins")
                settings.plugins = value();
            else if (arg == "--budget-runs")
                settings.budget_runs = std::stoi(value());
            else if (arg == "--time-scale")
                settings.time_scale = std::stod(value());
            else if (arg == "--customer-per-minute")
                settings.customer_per_minute = std::stod(value());
            else if (arg == "--reserve")
                settings.reserve = std::stoi(value());
            else if (arg == "--run-budget")
                settings.run_budget = std::stoi(value());
            else if (arg == "--help" || arg == "-h") {
                std::cout << "usage: iru-bench [--apps N[,N...]] [--teams T] [--members M] "
                             "[--latency-ms L] [--concurrency C] [--bin DIR] [--plugins DIR]\n"
                             "       [--budget-runs R [--time-scale S] [--customer-per-minute C] "
                             "[--reserve N] [--run-budget N]]\n";
                return 0;
            } else {
                throw std::runtime_error("unknown argument " + arg);
            }
        }
        const fs::path work =
            fs::temp_directory_path() / ("iru-bench-" + std::to_string(::getpid()));
        if (settings.budget_runs > 0) {
            for (int apps : settings.apps) run_budget(settings, apps, work);
            fs::remove_all(work);
            return 0;
        }
        std::printf("latency %d ms per request, concurrency %d, %d teams of %d members\n\n",
                    settings.latency_ms, settings.concurrency, settings.teams, settings.members);
        std::printf(
            "| apps | requests | pages | wall s | floor s | wall/floor | CPU s | peak RSS MB | "
            "records/s | exit |\n");
        std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int apps : settings.apps) {
            const Figures f = run_one(settings, apps, work);
            std::printf("| %d | %llu | %llu | %.2f | %.2f | %.2f | %.2f | %.1f | %.0f | %d |\n",
                        f.apps, static_cast<unsigned long long>(f.requests),
                        static_cast<unsigned long long>(f.pages), f.wall_s, f.floor_s,
                        f.floor_s > 0 ? f.wall_s / f.floor_s : 0.0, f.cpu_s, f.peak_rss_mb,
                        f.wall_s > 0 ? static_cast<double>(f.records) / f.wall_s : 0.0,
                        f.exit_code);
            std::fflush(stdout);
        }
        fs::remove_all(work);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "iru-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}

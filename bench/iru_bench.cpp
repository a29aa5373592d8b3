// iru-bench: generates a fake Heroku account, serves it from fake-heroku with a latency per
// request, runs one full collection through the real iru-host-stub and Heroku plugin, and prints
// figures: requests, pages, wall time, the floor (requests x latency / concurrency), wall / floor,
// CPU time, peak RSS of the host process and records per second. Not a test: it asserts nothing.
//
// Usage: iru-bench [--apps N[,N...]] [--teams T] [--members M] [--latency-ms L] [--concurrency C]
//                  [--bin DIR] [--plugins DIR]
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

Figures run_one(const Settings& settings, int apps, const fs::path& work) {
    fs::remove_all(work);
    fs::create_directories(work);
    fs::permissions(work, fs::perms::owner_all);
    const fs::path port_file = work / "port";
    const std::string token = "HRKU-bench-token";
    const pid_t fake =
        spawn({(settings.bin / "fake-heroku").string(), "--port", "0", "--port-file",
               port_file.string(), "--apps", std::to_string(apps), "--teams",
               std::to_string(settings.teams), "--members", std::to_string(settings.members),
               "--latency-ms", std::to_string(settings.latency_ms), "--token", token,
               // The benchmark measures the collection, not Heroku's budget.
               "--rate-limit", "1000000000"},
              work / "fake-heroku.log");
    struct StopFake {
        pid_t pid;
        ~StopFake() {
            ::kill(pid, SIGTERM);
            int status = 0;
            ::waitpid(pid, &status, 0);
        }
    } stop_fake{fake};

    for (int i = 0; i < 300 && !fs::exists(port_file); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string port;
    for (int i = 0; i < 50 && port.empty(); ++i) {
        port = read_file(port_file);
        while (!port.empty() && (port.back() == '\n' || port.back() == ' ')) port.pop_back();
        if (port.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (port.empty())
        throw std::runtime_error("fake-heroku did not start; see " +
                                 (work / "fake-heroku.log").string());

    nlohmann::json config = {{"plugin_dir", settings.plugins.string()},
                             {"state_dir", "state"},
                             {"output_dir", "evidence"},
                             {"sources",
                              {{{"id", "bench"},
                                {"plugin", "heroku"},
                                {"enabled", true},
                                {"schedule", {{"every", "24h"}}},
                                {"credentials", {{"token", {{"env", "IRU_BENCH_TOKEN"}}}}},
                                {"options",
                                 {{"api_url", "http://127.0.0.1:" + port},
                                  {"concurrency", settings.concurrency},
                                  {"rate_limit_reserve", 0}}}}}}};
    std::ofstream(work / "host.json") << config.dump(2);
    ::setenv("IRU_BENCH_TOKEN", token.c_str(), 1);

    const auto start = std::chrono::steady_clock::now();
    const pid_t host = spawn({(settings.bin / "iru-host-stub").string(), "run", "--config",
                              (work / "host.json").string(), "--once"},
                             work / "host.log");
    int status = 0;
    struct rusage usage {};
    ::wait4(host, &status, 0, &usage);
    const auto end = std::chrono::steady_clock::now();

    Figures f;
    f.apps = apps;
    f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    f.wall_s = std::chrono::duration<double>(end - start).count();
    f.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    f.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;

    // The plugin's own summary is the last record of the run.
    const fs::path records = work / "evidence" / "bench" / "latest" / "records.jsonl";
    std::ifstream in(records);
    std::string line, last;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            last = line;
            ++f.records;
        }
    }
    if (last.empty())
        throw std::runtime_error("no records written; see " + (work / "host.log").string());
    const auto summary = nlohmann::json::parse(last).at("data");
    f.requests = summary.at("requests").at("total").get<std::uint64_t>();
    f.pages = summary.at("requests").at("pages").get<std::uint64_t>();
    f.floor_s =
        static_cast<double>(f.requests) * settings.latency_ms / 1000.0 / settings.concurrency;
    return f;
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
            else if (arg == "--help" || arg == "-h") {
                std::cout << "usage: iru-bench [--apps N[,N...]] [--teams T] [--members M] "
                             "[--latency-ms L] [--concurrency C] [--bin DIR] [--plugins DIR]\n";
                return 0;
            } else {
                throw std::runtime_error("unknown argument " + arg);
            }
        }
        const fs::path work =
            fs::temp_directory_path() / ("iru-bench-" + std::to_string(::getpid()));
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

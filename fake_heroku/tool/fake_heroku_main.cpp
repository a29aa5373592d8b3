// fake-heroku: serves a generated Heroku account on loopback until SIGINT or SIGTERM.
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
  --max-connections C        concurrent keep-alive connections (default 32)
  --tls-cert PEM --tls-key PEM   serve HTTPS with this certificate and key
  --help                     this text
)";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

long long to_integer(const std::string& option, const std::string& value, long long lo, long long hi) {
    try {
        std::size_t used = 0;
        const long long v = std::stoll(value, &used);
        if (used != value.size() || v < lo || v > hi) throw std::out_of_range("range");
        return v;
    } catch (const std::exception&) {
        throw UsageError(option + " expects an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                         ", got '" + value + "'");
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

}  // namespace

int main(int argc, char** argv) {
    iru::fake::Config config;
    std::string port_file;
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& opt = args[i];
            if (opt == "--help" || opt == "-h") {
                std::cout << kUsage;
                return 0;
            }
            if (i + 1 >= args.size()) throw UsageError("unknown option or missing value: " + opt);
            const std::string& v = args[++i];
            if (opt == "--host") config.server.host = v;
            else if (opt == "--port") config.server.port = static_cast<std::uint16_t>(to_integer(opt, v, 0, 65535));
            else if (opt == "--port-file") port_file = v;
            else if (opt == "--apps") config.account.apps = static_cast<int>(to_integer(opt, v, 0, 100000));
            else if (opt == "--teams") config.account.teams = static_cast<int>(to_integer(opt, v, 0, 1000));
            else if (opt == "--members") config.account.members_per_team = static_cast<int>(to_integer(opt, v, 0, 1000));
            else if (opt == "--seed") config.account.seed = static_cast<std::uint64_t>(to_integer(opt, v, 0, INT64_MAX));
            else if (opt == "--releases") config.account.releases_per_app = static_cast<int>(to_integer(opt, v, 1, 1000));
            else if (opt == "--latency-ms") config.server.latency = std::chrono::milliseconds(to_integer(opt, v, 0, 60000));
            else if (opt == "--token") {
                if (v.empty()) throw UsageError("--token must not be empty");
                config.account.token = v;
            } else if (opt == "--token-expires-in") {
                if (v == "none") config.account.token_expires_in.reset();
                else config.account.token_expires_in = to_integer(opt, v, 0, INT64_MAX);
            } else if (opt == "--rate-limit") {
                config.server.rate_limit_start = to_integer(opt, v, 0, 1000000);
                config.server.rate_limit_capacity = std::max<std::int64_t>(4500, config.server.rate_limit_start);
            } else if (opt == "--refill-per-minute") config.server.refill_per_minute = to_number(opt, v);
            else if (opt == "--max-connections") config.server.max_connections = static_cast<int>(to_integer(opt, v, 1, 256));
            else if (opt == "--tls-cert") config.server.tls_cert_file = v;
            else if (opt == "--tls-key") config.server.tls_key_file = v;
            else throw UsageError("unknown option: " + opt);
        }
    } catch (const UsageError& e) {
        std::cerr << "fake-heroku: " << e.what() << "\n(see fake-heroku --help)\n";
        return 2;
    }

    // Block the stop signals in every thread (the server's threads inherit the mask); sigwait below.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        iru::fake::FakeHeroku fake(config);
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

// The binary on a terminal (a pseudo-terminal): a progress line redrawn in place, then the table;
// and the 2-second exit bound when a plugin ignores cancellation.
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <thread>

#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

// Runs argv on a pseudo-terminal (stdin, stdout and stderr), returns everything it printed.
std::string run_on_pty(const std::vector<std::string>& args, int& exit_code) {
    std::vector<std::string> strings{binary};
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    int master = -1;
    winsize size{};
    size.ws_col = 200;
    size.ws_row = 40;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd pfd{master, POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                ::close(master);
                return output;
            }
            continue;
        }
        const ssize_t got = ::read(master, buffer, sizeof buffer);
        if (got <= 0) break;  // EIO: the child closed the terminal
        output.append(buffer, static_cast<std::size_t>(got));
    }
    int status = 0;
    if (std::chrono::steady_clock::now() >= deadline) ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    ::close(master);
    return output;
}

}  // namespace

TEST_CASE("tty: run draws a progress line with records by type, requests and rate budget") {
    iru::test::TempDir dir;
    iru::test::install_test_plugin("echo", dir.path() / "plugins");
    iru::test::write_json(
        dir.path() / "host.json",
        {{"plugin_dir", "plugins"},
         {"state_dir", "s"},
         {"output_dir", "o"},
         {"sources", json::array({{{"id", "ticker"},
                                   {"plugin", "echo"},
                                   {"options", {{"count", 30}, {"delay_ms", 20}}}}})}});
    int exit_code = -1;
    const std::string shown =
        run_on_pty({"run", "--config", (dir.path() / "host.json").string(), "--once"}, exit_code);
    CHECK(exit_code == 0);
    CHECK_THAT(shown, Catch::Contains("\r\033[Kticker: "));
    CHECK_THAT(
        shown,
        Catch::Matches(
            "(.|\\n|\\r)*ticker: [0-9]+ records \\(item [0-9]+\\) \\| [0-9]+ requests \\| budget "
            "[0-9]+ \\| echo items(.|\\n|\\r)*"));
    CHECK_THAT(shown, Catch::Contains("SOURCE") && Catch::Contains("complete"));
}

TEST_CASE("signals: a plugin that ignores cancel cannot hold the process past 2 s") {
    iru::test::TempDir dir;
    iru::test::install_test_plugin("echo", dir.path() / "plugins");
    iru::test::write_json(
        dir.path() / "host.json",
        {{"plugin_dir", "plugins"},
         {"state_dir", "s"},
         {"output_dir", "o"},
         {"sources", json::array({{{"id", "stubborn"},
                                   {"plugin", "echo"},
                                   {"options", {{"ignore_cancel_ms", 8000}}}}})}});
    iru::test::ChildProcess child(
        binary, {"run", "--config", (dir.path() / "host.json").string(), "--once"}, {}, dir.path());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (child.err_so_far().find("starting") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto signalled = std::chrono::steady_clock::now();
    child.send(SIGTERM);
    const auto r = child.wait(std::chrono::seconds(10));
    CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(2));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("did not stop within 2 s"));
    bool complete_run = false;
    if (fs::exists(dir.path() / "o" / "stubborn"))
        for (const auto& item : fs::directory_iterator(dir.path() / "o" / "stubborn"))
            complete_run = complete_run || fs::exists(item.path() / "summary.json");
    CHECK_FALSE(complete_run);  // nothing looks complete
}

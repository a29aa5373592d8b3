// Runs a child process for the host tests (the real iru-host-stub): arguments, extra environment,
// stdout/stderr captured to files, a hard timeout (SIGKILL), and signals for cancellation tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace iru::test {

struct ProcessResult {
    int exit_code = -1;  // -1 when killed by a signal
    int term_signal = 0;
    bool timed_out = false;
    std::string out;
    std::string err;
    std::chrono::milliseconds elapsed{0};
};

class ChildProcess {
public:
    // Starts program with args; env entries are added to (or override) the current environment;
    // an entry with an empty value removes the variable. Output goes to files under work_dir.
    ChildProcess(const std::string& program, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env,
                 const std::filesystem::path& work_dir);
    ~ChildProcess();  // kills the child if it still runs
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void send(int signal_number);
    // Waits at most timeout; on timeout kills (SIGKILL) and sets timed_out.
    ProcessResult wait(std::chrono::milliseconds timeout);
    // Reads what the child printed so far on stderr.
    std::string err_so_far() const;
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    std::filesystem::path out_file_;
    std::filesystem::path err_file_;
    std::chrono::steady_clock::time_point started_;
};

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env,
                          const std::filesystem::path& work_dir,
                          std::chrono::milliseconds timeout = std::chrono::seconds(20));

// Runs program on a pseudo-terminal of `columns` columns (stdin, stdout and stderr all on it, as a
// user's shell runs it), with env as for ChildProcess and work_dir as its current folder. Returns
// everything it printed, in order; exit_code -1 when killed (after timeout).
std::string run_on_pty(const std::string& program, const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env,
                       const std::filesystem::path& work_dir, unsigned short columns,
                       int& exit_code,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

std::string read_text(const std::filesystem::path& file);
void write_text(const std::filesystem::path& file, const std::string& text, unsigned mode = 0600);

}  // namespace iru::test

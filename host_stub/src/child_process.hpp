// A child process of the host: the host binary re-executed (fork, then execve of /proc/self/exe, so
// a parent with threads runs only async-signal-safe calls in the child before the exec) with one
// inherited pipe through which it reports. The child gets SIGKILL when the thread that started it
// ends (PR_SET_PDEATHSIG), a signal mask blocking only SIGINT and SIGTERM (for its own signal
// watcher to take), no other descriptor of the parent, and optionally an address-space limit
// (RLIMIT_AS). signal() may be called from any thread; the other members belong to the thread that
// started it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace iru::host {

struct ChildSpec {
    std::filesystem::path executable = "/proc/self/exe";
    std::vector<std::string> args;  // after argv[0]
    int report_fd = 3;              // the pipe's write end, as the child sees it
    std::optional<std::uint64_t>
        memory_limit_bytes;  // RLIMIT_AS (soft and hard) set before the exec
};

// How a child ended.
struct ChildExit {
    bool exited = false;  // it called exit: exit_code is set
    int exit_code = -1;
    int signal = 0;  // the signal that ended it; 0 when it exited
};

// The child's side: writes the whole report to the inherited descriptor (retrying short writes and
// EINTR). False when it could not.
bool write_report(int fd, const std::string& bytes);

// "SIGSEGV (Segmentation fault)"; "signal 77" for a number without a name.
std::string signal_description(int signal_number);

class HostChild {
public:
    // Starts the child. Throws std::runtime_error when it cannot.
    explicit HostChild(const ChildSpec& spec);
    ~HostChild();  // a child not reaped yet is killed (SIGKILL) and reaped
    HostChild(const HostChild&) = delete;
    HostChild& operator=(const HostChild&) = delete;

    pid_t pid() const { return pid_; }

    // Reads what the child reported so far, waiting at most `wait` for it; keeps at most max_bytes
    // (more sets report_overflowed). True once the pipe is at its end (every writer closed it).
    bool read_report(std::chrono::milliseconds wait, std::size_t max_bytes);
    const std::string& report() const { return report_; }
    bool report_overflowed() const { return overflowed_; }

    // True when the child has ended (not yet reaped: its pid stays its own).
    bool ended() const;
    // Sends a signal unless the child was reaped. Thread-safe; waits while reap() waits.
    void signal(int signal_number);
    // Waits for the child to end, reaps it and says how it ended. Call once.
    ChildExit reap();

private:
    pid_t pid_ = -1;
    int report_fd_ = -1;
    bool at_end_ = false;
    bool overflowed_ = false;
    std::string report_;
    mutable std::mutex mutex_;  // guards reaped_ against signal() from other threads
    bool reaped_ = false;
};

}  // namespace iru::host

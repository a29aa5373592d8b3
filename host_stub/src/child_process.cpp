#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "text_codec.hpp"

extern char** environ;

namespace iru::host {

bool write_report(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::string signal_description(int signal_number) {
    const char* abbreviation = ::sigabbrev_np(signal_number);
    if (abbreviation == nullptr) return "signal " + std::to_string(signal_number);
    const char* description = ::sigdescr_np(signal_number);
    return std::string("SIG") + abbreviation +
           (description != nullptr ? std::string(" (") + description + ")" : "");
}

namespace {

// In the forked child, before the exec: async-signal-safe calls only. Never returns.
[[noreturn]] void become_child(const char* executable, char* const* argv, int report_write,
                               int report_fd, pid_t parent, const rlimit* memory_limit) {
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || ::getppid() != parent) ::_exit(127);
    if (report_write == report_fd) {
        if (::fcntl(report_fd, F_SETFD, 0) != 0) ::_exit(127);  // keep it across the exec
    } else if (::dup2(report_write, report_fd) < 0) {  // dup2 clears close-on-exec on the copy
        ::_exit(127);
    }
    // Nothing else of the parent's: descriptors another thread opened without O_CLOEXEC included.
    if (::close_range(static_cast<unsigned>(report_fd) + 1, ~0U, 0) != 0) ::_exit(127);
    for (int fd = 3; fd < report_fd; ++fd) (void)::close(fd);
    if (memory_limit != nullptr && ::setrlimit(RLIMIT_AS, memory_limit) != 0) ::_exit(127);
    // SIGINT and SIGTERM stay blocked (and pending ones kept) across the exec until the child's own
    // watcher takes them: a stop during its start is never lost, nor does it kill the child.
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    (void)::pthread_sigmask(SIG_SETMASK, &stops, nullptr);  // the forked child's one thread
    ::execve(executable, argv, environ);
    ::_exit(127);
}

}  // namespace

HostChild::HostChild(const ChildSpec& spec) {
    // Everything the child needs is built before the fork: it may not allocate after it.
    std::vector<std::string> strings{"iru-host-stub"};
    strings.insert(strings.end(), spec.args.begin(), spec.args.end());
    std::vector<char*> argv;
    argv.reserve(strings.size() + 1);
    for (auto& s : strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string executable = spec.executable.string();
    rlimit limit{};
    if (spec.memory_limit_bytes)
        limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(*spec.memory_limit_bytes);
    const rlimit* memory_limit = spec.memory_limit_bytes ? &limit : nullptr;

    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error("cannot make a pipe for the collection's process: " +
                                 system_error_text(errno));
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0)
        become_child(executable.c_str(), argv.data(), fds[1], spec.report_fd, parent, memory_limit);
    const int fork_errno = errno;
    (void)::close(fds[1]);
    if (pid < 0) {
        (void)::close(fds[0]);
        throw std::runtime_error("cannot start the collection's process: " +
                                 system_error_text(fork_errno));
    }
    pid_ = pid;
    report_fd_ = fds[0];
}

HostChild::~HostChild() {
    if (report_fd_ >= 0) (void)::close(report_fd_);
    bool reaped = false;
    {
        std::lock_guard lock(mutex_);
        reaped = reaped_;
    }
    if (!reaped) {
        signal(SIGKILL);
        (void)reap();
    }
}

bool HostChild::read_report(std::chrono::milliseconds wait, std::size_t max_bytes) {
    if (at_end_) return true;
    pollfd ready{report_fd_, POLLIN, 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(wait.count()));
    if (polled <= 0) return false;  // nothing yet (or EINTR: try again later)
    char buffer[16384];
    const ssize_t got = ::read(report_fd_, buffer, sizeof buffer);
    if (got < 0) {
        if (errno == EINTR || errno == EAGAIN) return false;
        at_end_ = true;
        return true;
    }
    if (got == 0) {
        at_end_ = true;
        return true;
    }
    if (report_.size() + static_cast<std::size_t>(got) > max_bytes)
        overflowed_ = true;
    else
        report_.append(buffer, static_cast<std::size_t>(got));
    return false;
}

bool HostChild::ended() const {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
        return true;  // gone
    return info.si_pid == pid_;
}

void HostChild::signal(int signal_number) {
    std::lock_guard lock(mutex_);
    if (!reaped_) (void)::kill(pid_, signal_number);
}

ChildExit HostChild::reap() {
    int status = 0;
    pid_t got = -1;
    {
        std::lock_guard lock(
            mutex_);  // no signal() between the reaping and reaped_: the pid may be reused
        do {
            got = ::waitpid(pid_, &status, 0);
        } while (got < 0 && errno == EINTR);
        reaped_ = true;
    }
    ChildExit exit;
    if (got != pid_) return exit;
    if (WIFEXITED(status)) {
        exit.exited = true;
        exit.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        exit.signal = WTERMSIG(status);
    }
    return exit;
}

}  // namespace iru::host

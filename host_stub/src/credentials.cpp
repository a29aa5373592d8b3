#include "credentials.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include <iru/internal/secure_wipe.hpp>

#include "file_trust.hpp"
#include "helper_stderr.hpp"
#include "text_codec.hpp"

namespace iru::host {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_secret_bytes = std::size_t{64} * 1024;

// "0.300", "10.000": milliseconds as seconds with three decimals.
std::string seconds_text(std::chrono::milliseconds ms) {
    std::string fraction = std::to_string(ms.count() % 1000);
    fraction.insert(0, 3 - fraction.size(), '0');
    return std::to_string(ms.count() / 1000) + "." + fraction;
}

std::string describe(const CredentialSpec& spec) { return "credential at " + spec.json_path; }

void trim_trailing(std::string& text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                             text.back() == '\t'))
        text.pop_back();
}

// Reads a file that must be private to its owner, through one descriptor (file_trust.hpp). The
// returned text is the caller's to wipe.
std::string read_private_file(const fs::path& file, const std::string& what, bool follow_symlink) {
    TrustRule rule;
    rule.follow_final_symlink = follow_symlink;
    rule.private_to_owner = true;
    rule.max_bytes = max_secret_bytes * 4;
    try {
        return open_trusted_file(file, rule).read_all(rule.max_bytes);
    } catch (const TrustError& e) {
        throw CredentialError(what + ": " + e.what());
    }
}

SecretBuffer from_env(const CredentialSpec& spec) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the host never changes its environment after start.
    const char* value = std::getenv(spec.env_var.c_str());
    if (value == nullptr || *value == '\0')
        throw CredentialError(describe(spec) + ": environment variable " + spec.env_var +
                              " is not set or empty");
    std::string text(value);
    trim_trailing(text);
    SecretBuffer secret(text);
    secure_wipe(text);
    return secret;
}

SecretBuffer from_file(const CredentialSpec& spec) {
    std::string text = read_private_file(spec.file, describe(spec), false);
    trim_trailing(text);
    if (text.empty())
        throw CredentialError(describe(spec) + ": " + spec.file.string() + " is empty");
    SecretBuffer secret(text);
    secure_wipe(text);
    return secret;
}

SecretBuffer from_netrc(const CredentialSpec& spec) {
    const fs::path file = netrc_file();
    if (file.empty()) throw CredentialError(describe(spec) + ": neither NETRC nor HOME is set");
    std::string text =
        read_private_file(file, describe(spec), true);  // ~/.netrc may be a link into dotfiles
    std::optional<std::string> password = netrc_password(text, spec.machine);
    secure_wipe(text);
    if (!password || password->empty())
        throw CredentialError(describe(spec) + ": " + file.string() +
                              " has no password for machine " + spec.machine);
    SecretBuffer secret(*password);
    secure_wipe(*password);
    return secret;
}

// What a credential command inherits: enough to find its own configuration and run programs, and
// nothing else of the host's environment (which may hold other secrets, e.g. HEROKU_API_KEY).
std::vector<std::string> command_environment() {
    static const char* const kept[] = {"PATH",   "HOME",     "USER", "LOGNAME", "LANG",
                                       "LC_ALL", "LC_CTYPE", "TZ",   "TMPDIR"};
    std::vector<std::string> out;
    for (const char* name : kept) {
        // The host never changes its environment after start.
        const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe)
        if (value != nullptr)
            out.push_back(std::string(name) + "=" + value);
        else if (std::string_view(name) == "PATH")
            out.emplace_back("PATH=/usr/local/bin:/usr/bin:/bin");
    }
    return out;
}

// A child's two pipes read together until its standard output ends (and its standard error soon
// after): the output whole up to max_secret_bytes, standard error up to helper_stderr_read_bytes
// (the rest drained and dropped so the child never blocks on it).
struct HelperOutput {
    std::string out;
    std::string err;
    bool timed_out = false;
    bool too_long = false;
    bool stopped = false;
};

void read_helper(int out_fd, int err_fd, std::chrono::milliseconds timeout,
                 const StopRequested& stop, HelperOutput& got) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<std::chrono::steady_clock::time_point> err_deadline;  // set when stdout ends
    bool out_open = true;
    bool err_open = true;
    char buffer[4096];
    while (out_open || err_open) {
        const auto now = std::chrono::steady_clock::now();
        if (!out_open && err_deadline && now > *err_deadline) break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        if (left.count() <= 0) {
            got.timed_out = out_open;
            break;
        }
        if (stop && stop()) {
            got.stopped = true;
            break;
        }
        pollfd pfds[2] = {{out_open ? out_fd : -1, POLLIN, 0}, {err_open ? err_fd : -1, POLLIN, 0}};
        const int ready = ::poll(pfds, 2, static_cast<int>(std::min<long long>(left.count(), 100)));
        if (ready <= 0) continue;  // EINTR or nothing yet
        for (int i = 0; i < 2; ++i) {
            if (pfds[i].fd < 0 || pfds[i].revents == 0) continue;
            const ssize_t n = ::read(pfds[i].fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                (i == 0 ? out_open : err_open) = false;
                if (i == 0)
                    err_deadline =
                        std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
                continue;
            }
            if (i == 0) {
                got.out.append(buffer, static_cast<std::size_t>(n));
                if (got.out.size() > max_secret_bytes) got.too_long = true;
            } else if (got.err.size() < helper_stderr_read_bytes) {
                got.err.append(buffer, std::min(static_cast<std::size_t>(n),
                                                helper_stderr_read_bytes - got.err.size()));
            }
        }
        if (got.too_long) break;
    }
    secure_wipe(buffer, sizeof buffer);
}

// ": vault: permission denied" from what a failed helper said on standard error, redacted of its
// standard output (which may hold the secret) and of anything shaped like a credential; "" when
// it said nothing.
std::string stderr_suffix(const HelperOutput& got) {
    std::vector<std::string_view> known{got.out};
    std::string_view rest = got.out;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        known.push_back(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    for (auto& value : known) {
        while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())) != 0)
            value.remove_suffix(1);
    }
    const std::string excerpt = helper_stderr_excerpt(got.err, known);
    return excerpt.empty() ? "" : "; its standard error: " + excerpt;
}

SecretBuffer from_command(const CredentialSpec& spec, const StopRequested& stop) {
    const std::string what = describe(spec) + ": command " + spec.command[0];
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw CredentialError(what + ": cannot create a pipe");
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        throw CredentialError(what + ": cannot create a pipe");
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    // Read, bounded and redacted, and shown only when the command fails.
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    sigset_t no_signals;
    sigemptyset(&no_signals);
    sigset_t default_signals;
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGINT);
    sigaddset(&default_signals, SIGTERM);
    sigaddset(&default_signals, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &no_signals);
    posix_spawnattr_setsigdefault(&attr, &default_signals);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    std::vector<char*> argv;
    for (const auto& arg : spec.command) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> environment = command_environment();
    std::vector<char*> envp;
    envp.reserve(environment.size() + 1);
    for (auto& entry : environment) envp.push_back(entry.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    const int spawned =
        spec.search_path ? ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data())
                         : ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (spawned != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        throw CredentialError(what + ": cannot be started (" + system_error_text(spawned) + ")");
    }
    HelperOutput got;
    read_helper(out_pipe[0], err_pipe[0], spec.command_timeout, stop, got);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    if (got.timed_out || got.too_long || got.stopped) ::kill(-pid, SIGKILL);
    int wstatus = 0;
    // Bounded: after the kill above, or after EOF, the child is gone or going. Give it 2 s more.
    const auto reap_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    pid_t reaped = 0;
    while ((reaped = ::waitpid(pid, &wstatus, WNOHANG)) == 0 || (reaped < 0 && errno == EINTR)) {
        if (std::chrono::steady_clock::now() > reap_deadline) {
            ::kill(-pid, SIGKILL);
            do reaped = ::waitpid(pid, &wstatus, 0);
            while (reaped < 0 && errno == EINTR);
            break;
        }
        ::usleep(10000);
    }
    auto fail = [&](const std::string& why) {
        const std::string said = stderr_suffix(got);
        secure_wipe(got.out);
        secure_wipe(got.err);
        throw CredentialError(what + why + said);
    };
    if (got.stopped) fail(": cancelled");
    if (got.timed_out) fail(": timed out after " + seconds_text(spec.command_timeout) + " s");
    if (got.too_long) fail(": printed more than 64 KiB");
    // The status is unknown: never take the output on trust.
    if (reaped != pid) fail(": its exit status could not be read");
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127)
            fail(": was not found or could not be run");
        fail(WIFEXITED(wstatus) ? ": exited with status " + std::to_string(WEXITSTATUS(wstatus))
                                : std::string(": was killed by a signal"));
    }
    secure_wipe(got.err);
    trim_trailing(got.out);
    if (got.out.empty()) throw CredentialError(what + ": printed nothing on standard output");
    SecretBuffer secret(got.out);
    secure_wipe(got.out);
    return secret;
}

// Every occurrence of secret (4 bytes or more) in text replaced by "[redacted]".
void replace_secret(std::string& text, std::string_view secret) {
    if (secret.size() < 4) return;
    constexpr std::string_view mark = "[redacted]";
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + mark.size()))
        text.replace(at, secret.size(), mark);
}

// A token's value: a quoted one without its quotes and with \" and \\ unescaped; others as written.
std::string netrc_value(std::string_view token) {
    if (token.size() < 2 || token.front() != '"') return std::string(token);
    token = token.substr(1, token.back() == '"' ? token.size() - 2 : token.size() - 1);
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '\\' && i + 1 < token.size()) ++i;
        out += token[i];
    }
    return out;
}

}  // namespace

fs::path netrc_file() {
    // NOLINTBEGIN(concurrency-mt-unsafe): the host never changes its environment after start.
    if (const char* netrc = std::getenv("NETRC"); netrc != nullptr && *netrc != '\0') return netrc;
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return fs::path(home) / ".netrc";
    // NOLINTEND(concurrency-mt-unsafe)
    return {};
}

std::vector<std::string_view> netrc_tokens(std::string_view text) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (i < text.size()) {
        while (i < text.size() && space(text[i])) ++i;
        if (i >= text.size()) break;
        if (text[i] == '#') {  // a comment runs to the end of the line
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        if (text[i] ==
            '"') {  // a quoted token (kept with its quotes): spaces and '#' inside, \" escapes
            const std::size_t start = i++;
            while (i < text.size() && text[i] != '"')
                i += text[i] == '\\' && i + 1 < text.size() ? 2 : 1;
            if (i < text.size()) ++i;
            tokens.push_back(text.substr(start, i - start));
            continue;
        }
        const std::size_t start = i;
        while (i < text.size() && !space(text[i])) ++i;
        const std::string_view token = text.substr(start, i - start);
        if (token == "macdef") {  // "macdef NAME" and a body that ends at the first empty line
            while (i < text.size() && text[i] != '\n') ++i;
            for (;;) {
                if (i >= text.size()) break;
                ++i;  // past the '\n' ending the previous line
                std::size_t end = i;
                while (end < text.size() && text[end] != '\n') ++end;
                std::string_view line = text.substr(i, end - i);
                i = end;
                if (line.empty() || line == "\r") break;
            }
            continue;
        }
        tokens.push_back(token);
    }
    return tokens;
}

std::optional<std::string> netrc_password(std::string_view text, std::string_view machine) {
    const std::vector<std::string_view> tokens = netrc_tokens(text);
    bool in_match = false;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        if (tokens[t] == "machine" && t + 1 < tokens.size()) {
            in_match = netrc_value(tokens[++t]) == machine;
        } else if (tokens[t] == "default") {
            in_match = false;  // the default entry is for any host: never a Heroku token
        } else if ((tokens[t] == "login" || tokens[t] == "account") && t + 1 < tokens.size()) {
            ++t;
        } else if (tokens[t] == "password" && t + 1 < tokens.size()) {
            ++t;
            if (in_match) return netrc_value(tokens[t]);
        }
    }
    return std::nullopt;
}

SecretBuffer resolve_credential(const CredentialSpec& spec, const StopRequested& stop) {
    switch (spec.kind) {
        case CredentialSpec::Kind::env:
            return from_env(spec);
        case CredentialSpec::Kind::file:
            return from_file(spec);
        case CredentialSpec::Kind::netrc:
            return from_netrc(spec);
        case CredentialSpec::Kind::command:
            return from_command(spec, stop);
    }
    throw CredentialError(describe(spec) + ": unknown kind");
}

CredentialVault::CredentialVault(std::map<std::string, CredentialSpec> specs, StopRequested stop)
    : specs_(std::move(specs)), stop_(std::move(stop)) {}

CredentialVault::~CredentialVault() { wipe(); }

std::int32_t CredentialVault::lend(const std::string& name, iru_lend_fn use, void* ctx) {
    std::unique_lock lock(mutex_);
    auto it = resolved_.find(name);
    if (it == resolved_.end()) {
        const auto spec = specs_.find(name);
        if (spec == specs_.end()) return IRU_STATUS_NOT_FOUND;
        try {
            it = resolved_.emplace(name, resolve_credential(spec->second, stop_)).first;
        } catch (const CredentialError& e) {
            // The vault's other secrets may appear in a helper's words too.
            std::string why = e.what();
            for (const auto& [other, secret] : resolved_) replace_secret(why, secret.view());
            errors_.push_back(std::move(why));
            return IRU_STATUS_BAD_CONFIG;
        }
    }
    // Lend a copy so the plugin's callback never sees memory the vault could wipe concurrently.
    SecretBuffer lent(it->second.view());
    lock.unlock();
    use(ctx, lent.view().data(), lent.view().size());
    return IRU_STATUS_OK;
}

std::vector<std::string> CredentialVault::errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
}

bool CredentialVault::contains_secret(std::string_view text) const {
    std::lock_guard lock(mutex_);
    for (const auto& [name, secret] : resolved_)
        if (secret.view().size() >= 4 && text.find(secret.view()) != std::string_view::npos)
            return true;
    return false;
}

std::string CredentialVault::redact(std::string text) const {
    std::lock_guard lock(mutex_);
    for (const auto& [name, secret] : resolved_) replace_secret(text, secret.view());
    return text;
}

void CredentialVault::wipe() {
    std::lock_guard lock(mutex_);
    resolved_.clear();  // each SecretBuffer wipes itself
}

}  // namespace iru::host

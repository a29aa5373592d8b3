// Credentials: resolves a source's configured credential (env, file, netrc, command) only when the
// plugin asks for it, lends it for the duration of the call, and wipes it after the run.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <iru/source_plugin.h>

#include "host_config.hpp"
#include "secret_buffer.hpp"

namespace iru::host {

// Why a credential could not be resolved. Never contains the secret.
class CredentialError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Asked while a credential command runs: true stops it (the host is being cancelled). Thread-safe.
using StopRequested = std::function<bool()>;

// Reads the secret a spec names. Throws CredentialError. Trailing CR/LF/space are trimmed.
// stop (may be empty) is polled every 100 ms while a command runs; when it says so the command is
// killed and CredentialError says "cancelled".
SecretBuffer resolve_credential(const CredentialSpec& spec, const StopRequested& stop = {});

// The password of `machine` in netrc text, read as the Heroku CLI reads it: `machine M login L
// password P`, `#` comments, "quoted tokens" (with \" and \\), `macdef NAME` bodies up to an empty
// line (LF or CRLF). nullopt when absent. The `default` entry is never used: it is meant for any
// host, and its password must not be sent to Heroku as a token.
// netrc_tokens: the tokens, a quoted one with its quotes, comments and macdef bodies left out.
std::vector<std::string_view> netrc_tokens(std::string_view netrc_text);
std::optional<std::string> netrc_password(std::string_view netrc_text, std::string_view machine);

// The netrc file the Heroku CLI uses: $NETRC, else $HOME/.netrc.
std::filesystem::path netrc_file();

// One run's credentials. Thread-safe. Resolves lazily, caches for the run, wipes on
// wipe()/destruction.
class CredentialVault {
public:
    explicit CredentialVault(std::map<std::string, CredentialSpec> specs, StopRequested stop = {});
    ~CredentialVault();
    CredentialVault(const CredentialVault&) = delete;
    CredentialVault& operator=(const CredentialVault&) = delete;

    // Lends the named secret to use(ctx, ...) once. Returns IRU_STATUS_OK, IRU_STATUS_NOT_FOUND (no
    // such credential configured) or IRU_STATUS_BAD_CONFIG (it could not be read; errors() says
    // why).
    std::int32_t lend(const std::string& name, iru_lend_fn use, void* ctx);

    std::vector<std::string> errors() const;
    // True when text contains any secret resolved so far (for leak checks on records and state).
    bool contains_secret(std::string_view text) const;
    // text with every resolved secret replaced by "[redacted]".
    std::string redact(std::string text) const;
    void wipe();

private:
    mutable std::mutex mutex_;
    std::map<std::string, CredentialSpec> specs_;
    StopRequested stop_;
    std::map<std::string, SecretBuffer> resolved_;
    std::vector<std::string> errors_;
};

}  // namespace iru::host

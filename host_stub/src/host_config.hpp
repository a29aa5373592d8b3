// The host configuration file (JSON): where plugins, state and evidence live, and the sources to
// run. Relative paths resolve against the configuration file's folder. Unknown keys are rejected.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::host {

// A configuration error; what() names the file, the JSON path and what was expected.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where one credential comes from. Holds no secret, only how to get it.
struct CredentialSpec {
    enum class Kind { env, file, netrc, command };
    Kind kind = Kind::env;
    std::string env_var;               // env
    std::filesystem::path file;        // file (absolute)
    std::string machine;               // netrc
    std::vector<std::string> command;  // command: argv, argv[0] resolved when it names a path
    std::chrono::milliseconds command_timeout{10000};
    bool search_path = false;  // command: argv[0] may be looked up in PATH (else it is a path)
    std::string json_path;     // e.g. /sources/0/credentials/token, for messages
};

struct SourceConfig {
    std::string id;
    std::string plugin;
    bool enabled = true;
    std::chrono::seconds every{24 * 3600};
    std::map<std::string, CredentialSpec> credentials;
    nlohmann::json options = nlohmann::json::object();
    std::string json_path;  // /sources/N
};

// How the scheduler runs collections (each in a child process of its own, see supervisor.hpp).
struct SchedulerConfig {
    std::optional<std::uint64_t>
        child_memory_limit_mb;  // RLIMIT_AS of each child, in MiB; none: unlimited
};

struct HostConfig {
    std::filesystem::path file;  // absolute path of the configuration file
    std::filesystem::path plugin_dir;
    std::filesystem::path state_dir;
    std::filesystem::path output_dir;
    SchedulerConfig scheduler;
    std::vector<SourceConfig> sources;

    const SourceConfig* find_source(const std::string& id) const;
};

// Reads and validates a configuration file. Throws ConfigError. The file is opened once and must be
// trusted (file_trust.hpp; a symlink to it is followed and its target checked), and so must every
// file option of an enabled source.
HostConfig load_host_config(const std::filesystem::path& file);

// A plugin option whose name ends in "_file" (e.g. "ca_file") names a file: the host resolves a
// relative one against the configuration file's folder before handing the options to the plugin.
bool is_file_option(std::string_view key);
// Refuses (ConfigError naming file, JSON path and reason) a file option of an enabled source that
// is not trusted: such files decide whom the plugin trusts (a CA) or what it reads.
void check_file_options(const HostConfig& config);
// Validates an already parsed document as if read from `file`. Throws ConfigError.
HostConfig parse_host_config(const nlohmann::json& document, const std::filesystem::path& file);

// The bounds of scheduler.child_memory_limit_mb: below the floor the host itself cannot start.
inline constexpr std::uint64_t min_child_memory_limit_mb = 64;
inline constexpr std::uint64_t max_child_memory_limit_mb = std::uint64_t{1024} * 1024;

// "24h", "30m", "45s", "1h30m"; nullopt when malformed or zero.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// Identifier rule for source and plugin ids (they name directories):
// [A-Za-z0-9][A-Za-z0-9._-]{0,63}.
bool is_valid_identifier(std::string_view id);

}  // namespace iru::host

#include "host_config.hpp"
#include "file_trust.hpp"
#include "json_file.hpp"

#include <set>

namespace iru::host {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string type_name(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        case json::value_t::discarded:
            return "nothing";
        default:
            return "a number";
    }
}

// Builds the errors of one file.
class Validator {
public:
    explicit Validator(fs::path file) : file_(std::move(file)), base_(file_.parent_path()) {}

    [[noreturn]] void fail(const std::string& path, const std::string& expected) const {
        throw ConfigError(file_.string() + ": " + (path.empty() ? "/" : path) + ": " + expected);
    }

    void expect_type(const json& value, const std::string& path, json::value_t type,
                     const std::string& what) const {
        const bool ok = type == json::value_t::number_integer ? value.is_number_integer()
                                                              : value.type() == type;
        if (!ok) fail(path, "expected " + what + ", got " + type_name(value));
    }

    void reject_unknown_keys(const json& object, const std::string& path,
                             const std::set<std::string>& known) const {
        for (const auto& item : object.items()) {
            if (known.count(item.key()) == 0) {
                std::string list;
                for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
                fail(path + "/" + item.key(),
                     "unknown key \"" + item.key() + "\" (expected one of: " + list + ")");
            }
        }
    }

    std::string string_at(const json& object, const std::string& key,
                          const std::string& path) const {
        const auto it = object.find(key);
        if (it == object.end()) fail(path + "/" + key, "missing (expected a string)");
        expect_type(*it, path + "/" + key, json::value_t::string, "a string");
        if (it->get<std::string>().empty()) fail(path + "/" + key, "expected a non-empty string");
        return it->get<std::string>();
    }

    fs::path resolve(const std::string& text) const {
        const fs::path p(text);
        return (p.is_absolute() ? p : base_ / p).lexically_normal();
    }

    CredentialSpec credential(const json& value, const std::string& path) const {
        expect_type(value, path, json::value_t::object,
                    "an object with one of env, file, netrc, command");
        reject_unknown_keys(value, path,
                            {"env", "file", "netrc", "command", "timeout", "search_path"});
        CredentialSpec spec;
        spec.json_path = path;
        int kinds = 0;
        if (value.contains("env")) {
            ++kinds;
            spec.kind = CredentialSpec::Kind::env;
            spec.env_var = string_at(value, "env", path);
        }
        if (value.contains("file")) {
            ++kinds;
            spec.kind = CredentialSpec::Kind::file;
            spec.file = resolve(string_at(value, "file", path));
        }
        if (value.contains("netrc")) {
            ++kinds;
            spec.kind = CredentialSpec::Kind::netrc;
            spec.machine = string_at(value, "netrc", path);
        }
        if (value.contains("command")) {
            ++kinds;
            spec.kind = CredentialSpec::Kind::command;
            const json& argv = value.at("command");
            const std::string argv_path = path + "/command";
            expect_type(argv, argv_path, json::value_t::array,
                        "an array of strings [program, args...]");
            if (argv.empty()) fail(argv_path, "expected a non-empty array [program, args...]");
            for (std::size_t i = 0; i < argv.size(); ++i) {
                expect_type(argv[i], argv_path + "/" + std::to_string(i), json::value_t::string,
                            "a string");
                spec.command.push_back(argv[i].get<std::string>());
            }
            if (spec.command[0].empty()) fail(argv_path + "/0", "expected a program name");
            if (spec.command[0].find('/') != std::string::npos)
                spec.command[0] = resolve(spec.command[0]).string();
        }
        if (kinds != 1)
            fail(path, "expected exactly one of \"env\", \"file\", \"netrc\", \"command\"");
        if (value.contains("search_path")) {
            if (spec.kind != CredentialSpec::Kind::command)
                fail(path + "/search_path", "only allowed with \"command\"");
            expect_type(value.at("search_path"), path + "/search_path", json::value_t::boolean,
                        "true or false");
            spec.search_path = value.at("search_path").get<bool>();
        }
        if (spec.kind == CredentialSpec::Kind::command && !spec.search_path &&
            spec.command[0].find('/') == std::string::npos)
            fail(path + "/command/0",
                 "expected a path to the program (absolute, or relative to the configuration's "
                 "folder like \"./" +
                     spec.command[0] + "\"), or \"search_path\": true to look \"" +
                     spec.command[0] + "\" up in PATH");
        if (value.contains("timeout")) {
            if (spec.kind != CredentialSpec::Kind::command)
                fail(path + "/timeout", "only allowed with \"command\"");
            const auto duration = value.at("timeout").is_string()
                                      ? parse_duration(value.at("timeout").get<std::string>())
                                      : std::nullopt;
            if (!duration || *duration > std::chrono::seconds(300))
                fail(path + "/timeout", "expected a duration like \"10s\" (at most 5m)");
            spec.command_timeout = *duration;
        }
        return spec;
    }

    SourceConfig source(const json& value, const std::string& path) const {
        expect_type(value, path, json::value_t::object, "an object");
        reject_unknown_keys(value, path,
                            {"id", "plugin", "enabled", "schedule", "credentials", "options"});
        SourceConfig src;
        src.json_path = path;
        src.id = string_at(value, "id", path);
        if (!is_valid_identifier(src.id))
            fail(path + "/id",
                 "expected letters, digits, '.', '_' or '-' (at most 64), got \"" + src.id + "\"");
        src.plugin = string_at(value, "plugin", path);
        if (!is_valid_identifier(src.plugin)) fail(path + "/plugin", "expected a plugin id");
        if (value.contains("enabled")) {
            expect_type(value.at("enabled"), path + "/enabled", json::value_t::boolean,
                        "true or false");
            src.enabled = value.at("enabled").get<bool>();
        }
        if (value.contains("schedule")) {
            const json& schedule = value.at("schedule");
            const std::string spath = path + "/schedule";
            expect_type(schedule, spath, json::value_t::object,
                        "an object like {\"every\": \"24h\"}");
            reject_unknown_keys(schedule, spath, {"every"});
            const std::string every = string_at(schedule, "every", spath);
            const auto duration = parse_duration(every);
            if (!duration)
                fail(spath + "/every",
                     "expected a duration like \"24h\", \"30m\" or \"45s\", got \"" + every + "\"");
            src.every = *duration;
        }
        if (value.contains("credentials")) {
            const json& creds = value.at("credentials");
            const std::string cpath = path + "/credentials";
            expect_type(creds, cpath, json::value_t::object,
                        "an object of credential name -> source");
            for (const auto& item : creds.items())
                src.credentials.emplace(item.key(),
                                        credential(item.value(), cpath + "/" + item.key()));
        }
        if (value.contains("options")) {
            expect_type(value.at("options"), path + "/options", json::value_t::object, "an object");
            src.options = value.at("options");
            for (auto& item : src.options.items()) {
                if (!is_file_option(item.key()) || !item.value().is_string() ||
                    item.value().get<std::string>().empty())
                    continue;
                item.value() = resolve(item.value().get<std::string>()).string();
            }
        }
        return src;
    }

    SchedulerConfig scheduler(const json& value) const {
        const std::string path = "/scheduler";
        expect_type(value, path, json::value_t::object,
                    "an object like {\"child_memory_limit_mb\": 1024}");
        reject_unknown_keys(value, path, {"child_memory_limit_mb"});
        SchedulerConfig result;
        if (value.contains("child_memory_limit_mb")) {
            const json& limit = value.at("child_memory_limit_mb");
            const std::string range = std::to_string(min_child_memory_limit_mb) + " to " +
                                      std::to_string(max_child_memory_limit_mb);
            const std::string what = "a whole number of MiB from " + range;
            expect_type(limit, path + "/child_memory_limit_mb", json::value_t::number_integer,
                        what);
            if (limit.get<std::int64_t>() < static_cast<std::int64_t>(min_child_memory_limit_mb) ||
                limit.get<std::int64_t>() > static_cast<std::int64_t>(max_child_memory_limit_mb))
                fail(path + "/child_memory_limit_mb", "expected " + what + ", got " + limit.dump());
            result.child_memory_limit_mb = limit.get<std::uint64_t>();
        }
        return result;
    }

    HostConfig document(const json& doc) const {
        HostConfig config;
        config.file = file_;
        expect_type(doc, "", json::value_t::object, "an object");
        reject_unknown_keys(doc, "",
                            {"plugin_dir", "state_dir", "output_dir", "scheduler", "sources"});
        config.plugin_dir = resolve(string_at(doc, "plugin_dir", ""));
        config.state_dir = resolve(string_at(doc, "state_dir", ""));
        config.output_dir = resolve(string_at(doc, "output_dir", ""));
        if (doc.contains("scheduler")) config.scheduler = scheduler(doc.at("scheduler"));
        if (!doc.contains("sources")) fail("/sources", "missing (expected an array of sources)");
        const json& sources = doc.at("sources");
        expect_type(sources, "/sources", json::value_t::array, "an array of sources");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < sources.size(); ++i) {
            const std::string path = "/sources/" + std::to_string(i);
            SourceConfig src = source(sources[i], path);
            if (!ids.insert(src.id).second)
                fail(path + "/id", "duplicate source id \"" + src.id + "\"");
            config.sources.push_back(std::move(src));
        }
        return config;
    }

private:
    fs::path file_;
    fs::path base_;
};

}  // namespace

const SourceConfig* HostConfig::find_source(const std::string& id) const {
    for (const auto& src : sources)
        if (src.id == id) return &src;
    return nullptr;
}

bool is_valid_identifier(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(id[0])) return false;
    for (char c : id)
        if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    if (text.empty()) return std::nullopt;
    long long total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        long long number = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            number = number * 10 + (text[i] - '0');
            if (number > 10'000'000) return std::nullopt;
            ++i;
            ++digits;
        }
        if (digits == 0 || i == text.size()) return std::nullopt;
        switch (text[i]) {
            case 'd':
                total += number * 86400;
                break;
            case 'h':
                total += number * 3600;
                break;
            case 'm':
                total += number * 60;
                break;
            case 's':
                total += number;
                break;
            default:
                return std::nullopt;
        }
        ++i;
    }
    if (total <= 0 || total > 366LL * 86400) return std::nullopt;
    return std::chrono::seconds(total);
}

HostConfig parse_host_config(const nlohmann::json& document, const std::filesystem::path& file) {
    return Validator(fs::absolute(file).lexically_normal()).document(document);
}

bool is_file_option(std::string_view key) {
    constexpr std::string_view suffix = "_file";
    return key.size() > suffix.size() && key.substr(key.size() - suffix.size()) == suffix;
}

void check_file_options(const HostConfig& config) {
    TrustRule rule;
    rule.follow_final_symlink = true;  // e.g. /etc/ssl/certs links; the target is what is checked
    for (const SourceConfig& source : config.sources) {
        if (!source.enabled) continue;
        for (const auto& item : source.options.items()) {
            if (!is_file_option(item.key()) || !item.value().is_string() ||
                item.value().get<std::string>().empty())
                continue;
            try {
                (void)open_trusted_file(item.value().get<std::string>(), rule);
            } catch (const TrustError& e) {
                throw ConfigError(config.file.string() + ": " + source.json_path + "/options/" +
                                  item.key() + ": refused: " + e.what());
            }
        }
    }
}

HostConfig load_host_config(const std::filesystem::path& file) {
    const fs::path absolute = fs::absolute(file).lexically_normal();
    json doc;
    try {
        TrustRule rule;
        rule.follow_final_symlink =
            true;  // e.g. a link managed by configuration management; its target is checked
        doc = read_json_file(absolute, rule);
    } catch (const JsonFileError& e) {
        throw ConfigError(absolute.string() + ": " + e.what());
    }
    HostConfig config = parse_host_config(doc, absolute);
    check_file_options(config);
    return config;
}

}  // namespace iru::host

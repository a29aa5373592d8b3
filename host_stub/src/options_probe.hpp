// A source's option check in a child process: the host re-executed as `child-validate`
// (child_validate.cpp) creates the plugin's instance with the source's options and destroys it, so
// a plugin that crashes in create ends only that child. The scheduler checks its sources this way
// before it starts; the child verifies the configuration and the plugin itself, as child-run does.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "host_config.hpp"

namespace iru::host {

inline constexpr const char* options_probe_format = "iru-host-child-validation/1";

struct OptionsProbe {
    enum class Outcome {
        accepted,  // the plugin created an instance with the options
        refused,   // the plugin refused them: text is its create error (a configuration mistake)
        crashed,   // the child died by a signal: text names it
        failed,    // no answer (the child ended without one, or took too long): text says why
    };
    Outcome outcome = Outcome::failed;
    std::string text;
};

// The child's report: {"format", "source", "error"} (error "" when accepted).
nlohmann::json options_probe_report(const std::string& source_id, const std::string& error);

// Pure: the outcome from the child's report and how it ended. A report that is not one for
// source_id is no answer; a signal wins over a report (a crash in destroy is still a crash).
OptionsProbe options_probe_outcome(const std::string& source_id, const std::string& report,
                                   bool report_overflowed, const ChildExit& exit, bool timed_out);

struct OptionsProbeSettings {
    std::filesystem::path executable = "/proc/self/exe";
    std::chrono::milliseconds limit{30000};  // then the child is killed: outcome failed
};

// Runs the check of source in a child and waits for it (at most settings.limit). Never throws.
OptionsProbe probe_options_in_child(const HostConfig& config, const SourceConfig& source,
                                    const OptionsProbeSettings& settings = {});

}  // namespace iru::host

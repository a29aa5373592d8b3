#include "options_probe.hpp"

#include <signal.h>

#include <thread>

#include "cli.hpp"
#include "host_child.hpp"

namespace iru::host {

namespace {

constexpr auto poll_interval = std::chrono::milliseconds(20);
constexpr std::size_t max_report_bytes = std::size_t{64} * 1024;
constexpr auto report_linger = std::chrono::milliseconds(500);

std::string exit_text(const ChildExit& exit) {
    if (exit.exited) return "exit code " + std::to_string(exit.exit_code);
    return "signal " + std::to_string(exit.signal);
}

}  // namespace

nlohmann::json options_probe_report(const std::string& source_id, const std::string& error) {
    return {{"format", options_probe_format}, {"source", source_id}, {"error", error}};
}

OptionsProbe options_probe_outcome(const std::string& source_id, const std::string& report,
                                   bool report_overflowed, const ChildExit& exit, bool timed_out) {
    using Outcome = OptionsProbe::Outcome;
    if (timed_out) return {Outcome::failed, "the option check did not end in time"};
    if (exit.signal != 0) return {Outcome::crashed, signal_description(exit.signal)};
    const auto document =
        report_overflowed ? nlohmann::json() : nlohmann::json::parse(report, nullptr, false);
    const bool is_report = document.is_object() &&
                           document.value("format", "") == options_probe_format &&
                           document.value("source", "") == source_id &&
                           document.contains("error") && document["error"].is_string();
    if (!is_report)
        return {Outcome::failed, "the option check ended without an answer (" + exit_text(exit) +
                                     "; see its log lines)"};
    const std::string error = document["error"].get<std::string>();
    if (error.empty()) return {Outcome::accepted, ""};
    return {Outcome::refused, error};
}

OptionsProbe probe_options_in_child(const HostConfig& config, const SourceConfig& source,
                                    const OptionsProbeSettings& settings) {
    const ChildSpec spec =
        host_child_spec(settings.executable, child_validate_command_name, config, source);
    try {
        HostChild child(spec);
        const auto deadline = std::chrono::steady_clock::now() + settings.limit;
        bool timed_out = false;
        while (!child.ended()) {
            (void)child.read_report(poll_interval, max_report_bytes);
            if (std::chrono::steady_clock::now() >= deadline) {
                timed_out = true;
                child.signal(SIGKILL);
                break;
            }
        }
        // Its last bytes; a process it started may hold the pipe open, so only for a while.
        const auto linger_end = std::chrono::steady_clock::now() + report_linger;
        while (!timed_out && !child.read_report(poll_interval, max_report_bytes) &&
               std::chrono::steady_clock::now() < linger_end) {}
        const ChildExit exit = child.reap();
        return options_probe_outcome(source.id, child.report(), child.report_overflowed(), exit,
                                     timed_out);
    } catch (const std::exception& e) {
        return {OptionsProbe::Outcome::failed,
                std::string("the option check could not start: ") + e.what()};
    }
}

}  // namespace iru::host

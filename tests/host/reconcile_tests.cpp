// reconcile_run, the pure policy that makes a run's outcome from what the plugin returned and what
// the host saw; and the status and level conversions at the ABI boundary.
#include <catch2/catch.hpp>

#include <iru/source_plugin.h>

#include "source_runner.hpp"

using namespace iru::host;
using nlohmann::json;

namespace {

Invocation returned(RunStatus status, std::string message = {}) {
    Invocation invocation;
    invocation.created = true;
    invocation.plugin_status = status;
    invocation.plugin_message = std::move(message);
    return invocation;
}

}  // namespace

TEST_CASE("reconcile: the plugin's status and message stand when nothing else happened") {
    RunOutcome o = reconcile_run(returned(RunStatus::complete), false, "/etc/host.json");
    CHECK(o.status == RunStatus::complete);
    CHECK(o.message.empty());
    o = reconcile_run(returned(RunStatus::network, "connection refused"), false, "/etc/host.json");
    CHECK(o.status == RunStatus::network);
    CHECK(o.message == "connection refused");
}

TEST_CASE("reconcile: a failure while the host is stopping is cancelled, a success stays") {
    RunOutcome o = reconcile_run(returned(RunStatus::network, "aborted"), true, "f");
    CHECK(o.status == RunStatus::cancelled);
    CHECK(o.message == "aborted");
    o = reconcile_run(returned(RunStatus::internal), true, "f");
    CHECK(o.status == RunStatus::cancelled);
    CHECK(o.message == "cancelled");
    CHECK(reconcile_run(returned(RunStatus::partial, "gaps"), true, "f").status ==
          RunStatus::partial);
}

TEST_CASE(
    "reconcile: a failure after an unreadable credential is a configuration error naming the "
    "file") {
    Invocation i = returned(RunStatus::auth_failed, "no token");
    i.credential_errors = {"/sources/0/credentials/token: environment variable X is not set"};
    const RunOutcome o = reconcile_run(i, false, "/etc/host.json");
    CHECK(o.status == RunStatus::bad_config);
    CHECK(o.message ==
          "configuration error: /etc/host.json: /sources/0/credentials/token: environment variable "
          "X is not set");
    i.plugin_status = RunStatus::complete;  // the plugin managed without it
    CHECK(reconcile_run(i, false, "/etc/host.json").status == RunStatus::complete);
}

TEST_CASE("reconcile: an evidence write error wins over everything") {
    Invocation i = returned(RunStatus::complete);
    i.tally.output_error = "disk full";
    i.tally.invalid = 2;
    const RunOutcome o = reconcile_run(i, true, "f");
    CHECK(o.status == RunStatus::host_error);
    CHECK(o.message == "writing evidence failed: disk full");
}

TEST_CASE("reconcile: refused records make a complete run partial, not a failed one") {
    Invocation i = returned(RunStatus::complete);
    i.tally.invalid = 3;
    RunOutcome o = reconcile_run(i, false, "f");
    CHECK(o.status == RunStatus::partial);
    CHECK(o.message == "3 invalid record(s) were refused and not written");
    i.plugin_status = RunStatus::network;
    i.plugin_message = "reset";
    o = reconcile_run(i, false, "f");
    CHECK(o.status == RunStatus::network);
    CHECK(o.message == "reset");
}

TEST_CASE("reconcile: without a plugin message the summary's message, else a generic one") {
    Invocation i = returned(RunStatus::partial);
    i.tally.collection_summary = json{{"status", "partial"}, {"message", "2 apps\nvanished"}};
    CHECK(reconcile_run(i, false, "f").message == "2 apps vanished");
    i.tally.collection_summary = json{{"status", "partial"}, {"message", 7}};
    CHECK(reconcile_run(i, false, "f").message == "plugin returned status partial");
    i.tally.collection_summary = json::array();
    CHECK(reconcile_run(i, false, "f").message == "plugin returned status partial");
}

TEST_CASE(
    "status conversions: every ABI code to a run status, every run status to text and an exit "
    "code") {
    CHECK(run_status_from_abi(IRU_STATUS_OK) == RunStatus::complete);
    CHECK(run_status_from_abi(IRU_STATUS_PARTIAL) == RunStatus::partial);
    CHECK(run_status_from_abi(IRU_STATUS_AUTH_FAILED) == RunStatus::auth_failed);
    CHECK(run_status_from_abi(IRU_STATUS_PERMISSION_DENIED) == RunStatus::permission_denied);
    CHECK(run_status_from_abi(IRU_STATUS_RATE_LIMITED) == RunStatus::rate_limited);
    CHECK(run_status_from_abi(IRU_STATUS_NETWORK) == RunStatus::network);
    CHECK(run_status_from_abi(IRU_STATUS_BAD_CONFIG) == RunStatus::bad_config);
    CHECK(run_status_from_abi(IRU_STATUS_CANCELLED) == RunStatus::cancelled);
    CHECK(run_status_from_abi(IRU_STATUS_INTERNAL) == RunStatus::internal);
    CHECK(run_status_from_abi(IRU_STATUS_UNSUPPORTED) == RunStatus::unsupported);
    // Not a status for a collection: a defect of the plugin.
    CHECK(run_status_from_abi(IRU_STATUS_NOT_FOUND) == RunStatus::internal);
    CHECK(run_status_from_abi(IRU_STATUS_REJECTED) == RunStatus::internal);
    CHECK(run_status_from_abi(-1) == RunStatus::internal);
    CHECK(run_status_from_abi(999) == RunStatus::internal);

    CHECK(to_string(RunStatus::complete) == "complete");
    CHECK(to_string(RunStatus::plugin_error) == "plugin_error");
    CHECK(to_string(RunStatus::host_error) == "host_error");
    CHECK(exit_code_for(RunStatus::complete) == 0);
    CHECK(exit_code_for(RunStatus::partial) == 2);
    CHECK(exit_code_for(RunStatus::auth_failed) == 3);
    for (RunStatus s : {RunStatus::bad_config, RunStatus::internal, RunStatus::unsupported,
                        RunStatus::plugin_error})
        CHECK(exit_code_for(s) == 4);
    for (RunStatus s : {RunStatus::network, RunStatus::rate_limited, RunStatus::permission_denied,
                        RunStatus::cancelled, RunStatus::host_error})
        CHECK(exit_code_for(s) == 1);
}

TEST_CASE("log levels: the ABI's levels become the host's, unknown ones info") {
    CHECK(log_level_from_abi(IRU_LOG_DEBUG) == LogLevel::debug);
    CHECK(log_level_from_abi(IRU_LOG_INFO) == LogLevel::info);
    CHECK(log_level_from_abi(IRU_LOG_WARN) == LogLevel::warn);
    CHECK(log_level_from_abi(IRU_LOG_ERROR) == LogLevel::error);
    CHECK(log_level_from_abi(42) == LogLevel::info);
    CHECK(to_string(LogLevel::warn) == "warn");
}

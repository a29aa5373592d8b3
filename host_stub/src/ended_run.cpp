#include "ended_run.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>

#include "atomic_file.hpp"
#include "run_output.hpp"
#include "sha256.hpp"
#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The complete lines of a records file: their number, sha256 and records by type.
struct RecordsFound {
    std::uint64_t records = 0;
    std::string sha256;
    std::map<std::string, std::uint64_t> counts;
};

// Reads the records file; cuts a torn last line off (the child died in the middle of a write).
RecordsFound keep_complete_lines(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        throw std::runtime_error("cannot open " + file.string() + ": " + system_error_text(errno));
    RecordsFound found;
    Sha256 hasher;
    std::string line;
    std::uint64_t complete_bytes = 0;
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            const int read_errno = errno;
            (void)::close(fd);
            throw std::runtime_error("cannot read " + file.string() + ": " +
                                     system_error_text(read_errno));
        }
        if (got == 0) break;
        for (ssize_t i = 0; i < got; ++i) {
            line.push_back(buffer[i]);
            if (buffer[i] != '\n') continue;
            hasher.update(line);
            complete_bytes += line.size();
            ++found.records;
            const json envelope = json::parse(line, nullptr, false);
            if (envelope.is_object() && envelope.contains("type") && envelope["type"].is_string())
                ++found.counts[envelope["type"].get<std::string>()];
            line.clear();
        }
    }
    const bool cut = line.empty() || ::ftruncate(fd, static_cast<off_t>(complete_bytes)) == 0;
    const int cut_errno = errno;
    (void)::fsync(fd);
    (void)::close(fd);
    if (!cut)
        throw std::runtime_error("cannot cut the torn last line of " + file.string() + ": " +
                                 system_error_text(cut_errno));
    found.sha256 = hasher.hex_digest();
    return found;
}

// The result of a run whose summary.json the child wrote before it ended.
SourceRunResult result_from_summary(const fs::path& folder, const EndedRun& run) {
    SourceRunResult result;
    result.source_id = run.source_id;
    result.run_id = run.run_id;
    result.run_dir = folder;
    result.duration_ms = run.duration_ms;
    std::ifstream in(folder / "summary.json", std::ios::binary);
    const json summary = json::parse(in, nullptr, false);
    const auto status = summary.is_object() && summary.value("status", json()).is_string()
                            ? run_status_from_name(summary["status"].get<std::string>())
                            : std::nullopt;
    result.status = status.value_or(RunStatus::host_error);
    result.exit_code = exit_code_for(result.status);
    if (summary.is_object() && summary.value("message", json()).is_string())
        result.message = summary["message"].get<std::string>();
    if (summary.is_object() && summary.value("records_written", json()).is_number_unsigned())
        result.records = summary["records_written"].get<std::uint64_t>();
    return result;
}

json summary_document(const EndedRun& run, const RunOutcome& outcome, const RecordsFound& records) {
    return {
        {"format", "iru-host-run-summary/2"},
        {"source_id", run.source_id},
        {"run_id", run.run_id},
        {"plugin",
         {{"id", run.plugin_id}, {"version", run.plugin_version}, {"abi", run.plugin_abi}}},
        {"status", std::string(to_string(outcome.status))},
        {"exit_code", exit_code_for(outcome.status)},
        {"message", outcome.message},
        {"started_at", rfc3339_utc(run.started_at)},
        {"finished_at", rfc3339_utc(std::chrono::system_clock::now())},
        {"duration_ms", run.duration_ms},
        {"counts", records.counts},
        {"invalid_records", nullptr},  // the child's tally died with it
        {"requests", nullptr},
        {"rate_limit_remaining", nullptr},
        {"plugin_summary", nullptr},
        {"records_file", RunOutput::records_temporary_name},
        {"records_written", records.records},
        {"records_sha256", records.sha256},
        {"crash", crash_facts(run)},
    };
}

}  // namespace

RunOutcome ended_run_outcome(const EndedRun& run, std::chrono::milliseconds kill_grace) {
    const std::string kept = "; its evidence stays in the .partial folder, not complete";
    if (run.exit.signal != 0 && run.killed_by_host) {
        const std::string seconds = std::to_string(kill_grace.count() / 1000) + "." +
                                    std::to_string(kill_grace.count() % 1000 / 100);
        return {RunStatus::cancelled, "did not stop within " + seconds +
                                          " s of the stop request and was killed (" +
                                          signal_description(run.exit.signal) + ")" + kept};
    }
    if (run.exit.signal != 0) {
        std::string message =
            "the collection's process was killed by " + signal_description(run.exit.signal);
        if (run.memory_limit_mb)
            message += " (memory limit " + std::to_string(*run.memory_limit_mb) +
                       " MiB, scheduler.child_memory_limit_mb)";
        return {RunStatus::crashed, message + kept};
    }
    return {RunStatus::host_error, "the collection's process exited with code " +
                                       std::to_string(run.exit.exit_code) +
                                       " without reporting its run" + kept};
}

json crash_facts(const EndedRun& run) {
    const char* abbreviation = run.exit.signal != 0 ? ::sigabbrev_np(run.exit.signal) : nullptr;
    return {
        {"signal",
         abbreviation != nullptr ? json(std::string("SIG") + abbreviation) : json(nullptr)},
        {"signal_number", run.exit.signal != 0 ? json(run.exit.signal) : json(nullptr)},
        {"description",
         run.exit.signal != 0 ? signal_description(run.exit.signal) : "exited without a result"},
        {"killed_by_host", run.killed_by_host},
        {"exit_code", run.exit.exited ? json(run.exit.exit_code) : json(nullptr)},
        {"memory_limit_mb", run.memory_limit_mb ? json(*run.memory_limit_mb) : json(nullptr)},
    };
}

SourceRunResult finish_ended_run(const fs::path& output_dir, const EndedRun& run,
                                 const RunOutcome& outcome) {
    SourceRunResult result;
    result.source_id = run.source_id;
    result.run_id = run.run_id;
    result.status = outcome.status;
    result.exit_code = exit_code_for(outcome.status);
    result.message = outcome.message;
    result.duration_ms = run.duration_ms;
    const fs::path source_dir = output_dir / run.source_id;
    const fs::path partial = source_dir / (run.run_id + ".partial");
    std::error_code ec;
    try {
        if (fs::exists(source_dir / run.run_id / "summary.json", ec))
            return result_from_summary(source_dir / run.run_id, run);
        if (fs::exists(partial / "summary.json", ec)) return result_from_summary(partial, run);
        if (!fs::exists(partial, ec)) {
            const RunOutput made(output_dir, run.source_id,
                                 run.run_id);  // the folder, with an empty records file
        }
        const RecordsFound records =
            keep_complete_lines(partial / RunOutput::records_temporary_name);
        write_file_atomically(partial / "summary.json",
                              summary_document(run, outcome, records).dump(2) + "\n", 0600);
        result.records = records.records;
        result.counts = records.counts;
        result.run_dir = partial;
    } catch (const std::exception& e) {
        result.message += "; its summary could not be written: " + std::string(e.what());
    }
    return result;
}

}  // namespace iru::host

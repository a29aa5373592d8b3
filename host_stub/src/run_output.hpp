// One run's evidence on disk: output_dir/<source>/<run id>/{records.jsonl, summary.json}.
// While the run is going everything lives in "<run id>.partial/" with records in
// "records.jsonl.tmp"; finish() renames the file, writes summary.json (with the records' sha256)
// atomically, then renames the folder to "<run id>" and, when asked, points "latest" at it.
// A crash at any point leaves nothing named like a complete run. A write error (disk full) stops
// the records there: the torn line is cut off (the file holds exactly records_written() records)
// and finish() leaves the folder as "<run id>.partial" with a summary saying host_error. Files are
// 0600 and folders 0700 whatever the umask; output_dir and the source's folder must be private
// folders of the user (private_folder.hpp). One owner thread at a time.
#pragma once

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sha256.hpp"

namespace iru::host {

class RunOutput {
public:
    // Creates the .partial folder and the records file. Throws std::runtime_error.
    RunOutput(const std::filesystem::path& output_dir, const std::string& source_id,
              const std::string& run_id);
    ~RunOutput();  // an unfinished run keeps its .partial folder (evidence of the crash) but closes
                   // the file
    RunOutput(const RunOutput&) = delete;
    RunOutput& operator=(const RunOutput&) = delete;

    // Appends one validated envelope as a JSON line (written at once, not buffered). Throws
    // std::runtime_error on I/O failure; every later write throws too.
    void write(const nlohmann::json& envelope);
    // Appends one line as given (a record carried forward from an earlier run, already validated;
    // no newline in it) and its newline, with write()'s failure behaviour.
    void write_line(std::string_view line);

    // Completes the run: adds records_file/records_sha256/records_written to summary, writes it,
    // publishes the folder; update_latest moves the latest pointer. Returns the final folder.
    // After a write error it writes the summary (status host_error) into the .partial folder,
    // renames nothing and throws std::runtime_error with the write error.
    std::filesystem::path finish(nlohmann::json summary, bool update_latest);

    // Removes the unfinished run's folder: for a run that stopped on a configuration mistake before
    // it wrote a record. Never throws; a folder that cannot be removed stays as an interrupted run.
    void discard() noexcept;

    std::uint64_t records_written() const { return records_; }
    bool failed() const { return !write_error_.empty(); }

    // Test seam: the records file behaves as if the disk were full after this many bytes.
    void set_write_limit_for_tests(std::uint64_t bytes);

    static constexpr const char* records_temporary_name = "records.jsonl.tmp";

private:
    std::filesystem::path source_dir_;
    std::string run_id_;
    std::filesystem::path partial_dir_;
    bool write_all(std::string_view bytes);  // false with errno set

    int records_fd_ = -1;
    Sha256 hasher_;
    std::uint64_t records_ = 0;
    std::uint64_t bytes_written_ = 0;  // complete lines only
    std::optional<std::uint64_t> write_limit_;
    std::string write_error_;
};

// Folders "<run id>.partial" under output_dir/<source> left by runs that were killed or failed to
// write their evidence, sorted.
std::vector<std::string> interrupted_runs(const std::filesystem::path& output_dir,
                                          const std::string& source_id);
// A warning about those folders ("" when there are none): how many failed writing (they hold a
// summary.json), how many the scheduler finished after their process died (a summary.json with
// "crash") and how many were killed; never calls them deletable.
std::string incomplete_runs_notice(const std::filesystem::path& output_dir,
                                   const std::string& source_id);

// Names a run: "20261128T073000.123Z-1a2b3c" (UTC start time to the millisecond, so names sort by
// time, plus a random suffix).
std::string make_run_id();

}  // namespace iru::host

#include "last_snapshot.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "line_reader.hpp"
#include "sha256.hpp"
#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool string_field(const json& object, const char* name) {
    return object.contains(name) && object[name].is_string();
}

// Closes the descriptor unless released.
struct FdGuard {
    int fd;
    ~FdGuard() {
        if (fd >= 0) (void)::close(fd);
    }
    int release() { return std::exchange(fd, -1); }
};

// One pass over the records file: sha256, line count and the scope index.
std::string index_records(int fd, const SnapshotSummary& summary, ScopeIndex* index) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return "cannot read its records file: " + system_error_text(errno);
    LineReader reader(fd, 0, static_cast<std::uint64_t>(info.st_size));
    Sha256 hasher;
    std::uint64_t lines = 0;
    std::string_view line;
    std::uint64_t offset = 0;
    bool indexed = true;
    while (reader.next(&line, &offset)) {
        hasher.update(line);
        hasher.update("\n");
        ++lines;
        if (!indexed) continue;
        if (const auto scope = envelope_scope(line))
            indexed = index->add(*scope, offset, line.size() + 1);
    }
    if (hasher.hex_digest() != summary.records_sha256 || lines != summary.records)
        return "its records file does not match the sha256 and count its summary.json states "
               "(changed or truncated)";
    if (!indexed)
        return "it has more than " + std::to_string(ScopeIndex::max_scopes) + " scopes or " +
               std::to_string(ScopeIndex::max_spans) + " runs of records of one scope";
    return "";
}

json read_summary_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return json(nullptr);
    return json::parse(in, nullptr, false);
}

SnapshotOpening open_run(const fs::path& run_dir, const std::string& run_id,
                         const std::string& source_id, const std::string& plugin_id) {
    SnapshotOpening opening;
    SnapshotSummary summary;
    opening.problem = read_snapshot_summary(read_summary_file(run_dir / "summary.json"), run_id,
                                            source_id, plugin_id, &summary);
    if (!opening.problem.empty()) return opening;
    FdGuard fd{::open((run_dir / "records.jsonl").c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
    if (fd.fd < 0) {
        opening.problem = "cannot open its records file: " + system_error_text(errno);
        return opening;
    }
    ScopeIndex index;
    opening.problem = index_records(fd.fd, summary, &index);
    if (opening.problem.empty())
        opening.snapshot =
            std::make_unique<Snapshot>(std::move(summary), fd.release(), std::move(index));
    return opening;
}

}  // namespace

std::string read_snapshot_summary(const json& summary, const std::string& run_id,
                                  const std::string& source_id, const std::string& plugin_id,
                                  SnapshotSummary* out) {
    if (!summary.is_object()) return "its summary.json is missing or not JSON";
    if (summary.value("format", "") != "iru-host-run-summary/2")
        return "its summary.json is not a host run summary of this format";
    if (summary.value("run_id", "") != run_id) return "its summary.json names another run";
    if (summary.value("source_id", "") != source_id) return "it is a run of another source";
    if (!summary.contains("plugin") || !summary["plugin"].is_object() ||
        summary["plugin"].value("id", "") != plugin_id)
        return "it was written by another plugin";
    const std::string status = summary.value("status", "");
    if (status != "complete" && status != "partial")
        return "its run was neither complete nor partial";
    if (summary.value("records_file", "") != "records.jsonl" ||
        !string_field(summary, "records_sha256") || !string_field(summary, "finished_at") ||
        !summary.contains("records_written") || !summary["records_written"].is_number_integer() ||
        summary["records_written"].get<std::int64_t>() < 0)
        return "its summary.json lacks the records file, sha256, count or finish time";
    out->run_id = run_id;
    out->finished_at = summary["finished_at"].get<std::string>();
    out->complete = status == "complete";
    out->records = summary["records_written"].get<std::uint64_t>();
    out->records_sha256 = summary["records_sha256"].get<std::string>();
    return "";
}

Snapshot::Snapshot(SnapshotSummary summary, int records_fd, ScopeIndex index)
    : summary_(std::move(summary)), fd_(records_fd), index_(std::move(index)) {}

Snapshot::~Snapshot() {
    if (fd_ >= 0) (void)::close(fd_);
}

SnapshotOpening open_last_snapshot(const fs::path& source_dir, const std::string& source_id,
                                   const std::string& plugin_id) {
    try {
        std::error_code ec;
        const fs::path target = fs::read_symlink(source_dir / "latest", ec);
        if (ec) return {};  // no finished run yet
        const std::string run_id = target.string();
        if (run_id.empty() || target.has_parent_path() || run_id == "." || run_id == "..")
            return {nullptr, "latest does not name a run folder beside it"};
        SnapshotOpening opening = open_run(source_dir / run_id, run_id, source_id, plugin_id);
        if (!opening.problem.empty()) opening.problem = "run " + run_id + ": " + opening.problem;
        return opening;
    } catch (const std::exception& e) {
        return {nullptr, std::string("reading it failed: ") + e.what()};
    }
}

}  // namespace iru::host

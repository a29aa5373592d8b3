// The source's last snapshot for iru.carry_forward/1: the finished run output_dir/<source>/latest
// points at, trusted only when its summary.json is the host's summary of a complete or partial run
// of this source by this plugin and its records.jsonl has the sha256 and the line count the summary
// states. Opening it reads the records file once, hashing it and indexing its scopes
// (snapshot_index.hpp) in the same pass; the file stays open for the carries that follow, so a
// later change of `latest` does not change what is carried.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "snapshot_index.hpp"

namespace iru::host {

// What a snapshot's summary.json says that carrying relies on.
struct SnapshotSummary {
    std::string run_id;
    std::string finished_at;
    bool complete = false;  // status "complete"; else "partial"
    std::uint64_t records = 0;
    std::string records_sha256;
};

// Pure: "" and *out filled when summary is usable for a snapshot of run_id, else why not.
std::string read_snapshot_summary(const nlohmann::json& summary, const std::string& run_id,
                                  const std::string& source_id, const std::string& plugin_id,
                                  SnapshotSummary* out);

class Snapshot {
public:
    Snapshot(SnapshotSummary summary, int records_fd, ScopeIndex index);
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    const SnapshotSummary& summary() const { return summary_; }
    const ScopeIndex& index() const { return index_; }
    int records_fd() const { return fd_; }

private:
    SnapshotSummary summary_;
    int fd_;
    ScopeIndex index_;
};

struct SnapshotOpening {
    std::unique_ptr<Snapshot> snapshot;  // nullptr: none usable
    std::string problem;  // why the one there is not usable; "" when there is none at all
};

// Never throws.
SnapshotOpening open_last_snapshot(const std::filesystem::path& source_dir,
                                   const std::string& source_id, const std::string& plugin_id);

}  // namespace iru::host

// The host's rules of iru.carry_forward/1 for one run, apart from the C table: which scopes may
// still be emitted or carried, the last snapshot opened on first use, each carried line checked
// (carried_record.hpp) and handed to a sink that writes it, and what was carried, for the run's
// summary. Memory: the snapshot's index (snapshot_index.hpp states its bound), the scopes emitted
// or carried in this run (at most ScopeIndex::max_scopes of each) and one line at a time.
// One owner thread at a time (the session serializes).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "carried_record.hpp"
#include "last_snapshot.hpp"

namespace iru::host {

struct CarryTally {
    std::uint64_t records = 0;       // lines carried into this run
    std::uint64_t scopes = 0;        // scopes carried (each with at least one line)
    std::string from_run;            // the snapshot's run id; "" when none was usable
    std::string oldest_observed_at;  // of the lines carried; "" when none
    std::uint64_t skipped = 0;       // lines of carried scopes not carried
    std::map<std::string, std::uint64_t> skipped_reasons;  // reason -> count (no record data)
    std::string snapshot_problem;  // why the latest run could not be used; "" when it could or
                                   // there is none
};

// What a sink did with a checked line.
enum class SinkAnswer {
    written,
    written_last,  // written, and no more: the host wants the collection to stop
    refused,       // not written: it carries a credential the host lent
    stop,          // not written, and no more: the host stops the run or cannot write
};
using CarrySink = std::function<SinkAnswer(std::string_view line, const CarriedLine& checked)>;
using CarryWarn = std::function<void(const std::string& message)>;

struct CarryResult {
    std::int32_t status = 0;  // IRU_STATUS_OK, NOT_FOUND, REJECTED or CANCELLED
    std::uint64_t copied = 0;
    std::string read_error;  // the snapshot could not be read midway (status CANCELLED)
};

class CarryForward {
public:
    // source_dir: output_dir/<source>, where `latest` points at the last snapshot.
    CarryForward(std::filesystem::path source_dir, CarryRules rules, std::string plugin_id,
                 CarryWarn warn);

    // The last snapshot, opened (read, checked, indexed) on the first call; nullptr when none is
    // usable. The problem of an unusable one is warned about once.
    const Snapshot* snapshot();

    // emit_scoped's rule: false when scope was carried in this run, or is a new scope past
    // ScopeIndex::max_scopes; otherwise notes it as emitted.
    bool note_emitted(const std::string& scope);

    // Carries scope: see iru_carry_forward_ext.carry_forward for the statuses. scope must be a
    // valid_scope (the caller checks).
    CarryResult carry(const std::string& scope, const CarrySink& sink);

    const CarryTally& tally() const { return tally_; }

private:
    void skip(const std::string& reason);
    // Copies the checked lines of spans through sink, counting them in *result (which keeps
    // what was copied when a read error throws).
    void copy_scope(const std::string& scope, const std::vector<LineSpan>& spans,
                    const CarrySink& sink, CarryResult* result);

    std::filesystem::path source_dir_;
    CarryRules rules_;
    std::string plugin_id_;
    CarryWarn warn_;
    bool opened_ = false;
    std::unique_ptr<Snapshot> snapshot_;
    std::set<std::string> emitted_;
    std::set<std::string> carried_;
    CarryTally tally_;
};

}  // namespace iru::host

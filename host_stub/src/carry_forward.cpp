#include "carry_forward.hpp"

#include <iru/source_plugin.h>

#include "line_reader.hpp"

namespace iru::host {

CarryForward::CarryForward(std::filesystem::path source_dir, CarryRules rules,
                           std::string plugin_id, CarryWarn warn)
    : source_dir_(std::move(source_dir)),
      rules_(std::move(rules)),
      plugin_id_(std::move(plugin_id)),
      warn_(std::move(warn)) {}

const Snapshot* CarryForward::snapshot() {
    if (opened_) return snapshot_.get();
    opened_ = true;
    SnapshotOpening opening = open_last_snapshot(source_dir_, rules_.source_id, plugin_id_);
    snapshot_ = std::move(opening.snapshot);
    if (snapshot_) tally_.from_run = snapshot_->summary().run_id;
    if (!opening.problem.empty()) {
        tally_.snapshot_problem = opening.problem;
        warn_("nothing can be carried forward from the last snapshot, " + opening.problem +
              ": the plugin collects every scope itself");
    }
    return snapshot_.get();
}

bool CarryForward::note_emitted(const std::string& scope) {
    if (carried_.count(scope) != 0) return false;
    if (emitted_.count(scope) == 0 && emitted_.size() >= ScopeIndex::max_scopes) return false;
    emitted_.insert(scope);
    return true;
}

void CarryForward::skip(const std::string& reason) {
    ++tally_.skipped;
    if (++tally_.skipped_reasons[reason] == 1)
        warn_("a record of the last snapshot was not carried forward: " + reason +
              " (the run summary counts every such record)");
}

void CarryForward::copy_scope(const std::string& scope, const std::vector<LineSpan>& spans,
                              const CarrySink& sink, CarryResult* result) {
    for (const LineSpan& span : spans) {
        LineReader reader(snapshot_->records_fd(), span.offset, span.offset + span.length);
        std::string_view line;
        std::uint64_t offset = 0;
        while (reader.next(&line, &offset)) {
            const CarriedLine checked = check_carried_line(line, scope, rules_);
            if (!checked.problem.empty()) {
                skip(checked.problem);
                continue;
            }
            const SinkAnswer answer = sink(line, checked);
            if (answer == SinkAnswer::refused) {
                skip("it contains a credential the host lent");
                continue;
            }
            if (answer != SinkAnswer::stop) {
                ++result->copied;
                if (tally_.oldest_observed_at.empty() ||
                    checked.observed_at < tally_.oldest_observed_at)
                    tally_.oldest_observed_at = checked.observed_at;
            }
            if (answer == SinkAnswer::stop || answer == SinkAnswer::written_last) {
                result->status = IRU_STATUS_CANCELLED;
                return;
            }
        }
    }
}

CarryResult CarryForward::carry(const std::string& scope, const CarrySink& sink) {
    if (carried_.count(scope) != 0 || emitted_.count(scope) != 0)
        return {IRU_STATUS_REJECTED, 0, ""};
    const Snapshot* from = snapshot();
    const std::vector<LineSpan>* spans = from == nullptr ? nullptr : from->index().find(scope);
    if (spans == nullptr) return {IRU_STATUS_NOT_FOUND, 0, ""};
    CarryResult result{IRU_STATUS_OK, 0, ""};
    try {
        copy_scope(scope, *spans, sink, &result);
    } catch (const std::exception& e) {
        result.status = IRU_STATUS_CANCELLED;
        result.read_error = std::string("reading the last snapshot failed: ") + e.what();
    }
    tally_.records += result.copied;
    if (result.status == IRU_STATUS_OK && result.copied == 0) result.status = IRU_STATUS_NOT_FOUND;
    if (result.status == IRU_STATUS_NOT_FOUND) return result;
    carried_.insert(scope);
    if (result.copied > 0) ++tally_.scopes;
    return result;
}

}  // namespace iru::host

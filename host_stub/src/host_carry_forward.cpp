// HostSession's iru.carry_forward/1 table: emit_scoped, carry_forward and last_snapshot. The C
// callbacks are noexcept and catch everything; the rules are CarryForward's (carry_forward.hpp).
#include <cstring>

#include "host_services.hpp"

namespace iru::host {

const iru_carry_forward_ext HostSession::carry_forward_table = {
    sizeof(iru_carry_forward_ext), &HostSession::on_emit_scoped, &HostSession::on_carry_forward,
    &HostSession::on_last_snapshot};

namespace {

// The scope a plugin passed, when it is a valid one (read at most one byte past the limit).
std::optional<std::string> lent_scope(const char* scope) {
    if (scope == nullptr) return std::nullopt;
    std::string text(scope, ::strnlen(scope, IRU_SCOPE_MAX_BYTES + 1));
    if (!valid_scope(text)) return std::nullopt;
    return text;
}

}  // namespace

std::int32_t HostSession::on_emit_scoped(const iru_host* host, const iru_record* record,
                                         const char* scope) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr || s->carry_ == nullptr) return IRU_STATUS_INTERNAL;
        const std::optional<std::string> name = lent_scope(scope);
        if (!name) {
            s->reject(
                "record scope is missing, empty, longer than 128 bytes or not printable ASCII");
            return s->refused_code();
        }
        {
            std::lock_guard lock(s->carry_mutex_);
            if (!s->carry_->note_emitted(*name)) {
                s->reject("record of a scope already carried forward in this run");
                return s->refused_code();
            }
        }
        if (record == nullptr) {
            s->reject("null record");
            return s->refused_code();
        }
        return s->emit(record, *name);
    } catch (...) {
        return IRU_STATUS_INTERNAL;
    }
}

SinkAnswer HostSession::write_carried(std::string_view line, const CarriedLine& checked) {
    if (setup_.credentials != nullptr && setup_.credentials->contains_secret(line))
        return SinkAnswer::refused;
    std::lock_guard lock(mutex_);
    if (!tally_.output_error.empty()) return SinkAnswer::stop;
    if (setup_.output != nullptr) {
        try {
            setup_.output->write_line(line);
        } catch (const std::exception& e) {
            tally_.output_error = e.what();
            return SinkAnswer::stop;
        }
    }
    ++tally_.counts[checked.type];
    ++tally_.accepted;
    return cancel_requested() ? SinkAnswer::written_last : SinkAnswer::written;
}

std::int32_t HostSession::carry_forward(const char* scope, std::uint64_t* copied) {
    const std::optional<std::string> name = lent_scope(scope);
    if (!name) return refused_code();
    std::lock_guard carry_lock(carry_mutex_);
    const CarryResult result =
        carry_->carry(*name, [this](std::string_view line, const CarriedLine& checked) {
            return write_carried(line, checked);
        });
    if (copied != nullptr) *copied = result.copied;
    if (!result.read_error.empty()) {
        std::lock_guard lock(mutex_);
        if (tally_.output_error.empty()) tally_.output_error = result.read_error;
    }
    if (result.status == IRU_STATUS_REJECTED) return refused_code();
    if (result.status == IRU_STATUS_OK && cancel_requested()) return IRU_STATUS_CANCELLED;
    return result.status;
}

std::int32_t HostSession::on_carry_forward(const iru_host* host, const char* scope,
                                           std::uint64_t* copied) noexcept {
    if (copied != nullptr) *copied = 0;
    try {
        HostSession* s = self(host);
        if (s == nullptr || s->carry_ == nullptr) return IRU_STATUS_INTERNAL;
        return s->carry_forward(scope, copied);
    } catch (...) {
        return IRU_STATUS_INTERNAL;
    }
}

std::int32_t HostSession::on_last_snapshot(const iru_host* host, iru_snapshot_info* info) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr || s->carry_ == nullptr) return IRU_STATUS_INTERNAL;
        if (info == nullptr) return IRU_STATUS_BAD_CONFIG;
        std::lock_guard carry_lock(s->carry_mutex_);
        const Snapshot* snapshot = s->carry_->snapshot();
        if (snapshot == nullptr) return IRU_STATUS_NOT_FOUND;
        const SnapshotSummary& summary = snapshot->summary();
        if (IRU_STRUCT_HAS(info, iru_snapshot_info, run_id)) info->run_id = summary.run_id.c_str();
        if (IRU_STRUCT_HAS(info, iru_snapshot_info, finished_at))
            info->finished_at = summary.finished_at.c_str();
        if (IRU_STRUCT_HAS(info, iru_snapshot_info, records)) info->records = summary.records;
        if (IRU_STRUCT_HAS(info, iru_snapshot_info, status))
            info->status = summary.complete ? IRU_STATUS_OK : IRU_STATUS_PARTIAL;
        return IRU_STATUS_OK;
    } catch (...) {
        return IRU_STATUS_INTERNAL;
    }
}

}  // namespace iru::host

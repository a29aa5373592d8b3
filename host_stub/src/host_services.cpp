#include "host_services.hpp"

#include <algorithm>
#include <cstring>

#include "text_codec.hpp"

#ifndef IRU_HOST_VERSION
#define IRU_HOST_VERSION "0.0.0"
#endif

namespace iru::host {

HostSession::HostSession(SessionSetup setup) : setup_(std::move(setup)) {
    host_.struct_size = sizeof(iru_host);
    host_.abi_version = {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR};
    host_.host_data = this;
    host_.host_name = "iru-host-stub";
    host_.host_version = IRU_HOST_VERSION;
    host_.log = &HostSession::on_log;
    host_.get_credential = &HostSession::on_get_credential;
    host_.emit = &HostSession::on_emit;
    host_.progress = &HostSession::on_progress;
    host_.should_cancel = &HostSession::on_should_cancel;
    host_.state_get = &HostSession::on_state_get;
    host_.state_set = &HostSession::on_state_set;
    host_.get_extension = &HostSession::on_get_extension;
    if (!setup_.source_dir.empty())
        carry_ = std::make_unique<CarryForward>(
            setup_.source_dir, CarryRules{setup_.envelope.source_id, setup_.envelope.plugin},
            setup_.envelope.plugin == nullptr ? "" : setup_.envelope.plugin->id,
            [this](const std::string& message) {
                if (setup_.terminal != nullptr)
                    setup_.terminal->log(setup_.envelope.source_id, LogLevel::warn, message);
            });
}

std::int32_t HostSession::refused_code() const noexcept {
    const PluginDescription* plugin = setup_.envelope.plugin;
    return plugin != nullptr && plugin->abi.minor == 0 ? IRU_STATUS_BAD_CONFIG
                                                       : IRU_STATUS_REJECTED;
}

SessionTally HostSession::tally() const {
    SessionTally tally;
    {
        std::lock_guard lock(mutex_);
        tally = tally_;
    }
    std::lock_guard carry_lock(carry_mutex_);
    if (carry_) tally.carried = carry_->tally();
    return tally;
}

HostSession* HostSession::self(const iru_host* host) noexcept {
    return host == nullptr ? nullptr : static_cast<HostSession*>(host->host_data);
}

void HostSession::on_log(const iru_host* host, std::int32_t level, const char* msg) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr || msg == nullptr || s->setup_.terminal == nullptr) return;
        std::string text(msg, ::strnlen(msg, 8192));
        if (s->setup_.credentials != nullptr && s->setup_.credentials->contains_secret(text))
            text = s->setup_.credentials->redact(std::move(text));
        const LogLevel log_level = log_level_from_abi(level);
        if (log_level == LogLevel::error) {
            std::lock_guard lock(s->mutex_);
            ++s->tally_.log_errors;
        }
        if (log_level == LogLevel::debug) return;  // the stub shows info and above
        s->setup_.terminal->log(s->setup_.envelope.source_id, log_level, text);
    } catch (...) {}
}

std::int32_t HostSession::on_get_credential(const iru_host* host, const char* name, iru_lend_fn use,
                                            void* ctx) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr || name == nullptr || use == nullptr) return IRU_STATUS_BAD_CONFIG;
        if (s->setup_.credentials == nullptr) return IRU_STATUS_NOT_FOUND;
        const std::string wanted(name, ::strnlen(name, 256));
        const auto& declared = s->setup_.envelope.plugin->credential_names;
        if (std::find(declared.begin(), declared.end(), wanted) == declared.end())
            return IRU_STATUS_NOT_FOUND;
        return s->setup_.credentials->lend(wanted, use, ctx);
    } catch (...) {
        return IRU_STATUS_INTERNAL;
    }
}

void HostSession::reject(const std::string& reason) {
    std::lock_guard lock(mutex_);
    ++tally_.invalid;
    ++tally_.invalid_reasons[reason];
}

std::int32_t HostSession::emit(const iru_record* record_ptr,
                               std::optional<std::string_view> scope) {
    if (!IRU_STRUCT_HAS(record_ptr, iru_record, data_len) || record_ptr->type == nullptr ||
        record_ptr->key == nullptr || (record_ptr->data == nullptr && record_ptr->data_len > 0)) {
        reject("malformed iru_record");
        return refused_code();
    }
    const iru_record& record = *record_ptr;
    const std::string_view type(record.type, ::strnlen(record.type, 256));
    const std::string_view key(record.key, ::strnlen(record.key, 2048));
    const std::string_view data(record.data == nullptr ? "" : record.data, record.data_len);
    EnvelopeResult result = make_envelope(setup_.envelope, type, key, data, scope);
    if (!result.envelope) {
        reject(result.rejection);
        return refused_code();
    }
    if (setup_.credentials != nullptr &&
        (setup_.credentials->contains_secret(data) || setup_.credentials->contains_secret(key))) {
        reject("record contains a credential the host lent (refused, not written)");
        return refused_code();
    }
    std::lock_guard lock(mutex_);
    if (!tally_.output_error.empty()) return IRU_STATUS_CANCELLED;
    if (setup_.output != nullptr) {
        try {
            setup_.output->write(*result.envelope);
        } catch (const std::exception& e) {
            tally_.output_error = e.what();
            return IRU_STATUS_CANCELLED;
        }
    }
    const std::string type_name(type);
    ++tally_.counts[type_name];
    ++tally_.accepted;
    const std::string& summary_type = setup_.envelope.plugin->summary_record_type;
    if (!summary_type.empty() && type_name == summary_type)
        tally_.collection_summary = (*result.envelope)["data"];
    return cancel_requested() ? IRU_STATUS_CANCELLED : IRU_STATUS_OK;
}

std::int32_t HostSession::on_emit(const iru_host* host, const iru_record* record) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr) return IRU_STATUS_INTERNAL;
        if (record == nullptr) {
            s->reject("null record");
            return s->refused_code();
        }
        return s->emit(record, std::nullopt);
    } catch (...) {
        return IRU_STATUS_INTERNAL;
    }
}

void HostSession::on_progress(const iru_host* host, const iru_progress* progress) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr || progress == nullptr ||
            !IRU_STRUCT_HAS(progress, iru_progress, rate_limit_remaining))
            return;
        ProgressView view;
        {
            std::lock_guard lock(s->mutex_);
            s->tally_.requests = progress->requests_made;
            s->tally_.rate_limit_remaining = progress->rate_limit_remaining;
            view.by_type = s->tally_.counts;
            view.records = s->tally_.accepted;
        }
        view.source_id = s->setup_.envelope.source_id;
        view.requests = progress->requests_made;
        view.rate_limit_remaining = progress->rate_limit_remaining;
        if (IRU_STRUCT_HAS(progress, iru_progress, phase) && progress->phase != nullptr)
            view.phase = std::string(progress->phase, ::strnlen(progress->phase, 200));
        if (s->setup_.terminal != nullptr) s->setup_.terminal->progress(view);
    } catch (...) {}
}

std::int32_t HostSession::on_should_cancel(const iru_host* host) noexcept {
    HostSession* s = self(host);
    return s != nullptr && s->cancel_requested() ? 1 : 0;
}

std::int32_t HostSession::on_state_get(const iru_host* host, const char* key, iru_lend_fn use,
                                       void* ctx) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr || key == nullptr || use == nullptr) return IRU_STATUS_BAD_CONFIG;
        if (s->setup_.state == nullptr) return IRU_STATUS_NOT_FOUND;
        const std::optional<std::string> value =
            s->setup_.state->get(std::string(key, ::strnlen(key, 256)));
        if (!value) return IRU_STATUS_NOT_FOUND;
        use(ctx, value->data(), value->size());
        return IRU_STATUS_OK;
    } catch (...) {
        return IRU_STATUS_INTERNAL;
    }
}

std::int32_t HostSession::on_state_set(const iru_host* host, const char* key, const char* value,
                                       std::uint64_t value_len) noexcept {
    try {
        HostSession* s = self(host);
        if (s == nullptr || key == nullptr) return IRU_STATUS_BAD_CONFIG;
        if (s->setup_.state == nullptr) return IRU_STATUS_UNSUPPORTED;
        const std::string name(key, ::strnlen(key, 256));
        std::optional<std::string> bytes;
        if (value != nullptr) {
            if (value_len > StateStore::max_value_bytes) return s->refused_code();
            bytes = std::string(value, value_len);
            if (s->setup_.credentials != nullptr &&
                s->setup_.credentials->contains_secret(*bytes)) {
                s->setup_.terminal->log(s->setup_.envelope.source_id, LogLevel::warn,
                                        "refused a state value for \"" + printable(name) +
                                            "\": it contains a lent credential");
                return s->refused_code();
            }
        }
        const std::string refusal = s->setup_.state->set(name, std::move(bytes));
        if (!refusal.empty()) {
            if (s->setup_.terminal != nullptr)
                s->setup_.terminal->log(s->setup_.envelope.source_id, LogLevel::warn,
                                        "state refused: " + refusal);
            return s->refused_code();
        }
        return IRU_STATUS_OK;
    } catch (...) {
        return IRU_STATUS_INTERNAL;
    }
}

// iru.carry_forward/1 when the session knows the source's folder; NULL for every other id.
const void* HostSession::on_get_extension(const iru_host* host, const char* id) noexcept {
    HostSession* s = self(host);
    if (s == nullptr || id == nullptr || s->carry_ == nullptr) return nullptr;
    return std::strncmp(id, IRU_EXT_CARRY_FORWARD, sizeof IRU_EXT_CARRY_FORWARD) == 0
               ? &carry_forward_table
               : nullptr;
}

}  // namespace iru::host

// The ABI boundary: the one exported symbol and the C trampolines behind it. Every function here is
// noexcept and catches everything: no exception and no C++ type crosses into the host.
#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#define IRU_SOURCE_PLUGIN_DEFINE_ENTRY
#include <iru/source_plugin.h>

#include "plugin/descriptor.hpp"
#include "plugin/instance.hpp"
#include "plugin/options.hpp"

struct iru_instance {
    iru_instance(const iru_host* host, std::string_view options) : source(host, options) {}
    iru::heroku::SourceInstance source;
};

namespace iru::heroku {
namespace {

// last_error(NULL): the calling thread's last failed create. A plain char array: a thread_local
// with a destructor would make the C++ runtime hold the library loaded until every thread that
// called create has exited, so a host could never unload it. Longer messages are cut at a UTF-8
// boundary.
constexpr std::size_t create_error_capacity = 1024;
thread_local char create_error[create_error_capacity] = {};

void set_create_error(std::string_view message) noexcept {
    std::size_t n = std::min(message.size(), create_error_capacity - 1);
    while (n > 0 && n < message.size() && (static_cast<unsigned char>(message[n]) & 0xC0U) == 0x80U)
        --n;
    std::memcpy(create_error, message.data(), n);
    create_error[n] = '\0';
}

const iru_plugin_descriptor* describe() noexcept {
    static const std::vector<const char*> type_list = [] {
        std::vector<const char*> list;
        for (std::string_view type : record_types()) list.push_back(type.data());
        list.push_back(nullptr);
        return list;
    }();
    static const char* const credential_list[] = {token_credential.data(), nullptr};
    static const iru_plugin_descriptor descriptor = {
        sizeof(iru_plugin_descriptor),
        plugin_id.data(),
        plugin_name.data(),
        plugin_version.data(),
        plugin_description.data(),
        type_list.data(),
        credential_list,
        options_json_schema().c_str(),
        summary_record_type.data(),
    };
    return &descriptor;
}

bool host_is_usable(const iru_host* host, std::string& why) {
    if (host == nullptr) {
        why = "no host services were given";
        return false;
    }
    if (!IRU_STRUCT_HAS(host, iru_host, state_set) ||
        host->abi_version.major != IRU_PLUGIN_ABI_MAJOR) {
        why = "the host's services table is not ABI " + std::to_string(IRU_PLUGIN_ABI_MAJOR) + ".x";
        return false;
    }
    if (host->log == nullptr || host->get_credential == nullptr || host->emit == nullptr ||
        host->should_cancel == nullptr) {
        why = "the host lacks a required service (log, get_credential, emit, should_cancel)";
        return false;
    }
    return true;
}

std::int32_t create(const iru_host* host, const char* options_json, std::uint64_t options_len,
                    iru_instance** out) noexcept {
    if (out == nullptr) return IRU_STATUS_INTERNAL;
    *out = nullptr;
    set_create_error("");
    try {
        std::string why;
        if (!host_is_usable(host, why)) {
            set_create_error(why);
            return IRU_STATUS_UNSUPPORTED;
        }
        const std::string_view options = options_json == nullptr
                                             ? std::string_view()
                                             : std::string_view(options_json, options_len);
        *out = new iru_instance(host, options);
        return IRU_STATUS_OK;
    } catch (const OptionsError& e) {
        set_create_error(std::string("bad options: ") + e.what());
        return IRU_STATUS_BAD_CONFIG;
    } catch (const ApiError& e) {
        set_create_error(std::string("bad options: ") + e.what());
        return to_abi_status(e.status());
    } catch (const std::exception& e) {
        set_create_error(std::string("internal error: ") + e.what());
        return IRU_STATUS_INTERNAL;
    } catch (...) {
        set_create_error("internal error: unknown exception");
        return IRU_STATUS_INTERNAL;
    }
}

std::int32_t collect(iru_instance* instance) noexcept {
    if (instance == nullptr) return IRU_STATUS_INTERNAL;
    return instance->source.collect();
}

void cancel(iru_instance* instance) noexcept {
    if (instance != nullptr) instance->source.cancel();
}

void destroy(iru_instance* instance) noexcept { delete instance; }

const char* last_error(const iru_instance* instance) noexcept {
    return instance == nullptr ? create_error : instance->source.last_error().c_str();
}

// iru.check/1: the report is built into a string owned here and lent for the callback only.
std::int32_t run_check(iru_instance* instance, iru_lend_fn use, void* ctx) noexcept {
    if (instance == nullptr || use == nullptr) return IRU_STATUS_INTERNAL;
    std::string report;
    const std::int32_t status = instance->source.check(report);
    if (!report.empty()) use(ctx, report.data(), report.size());
    return status;
}

const iru_check_ext check_table = {sizeof(iru_check_ext), &run_check};

// Every instance offers the same extensions as the library.
const void* get_extension(const iru_instance* instance, const char* id) noexcept {
    (void)instance;
    if (id == nullptr) return nullptr;
    if (std::strcmp(id, IRU_EXT_CHECK) == 0) return &check_table;
    return nullptr;
}

const iru_source_plugin plugin_table = {
    sizeof(iru_source_plugin),
    &describe,
    &create,
    &collect,
    &cancel,
    &destroy,
    &last_error,
    &get_extension,
};

const iru_source_plugin* negotiate(const iru_abi_version* host_version) noexcept {
    if (host_version == nullptr || host_version->major != IRU_PLUGIN_ABI_MAJOR) return nullptr;
    return &plugin_table;
}

}  // namespace
}  // namespace iru::heroku

extern "C" IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry),
    {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR},
    &iru::heroku::negotiate,
};

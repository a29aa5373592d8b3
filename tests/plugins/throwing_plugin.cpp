// A C++ test plugin whose collect throws inside. Its own noexcept trampoline catches the exception
// ("contained"): collect returns IRU_STATUS_INTERNAL and last_error says what was thrown. The
// record emitted before the throw reached the host. Nothing of C++ crosses the boundary.
#include <atomic>
#include <stdexcept>
#include <string>
#include "create_error.hpp"

#define IRU_SOURCE_PLUGIN_DEFINE_ENTRY
#include <iru/source_plugin.h>

struct iru_instance {
    const iru_host* host = nullptr;
    std::string error;
};

namespace {

const char* const record_types[] = {"throwing.item", nullptr};
const char* const credential_names[] = {nullptr};
const iru_plugin_descriptor descriptor = {sizeof(iru_plugin_descriptor),
                                          "throwing",
                                          "Throwing test plugin",
                                          "1.0.0",
                                          "Throws inside collect.",
                                          record_types,
                                          credential_names,
                                          "{\"type\":\"object\"}",
                                          nullptr};

using iru::test_plugins::create_error;
using iru::test_plugins::set_create_error;

void collect_that_throws(iru_instance& instance) {
    const std::string data = "{\"before\":\"throw\"}";
    iru_record record{sizeof(iru_record), "throwing.item", "before-throw", data.data(),
                      data.size()};
    instance.host->emit(instance.host, &record);
    throw std::runtime_error("deliberate failure inside collect");
}

const iru_plugin_descriptor* describe() noexcept { return &descriptor; }

std::int32_t create(const iru_host* host, const char*, std::uint64_t, iru_instance** out) noexcept {
    try {
        *out = new iru_instance{host, {}};
        return IRU_STATUS_OK;
    } catch (...) {
        set_create_error("out of memory");
        return IRU_STATUS_INTERNAL;
    }
}

std::int32_t collect(iru_instance* instance) noexcept {
    try {
        collect_that_throws(*instance);
        return IRU_STATUS_OK;
    } catch (const std::exception& e) {
        instance->error = std::string("collect failed: ") + e.what();
        return IRU_STATUS_INTERNAL;
    } catch (...) {
        instance->error = "collect failed: unknown exception";
        return IRU_STATUS_INTERNAL;
    }
}

void cancel(iru_instance*) noexcept {}
void destroy(iru_instance* instance) noexcept { delete instance; }
const char* last_error(const iru_instance* instance) noexcept {
    return instance == nullptr ? create_error : instance->error.c_str();
}

const iru_source_plugin functions = {
    sizeof(iru_source_plugin), describe, create, collect, cancel, destroy, last_error, nullptr};

const iru_source_plugin* negotiate(const iru_abi_version* host_version) noexcept {
    return host_version != nullptr && host_version->major == IRU_PLUGIN_ABI_MAJOR ? &functions
                                                                                  : nullptr;
}

}  // namespace

extern "C" IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry), {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR}, &negotiate};

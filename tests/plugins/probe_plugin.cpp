// A test plugin that reports on, or harms, the process it runs in. Options {"action": A}:
//   "report"   emits "probe.process" {pid, dumpable, core_soft, core_hard, sigpipe_ignored,
//   as_limit}
//              (limits as numbers, -1 for unlimited) and returns ok
//   "segv"     emits one "probe.item", then writes through a bad pointer (SIGSEGV) inside collect
//   "abort"    emits one "probe.item", then calls abort()
//   "create_segv"  writes through a bad pointer (SIGSEGV) inside create, before any collect
//   "alloc"    tries to allocate and touch {"mb": N} MiB; emits "probe.item" {"allocated":
//   true|false};
//              with {"new": true} it allocates with operator new instead, so a failure throws
//              bad_alloc out of the noexcept collect: std::terminate, SIGABRT
// Built with PROBE_LOAD_MARKER, loading the library appends its id and a newline to the file named
// by $IRU_TEST_LOAD_MARKER (so a test can tell which plugins a host loaded).
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <iru/source_plugin.h>

#ifndef PROBE_PLUGIN_ID
#define PROBE_PLUGIN_ID "probe"
#endif

struct iru_instance {
    const iru_host* host = nullptr;
    std::string options;
};

namespace {

const char* const record_types[] = {"probe.process", "probe.item", nullptr};
const char* const credential_names[] = {nullptr};
const iru_plugin_descriptor descriptor = {sizeof(iru_plugin_descriptor),
                                          PROBE_PLUGIN_ID,
                                          "Probe test plugin",
                                          "1.0.0",
                                          "Reports on or harms its process.",
                                          record_types,
                                          credential_names,
                                          "{\"type\":\"object\"}",
                                          nullptr};

#ifdef PROBE_LOAD_MARKER
__attribute__((constructor)) void mark_loaded() {
    const char* file = std::getenv("IRU_TEST_LOAD_MARKER");
    if (file == nullptr) return;
    if (std::FILE* out = std::fopen(file, "a")) {
        (void)std::fputs(PROBE_PLUGIN_ID "\n", out);
        (void)std::fclose(out);
    }
}
#endif

long long limit_value(rlim_t value) {
    return value == RLIM_INFINITY ? -1 : static_cast<long long>(value);
}

void emit(const iru_instance& in, const char* type, const std::string& data) {
    const iru_record record{sizeof(iru_record), type, "one", data.data(), data.size()};
    in.host->emit(in.host, &record);
}

std::string process_report() {
    rlimit core{};
    rlimit as{};
    (void)getrlimit(RLIMIT_CORE, &core);
    (void)getrlimit(RLIMIT_AS, &as);
    struct sigaction pipe_action {};
    (void)sigaction(SIGPIPE, nullptr, &pipe_action);
    return "{\"pid\":" + std::to_string(getpid()) +
           ",\"dumpable\":" + std::to_string(prctl(PR_GET_DUMPABLE)) +
           ",\"core_soft\":" + std::to_string(limit_value(core.rlim_cur)) +
           ",\"core_hard\":" + std::to_string(limit_value(core.rlim_max)) +
           ",\"sigpipe_ignored\":" + (pipe_action.sa_handler == SIG_IGN ? "true" : "false") +
           ",\"as_limit\":" + std::to_string(limit_value(as.rlim_cur)) + "}";
}

bool has_action(const std::string& options, const char* action) {
    return options.find(std::string("\"action\":\"") + action + "\"") != std::string::npos;
}

long long megabytes(const std::string& options) {
    const auto at = options.find("\"mb\":");
    return at == std::string::npos ? 0 : std::atoll(options.c_str() + at + 5);
}

const iru_plugin_descriptor* describe() noexcept { return &descriptor; }

std::int32_t create(const iru_host* host, const char* options, std::uint64_t options_len,
                    iru_instance** out) noexcept {
    if (has_action(std::string(options, options_len), "create_segv")) {
        volatile std::uintptr_t bad = 8;  // volatile: the compiler cannot see the store is invalid
        *reinterpret_cast<volatile int*>(bad) = 1;
    }
    *out = new (std::nothrow) iru_instance{host, std::string(options, options_len)};
    return *out == nullptr ? IRU_STATUS_INTERNAL : IRU_STATUS_OK;
}

std::int32_t collect(iru_instance* in) noexcept {
    const std::string& o = in->options;
    if (has_action(o, "report")) {
        emit(*in, "probe.process", process_report());
    } else if (has_action(o, "segv")) {
        emit(*in, "probe.item", "{\"before\":\"segv\"}");
        volatile std::uintptr_t bad = 8;  // volatile: the compiler cannot see the store is invalid
        *reinterpret_cast<volatile int*>(bad) = 1;
    } else if (has_action(o, "abort")) {
        emit(*in, "probe.item", "{\"before\":\"abort\"}");
        std::abort();
    } else if (has_action(o, "alloc") && o.find("\"new\":true") != std::string::npos) {
        const auto bytes = static_cast<std::size_t>(megabytes(o)) * 1024 * 1024;
        auto* block = static_cast<char*>(::operator new(bytes));  // throws: collect is noexcept
        std::memset(block, 1, bytes);
        emit(*in, "probe.item", "{\"allocated\":true}");
        ::operator delete(block);
    } else if (has_action(o, "alloc")) {
        const auto bytes = static_cast<std::size_t>(megabytes(o)) * 1024 * 1024;
        void* block = std::malloc(bytes);
        if (block != nullptr) std::memset(block, 1, bytes);
        emit(*in, "probe.item",
             block != nullptr ? "{\"allocated\":true}" : "{\"allocated\":false}");
        std::free(block);
    }
    return IRU_STATUS_OK;
}

void cancel(iru_instance*) noexcept {}
void destroy(iru_instance* instance) noexcept { delete instance; }
const char* last_error(const iru_instance*) noexcept { return ""; }

const iru_source_plugin functions = {
    sizeof(iru_source_plugin), describe, create, collect, cancel, destroy, last_error, nullptr};

const iru_source_plugin* negotiate(const iru_abi_version* host_version) noexcept {
    return host_version != nullptr && host_version->major == IRU_PLUGIN_ABI_MAJOR ? &functions
                                                                                  : nullptr;
}

}  // namespace

extern "C" IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry), {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR}, negotiate};

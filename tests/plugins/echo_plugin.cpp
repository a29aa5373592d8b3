// The well-behaved test plugin the host tests drive instead of Heroku. Options (all optional):
//   records: [{type, key, data (object) | raw (string sent as data bytes)}]  emitted first, as
//   given count: N              then N "echo.item" records {"i": i} delay_ms: N           pause
//   before each generated record (cancellable: polls cancel every 10 ms) credential: "name"    asks
//   the host for it; emits "echo.credential" {name, length, sha256 of it};
//                         when refused, collect returns auth_failed
//   leak_credential: "record" | "log" | "state"   misbehaves: hands the secret to the host that way
//   state_counter: true   reads state "runs", emits "echo.state" {previous}, stores previous + 1
//   show_options: true    emits "echo.options" with the options it was created with
//   summary: {...}        emits "echo.collection_summary" with this data last
//   status: "ok" | "partial" | "auth_failed" | "permission_denied" | "network" | "internal" | ...
//   message: text         last_error when status is not ok
//   fail_create: text     create fails with bad_config and this message
//   ignore_cancel_ms: N   misbehaves: first sleeps N ms without looking at cancellation
//   host_extension: "id"  asks the host for that extension; emits "echo.extension" {id, offered}
//                         and carries on either way
//   With iru.carry_forward/1 (when the host offers none, each of these emits "echo.carry"
//   {offered: false} once and does nothing):
//   snapshot: true        calls last_snapshot; emits "echo.snapshot" {status, run_id,
//                         finished_at, records, complete}
//   carry: ["scope", ...] calls carry_forward for each, in order; emits "echo.carry"
//                         {scope, status, copied} for each (status a name as for status, or
//                         "not_found", "rejected", "cancelled")
//   scoped: [{type, key, data, scope}]  emitted with emit_scoped, after carry; emits "echo.carry"
//                         {scope, emit_status} for each the host does not accept
// Built with ECHO_CHECK_EXTENSION it offers iru.check/1, whose run_check lends these options:
//   check_report: {...}   the report (default {}); check_status: a status name as for status
//   check_credential: "name"  asks the host for it first; when refused, run_check says auth_failed
// Unknown options are a bad_config naming the option.
#include <openssl/evp.h>
#include "create_error.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>

#define IRU_SOURCE_PLUGIN_DEFINE_ENTRY
#include <iru/source_plugin.h>
#include <nlohmann/json.hpp>

#ifndef ECHO_PLUGIN_ID
#define ECHO_PLUGIN_ID "echo"
#endif

using nlohmann::json;

struct iru_instance {
    const iru_host* host = nullptr;
    json options;
    std::atomic<bool> cancelled{false};
    std::string error;
};

namespace {

const char* const record_types[] = {
    "echo.item",      "echo.credential", "echo.state",    "echo.options", "echo.collection_summary",
    "echo.extension", "echo.carry",      "echo.snapshot", "echo.app",     nullptr};
const char* const credential_names[] = {"token", nullptr};
const iru_plugin_descriptor descriptor = {
    sizeof(iru_plugin_descriptor), ECHO_PLUGIN_ID, "Echo test plugin", "1.2.3",
    "Emits what its options say.", record_types,   credential_names,   "{\"type\":\"object\"}",
    "echo.collection_summary"};

using iru::test_plugins::create_error;
using iru::test_plugins::set_create_error;

std::string sha256_hex(const char* bytes, std::size_t size) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes, size, digest, &length, EVP_sha256(), nullptr);
    std::string out;
    char hex[3];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", digest[i]);
        out += hex;
    }
    return out;
}

std::int32_t status_from(const std::string& name) {
    static const std::map<std::string, std::int32_t> statuses = {
        {"ok", IRU_STATUS_OK},
        {"partial", IRU_STATUS_PARTIAL},
        {"auth_failed", IRU_STATUS_AUTH_FAILED},
        {"permission_denied", IRU_STATUS_PERMISSION_DENIED},
        {"rate_limited", IRU_STATUS_RATE_LIMITED},
        {"network", IRU_STATUS_NETWORK},
        {"bad_config", IRU_STATUS_BAD_CONFIG},
        {"internal", IRU_STATUS_INTERNAL}};
    const auto it = statuses.find(name);
    return it == statuses.end() ? IRU_STATUS_INTERNAL : it->second;
}

bool stop_requested(iru_instance& in) {
    return in.cancelled.load() || in.host->should_cancel(in.host) != 0;
}

std::int32_t emit(iru_instance& in, const std::string& type, const std::string& key,
                  const std::string& data) {
    iru_record record{sizeof(iru_record), type.c_str(), key.c_str(), data.data(), data.size()};
    return in.host->emit(in.host, &record);
}

struct Lent {
    std::string value;
    static void take(void* ctx, const char* value, std::uint64_t len) {
        static_cast<Lent*>(ctx)->value.assign(value, len);
    }
};

std::string status_name(std::int32_t status) {
    static const std::map<std::int32_t, std::string> names = {{IRU_STATUS_OK, "ok"},
                                                              {IRU_STATUS_NOT_FOUND, "not_found"},
                                                              {IRU_STATUS_REJECTED, "rejected"},
                                                              {IRU_STATUS_CANCELLED, "cancelled"},
                                                              {IRU_STATUS_BAD_CONFIG, "bad_config"},
                                                              {IRU_STATUS_INTERNAL, "internal"}};
    const auto it = names.find(status);
    return it == names.end() ? std::to_string(status) : it->second;
}

const iru_carry_forward_ext* carry_extension(const iru_host* host) {
    if (!IRU_STRUCT_HAS(host, iru_host, get_extension) || host->get_extension == nullptr)
        return nullptr;
    const auto* table =
        static_cast<const iru_carry_forward_ext*>(host->get_extension(host, IRU_EXT_CARRY_FORWARD));
    return IRU_STRUCT_HAS(table, iru_carry_forward_ext, last_snapshot) ? table : nullptr;
}

void report_snapshot(iru_instance& in, const iru_carry_forward_ext& ext) {
    iru_snapshot_info info{sizeof(iru_snapshot_info), nullptr, nullptr, 0, 0};
    const std::int32_t status = ext.last_snapshot(in.host, &info);
    json data{{"status", status_name(status)}};
    if (status == IRU_STATUS_OK)
        data.update({{"run_id", info.run_id},
                     {"finished_at", info.finished_at},
                     {"records", info.records},
                     {"complete", info.status == IRU_STATUS_OK}});
    emit(in, "echo.snapshot", "snapshot", data.dump());
}

// The carry_forward options (see the top of this file).
void carry_forward(iru_instance& in) {
    const json& o = in.options;
    if (!o.contains("snapshot") && !o.contains("carry") && !o.contains("scoped")) return;
    const iru_carry_forward_ext* ext = carry_extension(in.host);
    if (ext == nullptr) {
        emit(in, "echo.carry", "offered", json{{"offered", false}}.dump());
        return;
    }
    if (o.value("snapshot", false)) report_snapshot(in, *ext);
    for (const auto& scope : o.value("carry", json::array())) {
        const std::string name = scope.get<std::string>();
        std::uint64_t copied = 99;
        const std::int32_t status = ext->carry_forward(in.host, name.c_str(), &copied);
        emit(in, "echo.carry", "carry " + name,
             json{{"scope", name}, {"status", status_name(status)}, {"copied", copied}}.dump());
    }
    for (const auto& r : o.value("scoped", json::array())) {
        const std::string type = r.value("type", "echo.app");
        const std::string key = r.value("key", "k");
        const std::string data = r.value("data", json::object()).dump();
        const std::string scope = r.value("scope", "");
        const iru_record record{sizeof(iru_record), type.c_str(), key.c_str(), data.data(),
                                data.size()};
        const std::int32_t status = ext->emit_scoped(in.host, &record, scope.c_str());
        if (status != IRU_STATUS_OK)
            emit(in, "echo.carry", "emit " + scope + " " + key,
                 json{{"scope", scope}, {"emit_status", status_name(status)}}.dump());
    }
}

std::int32_t run(iru_instance& in) {
    const json& o = in.options;
    if (o.contains("ignore_cancel_ms"))
        std::this_thread::sleep_for(
            std::chrono::milliseconds(o["ignore_cancel_ms"].get<long long>()));
    if (o.contains("credential")) {
        const std::string name = o["credential"].get<std::string>();
        Lent lent;
        const std::int32_t got = in.host->get_credential(in.host, name.c_str(), &Lent::take, &lent);
        if (got != IRU_STATUS_OK) {
            in.error = "credential \"" + name + "\" was not lent (host status " +
                       std::to_string(got) + ")";
            return IRU_STATUS_AUTH_FAILED;
        }
        emit(in, "echo.credential", name,
             json{{"name", name},
                  {"length", lent.value.size()},
                  {"sha256", sha256_hex(lent.value.data(), lent.value.size())}}
                 .dump());
        const std::string leak = o.value("leak_credential", "");
        if (leak == "record")
            emit(in, "echo.item", "leak", json{{"oops", "token=" + lent.value}}.dump());
        if (leak == "log")
            in.host->log(in.host, IRU_LOG_WARN, ("using token " + lent.value).c_str());
        if (leak == "state")
            in.host->state_set(in.host, "leak", lent.value.data(), lent.value.size());
        std::fill(lent.value.begin(), lent.value.end(), '\0');
    }
    if (o.value("state_counter", false)) {
        Lent previous;
        const bool found =
            in.host->state_get(in.host, "runs", &Lent::take, &previous) == IRU_STATUS_OK;
        const long long runs = found ? std::stoll(previous.value) : 0;
        emit(in, "echo.state", "runs",
             json{{"previous", found ? json(runs) : json(nullptr)}}.dump());
        const std::string next = std::to_string(runs + 1);
        in.host->state_set(in.host, "runs", next.data(), next.size());
    }
    if (o.value("show_options", false)) emit(in, "echo.options", "options", o.dump());
    if (o.contains("host_extension")) {
        const std::string id = o["host_extension"].get<std::string>();
        const void* table =
            IRU_STRUCT_HAS(in.host, iru_host, get_extension) && in.host->get_extension != nullptr
                ? in.host->get_extension(in.host, id.c_str())
                : nullptr;
        emit(in, "echo.extension", id, json{{"id", id}, {"offered", table != nullptr}}.dump());
    }
    carry_forward(in);
    if (o.contains("records")) {
        for (const auto& r : o["records"]) {
            const std::string data = r.contains("raw") ? r["raw"].get<std::string>()
                                                       : r.value("data", json::object()).dump();
            emit(in, r.value("type", "echo.item"), r.value("key", "k"), data);
        }
    }
    const long long count = o.value("count", 0LL);
    const auto delay = std::chrono::milliseconds(o.value("delay_ms", 0LL));
    for (long long i = 0; i < count; ++i) {
        const auto until = std::chrono::steady_clock::now() + delay;
        while (std::chrono::steady_clock::now() < until) {
            if (stop_requested(in)) return IRU_STATUS_CANCELLED;
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::min<long long>(10, delay.count())));
        }
        if (stop_requested(in)) return IRU_STATUS_CANCELLED;
        if (emit(in, "echo.item", "item-" + std::to_string(i), json{{"i", i}}.dump()) ==
            IRU_STATUS_CANCELLED)
            return IRU_STATUS_CANCELLED;
        iru_progress progress{sizeof(iru_progress), static_cast<std::uint64_t>(i + 1),
                              static_cast<std::uint64_t>(i + 1), 4500 - i, "echo items"};
        in.host->progress(in.host, &progress);
    }
    const std::int32_t status = status_from(o.value("status", "ok"));
    if (status != IRU_STATUS_OK) in.error = o.value("message", "echo failed as asked");
    return status;
}

const iru_plugin_descriptor* describe() noexcept { return &descriptor; }

std::int32_t create(const iru_host* host, const char* options, std::uint64_t options_len,
                    iru_instance** out) noexcept {
    *out = nullptr;
    set_create_error("");
    try {
        json o = json::parse(std::string(options, options_len));
        if (!o.is_object()) throw std::invalid_argument("options must be an object");
        static const char* const known[] = {"records",      "count",           "delay_ms",
                                            "credential",   "leak_credential", "state_counter",
                                            "show_options", "summary",         "status",
                                            "message",      "fail_create",     "ignore_cancel_ms",
                                            "include",      "exclude",         "host_extension",
                                            "check_report", "check_status",    "check_credential",
                                            "snapshot",     "carry",           "scoped"};
        for (const auto& item : o.items()) {
            bool ok = false;
            for (const char* k : known) ok = ok || item.key() == k;
            if (!ok) throw std::invalid_argument("unknown option \"" + item.key() + "\"");
        }
        if (o.contains("fail_create"))
            throw std::invalid_argument(o["fail_create"].get<std::string>());
        auto* instance = new iru_instance();
        instance->host = host;
        instance->options = std::move(o);
        *out = instance;
        return IRU_STATUS_OK;
    } catch (const std::exception& e) {
        set_create_error(e.what());
        return IRU_STATUS_BAD_CONFIG;
    } catch (...) {
        set_create_error("unknown failure");
        return IRU_STATUS_INTERNAL;
    }
}

std::int32_t collect(iru_instance* instance) noexcept {
    try {
        instance->error.clear();
        std::int32_t status = run(*instance);
        if (status == IRU_STATUS_CANCELLED) instance->error = "cancelled";
        if (instance->options.contains("summary")) {
            json summary = instance->options["summary"];
            if (status == IRU_STATUS_CANCELLED) summary["status"] = "cancelled";
            emit(*instance, "echo.collection_summary", "summary", summary.dump());
        }
        return status;
    } catch (const std::exception& e) {
        instance->error = std::string("echo failed: ") + e.what();
        return IRU_STATUS_INTERNAL;
    } catch (...) {
        instance->error = "echo failed";
        return IRU_STATUS_INTERNAL;
    }
}

void cancel(iru_instance* instance) noexcept {
    if (instance != nullptr) instance->cancelled.store(true);
}
void destroy(iru_instance* instance) noexcept { delete instance; }
const char* last_error(const iru_instance* instance) noexcept {
    return instance == nullptr ? create_error : instance->error.c_str();
}

#ifdef ECHO_CHECK_EXTENSION
std::int32_t run_check(iru_instance* instance, iru_lend_fn use, void* ctx) noexcept {
    try {
        instance->error.clear();
        const json& o = instance->options;
        if (o.contains("check_credential")) {
            const std::string name = o["check_credential"].get<std::string>();
            Lent lent;
            if (instance->host->get_credential(instance->host, name.c_str(), &Lent::take, &lent) !=
                IRU_STATUS_OK) {
                instance->error = "credential \"" + name + "\" was not lent";
                return IRU_STATUS_AUTH_FAILED;
            }
            std::fill(lent.value.begin(), lent.value.end(), '\0');
        }
        const std::string report = o.value("check_report", json::object()).dump();
        use(ctx, report.data(), report.size());
        const std::int32_t status = status_from(o.value("check_status", "ok"));
        if (status != IRU_STATUS_OK)
            instance->error = o.value("message", "echo check failed as asked");
        return status;
    } catch (const std::exception& e) {
        instance->error = std::string("echo check failed: ") + e.what();
        return IRU_STATUS_INTERNAL;
    }
}

const iru_check_ext check_extension = {sizeof(iru_check_ext), &run_check};
#endif

const void* get_extension(const iru_instance* instance, const char* id) noexcept {
    (void)instance;
#ifdef ECHO_CHECK_EXTENSION
    if (id != nullptr && std::string(id) == IRU_EXT_CHECK) return &check_extension;
#else
    (void)id;
#endif
    return nullptr;
}

const iru_source_plugin functions = {sizeof(iru_source_plugin),
                                     describe,
                                     create,
                                     collect,
                                     cancel,
                                     destroy,
                                     last_error,
                                     get_extension};

const iru_source_plugin* negotiate(const iru_abi_version* host_version) noexcept {
    return host_version != nullptr && host_version->major == IRU_PLUGIN_ABI_MAJOR ? &functions
                                                                                  : nullptr;
}

}  // namespace

extern "C" IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry), {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR}, &negotiate};

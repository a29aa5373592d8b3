/* A plugin of ABI 1.0, compiled as C against the unmodified 1.0 header kept beside it
 * (tests/plugins/abi_1_0/iru/source_plugin.h), never against the current one: it proves a 1.1 host
 * runs a 1.0 plugin unchanged. Its table and descriptor end where 1.0 ends (no get_extension, no
 * summary_record_type). collect emits two "abi10.item" records and one "abi10.collection_summary",
 * which a 1.1 host must keep as an ordinary record: the type's suffix means nothing to it. */
#include <stdlib.h>

#include <iru/source_plugin.h>

#if IRU_PLUGIN_ABI_MINOR != 0u
#error "this plugin must be built against the ABI 1.0 header"
#endif

struct iru_instance {
    const iru_host *host;
    volatile int cancelled;
};

static const char *const record_types[] = {"abi10.item", "abi10.collection_summary", NULL};
static const char *const credential_names[] = {NULL};

static const iru_plugin_descriptor descriptor = {
    sizeof(iru_plugin_descriptor),
    "abi-1-0",
    "ABI 1.0 test plugin",
    "1.0.0",
    "Built against the 1.0 header.",
    record_types,
    credential_names,
    "{\"type\":\"object\",\"additionalProperties\":false}"};

static const iru_plugin_descriptor *describe(void) { return &descriptor; }

static int32_t create(const iru_host *host, const char *options, uint64_t options_len,
                      iru_instance **out) {
    (void)options;
    (void)options_len;
    if (out == NULL) return IRU_STATUS_INTERNAL;
    *out = NULL;
    /* A 1.0 plugin reads the host's table only up to the 1.0 size. */
    if (!IRU_STRUCT_HAS(host, iru_host, state_set) || host->abi_version.major != 1u)
        return IRU_STATUS_UNSUPPORTED;
    *out = calloc(1, sizeof(iru_instance));
    if (*out == NULL) return IRU_STATUS_INTERNAL;
    (*out)->host = host;
    return IRU_STATUS_OK;
}

static int32_t emit(iru_instance *instance, const char *type, const char *key, const char *data,
                    uint64_t len) {
    iru_record record = {sizeof(iru_record), type, key, data, len};
    return instance->host->emit(instance->host, &record);
}

static int32_t collect(iru_instance *instance) {
    static const char one[] = "{\"n\":1}";
    static const char two[] = "{\"n\":2}";
    static const char summary[] = "{\"status\":\"ok\",\"items\":2}";
    if (instance->cancelled) return IRU_STATUS_CANCELLED;
    instance->host->log(instance->host, IRU_LOG_INFO, "a 1.0 plugin collecting");
    if (emit(instance, "abi10.item", "one", one, sizeof one - 1) == IRU_STATUS_CANCELLED)
        return IRU_STATUS_CANCELLED;
    if (emit(instance, "abi10.item", "two", two, sizeof two - 1) == IRU_STATUS_CANCELLED)
        return IRU_STATUS_CANCELLED;
    emit(instance, "abi10.collection_summary", "summary", summary, sizeof summary - 1);
    return IRU_STATUS_OK;
}

static void cancel(iru_instance *instance) {
    if (instance != NULL) instance->cancelled = 1;
}

static void destroy(iru_instance *instance) { free(instance); }

static const char *last_error(const iru_instance *instance) {
    (void)instance;
    return "";
}

static const iru_source_plugin functions = {
    sizeof(iru_source_plugin), describe, create, collect, cancel, destroy, last_error};

static const iru_source_plugin *negotiate(const iru_abi_version *host_version) {
    if (host_version == NULL || host_version->major != 1u) return NULL;
    return &functions;
}

IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry), {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR}, negotiate};

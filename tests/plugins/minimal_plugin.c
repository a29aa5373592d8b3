/* A minimal test plugin in plain C, shaped by macros into each misbehaviour the host must refuse:
 *   MINIMAL_ABI_MAJOR   the ABI major its entry declares (default 1)
 *   MINIMAL_ABI_MINOR   the ABI minor its entry declares (default the header's)
 *   MINIMAL_ID          descriptor id (default "minimal")
 *   MINIMAL_VERSION     descriptor version (default "1.0.0")
 *   MINIMAL_OMIT_ENTRY  export a differently named object instead of the entry symbol
 * When loaded, collect emits one "minimal.item" record and returns OK. */
#include <stdlib.h>
#include <string.h>

#define IRU_SOURCE_PLUGIN_DEFINE_ENTRY
#include <iru/source_plugin.h>

#ifndef MINIMAL_ABI_MAJOR
#define MINIMAL_ABI_MAJOR 1u
#endif
#ifndef MINIMAL_ABI_MINOR
#define MINIMAL_ABI_MINOR IRU_PLUGIN_ABI_MINOR
#endif
#ifndef MINIMAL_ID
#define MINIMAL_ID "minimal"
#endif
#ifndef MINIMAL_VERSION
#define MINIMAL_VERSION "1.0.0"
#endif

struct iru_instance {
    const iru_host *host;
    volatile int cancelled;
};

static const char *const record_types[] = {"minimal.item", NULL};
static const char *const credential_names[] = {NULL};

static const iru_plugin_descriptor descriptor = {
    sizeof(iru_plugin_descriptor),
    MINIMAL_ID,
    "Minimal test plugin",
    MINIMAL_VERSION,
    "Emits one record.",
    record_types,
    credential_names,
    "{\"type\":\"object\",\"additionalProperties\":false}",
    NULL};

static const iru_plugin_descriptor *describe(void) { return &descriptor; }

static int32_t create(const iru_host *host, const char *options, uint64_t options_len,
                      iru_instance **out) {
    (void)options;
    (void)options_len;
    if (out == NULL) return IRU_STATUS_INTERNAL;
    *out = calloc(1, sizeof(iru_instance));
    if (*out == NULL) return IRU_STATUS_INTERNAL;
    (*out)->host = host;
    return IRU_STATUS_OK;
}

static int32_t collect(iru_instance *instance) {
    static const char data[] = "{\"n\":1}";
    iru_record record = {sizeof(iru_record), "minimal.item", "one", data, sizeof data - 1};
    if (instance->cancelled) return IRU_STATUS_CANCELLED;
    instance->host->emit(instance->host, &record);
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

/* Offers no extension. */
static const void *get_extension(const iru_instance *instance, const char *id) {
    (void)instance;
    (void)id;
    return NULL;
}

static const iru_source_plugin functions = {sizeof(iru_source_plugin),
                                            describe,
                                            create,
                                            collect,
                                            cancel,
                                            destroy,
                                            last_error,
                                            get_extension};

static const iru_source_plugin *negotiate(const iru_abi_version *host_version) {
    if (host_version == NULL || host_version->major != MINIMAL_ABI_MAJOR) return NULL;
    return &functions;
}

#ifdef MINIMAL_OMIT_ENTRY
IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry_misspelled = {
    sizeof(iru_plugin_entry), {MINIMAL_ABI_MAJOR, MINIMAL_ABI_MINOR}, negotiate};
#else
IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry), {MINIMAL_ABI_MAJOR, MINIMAL_ABI_MINOR}, negotiate};
#endif

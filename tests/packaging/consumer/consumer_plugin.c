/* The smallest complete source plugin, written only against the installed <iru/source_plugin.h>:
 * collect emits one "consumer.item" record. */
#include <stdlib.h>

#define IRU_SOURCE_PLUGIN_DEFINE_ENTRY
#include <iru/source_plugin.h>

struct iru_instance {
    const iru_host *host;
};

static const char *const record_types[] = {"consumer.item", NULL};
static const char *const credential_names[] = {NULL};

static const iru_plugin_descriptor descriptor = {sizeof(iru_plugin_descriptor),
                                                 "consumer",
                                                 "Out-of-tree consumer plugin",
                                                 "0.1.0",
                                                 "Emits one record.",
                                                 record_types,
                                                 credential_names,
                                                 "{\"type\":\"object\"}",
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
    iru_record record = {sizeof(iru_record), "consumer.item", "one", data, sizeof data - 1};
    instance->host->emit(instance->host, &record);
    return IRU_STATUS_OK;
}

static void cancel(iru_instance *instance) { (void)instance; }

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
    if (host_version == NULL || host_version->major != IRU_PLUGIN_ABI_MAJOR) return NULL;
    return &functions;
}

IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry), {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR}, negotiate};

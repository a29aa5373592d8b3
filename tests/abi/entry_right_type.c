/* Compiles: the entry defined as the header declares it (the counterpart of entry_wrong_type.c). */
#define IRU_SOURCE_PLUGIN_DEFINE_ENTRY
#include <iru/source_plugin.h>

static const iru_source_plugin *negotiate(const iru_abi_version *host_version) {
    (void)host_version;
    return NULL;
}

IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
    sizeof(iru_plugin_entry), {IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR}, negotiate};

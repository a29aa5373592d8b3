/* Compiled as C11 with -Wall -Wextra -Wpedantic -Werror: the ABI header is plain C. The layout of
 * ABI 1.0 is pinned here: moving or resizing a field is a major-version change, and this file says
 * so at compile time. (x86_64 / aarch64 LP64 layout.) */
#include <iru/source_plugin.h>

#include <stddef.h>

_Static_assert(IRU_PLUGIN_ABI_MAJOR == 1u, "this file pins the layout of ABI 1.x");
_Static_assert(sizeof(void *) == 8, "layout pinned for LP64 targets");

_Static_assert(offsetof(iru_plugin_entry, struct_size) == 0, "struct_size comes first");
_Static_assert(offsetof(iru_plugin_entry, abi_version) == 4, "entry layout");
_Static_assert(offsetof(iru_plugin_entry, negotiate) == 16, "entry layout");

_Static_assert(offsetof(iru_host, struct_size) == 0, "struct_size comes first");
_Static_assert(offsetof(iru_host, abi_version) == 4, "host layout");
_Static_assert(offsetof(iru_host, host_data) == 16, "host layout");
_Static_assert(offsetof(iru_host, log) == 40, "host layout");
_Static_assert(offsetof(iru_host, get_credential) == 48, "host layout");
_Static_assert(offsetof(iru_host, emit) == 56, "host layout");
_Static_assert(offsetof(iru_host, progress) == 64, "host layout");
_Static_assert(offsetof(iru_host, should_cancel) == 72, "host layout");
_Static_assert(offsetof(iru_host, state_get) == 80, "host layout");
_Static_assert(offsetof(iru_host, state_set) == 88, "host layout");

_Static_assert(offsetof(iru_source_plugin, describe) == 8, "plugin table layout");
_Static_assert(offsetof(iru_source_plugin, create) == 16, "plugin table layout");
_Static_assert(offsetof(iru_source_plugin, collect) == 24, "plugin table layout");
_Static_assert(offsetof(iru_source_plugin, cancel) == 32, "plugin table layout");
_Static_assert(offsetof(iru_source_plugin, destroy) == 40, "plugin table layout");
_Static_assert(offsetof(iru_source_plugin, last_error) == 48, "plugin table layout");

_Static_assert(offsetof(iru_record, data_len) == 32, "record layout");
_Static_assert(offsetof(iru_plugin_descriptor, options_schema) == 56, "descriptor layout");

/* A host-side reader of a struct from a newer or older peer uses IRU_STRUCT_HAS. */
int iru_abi_check_struct_has(const iru_host *host) {
    return IRU_STRUCT_HAS(host, iru_host, state_set) ? 1 : 0;
}

/* Compiled as C11 with -Wall -Wextra -Wpedantic -Werror: the ABI header is plain C. The layout of
 * ABI 1.1 is pinned here, and so is its 1.0 prefix (the same offsets the kept 1.0 header copy is
 * checked against): moving or resizing a field is a major-version change, and this file says so
 * at compile time. (x86_64 / aarch64 LP64 layout.) */
#include <iru/source_plugin.h>

#include <stddef.h>

#include "abi_layout_1_0.h"

_Static_assert(IRU_PLUGIN_ABI_MAJOR == 1u, "this file pins the layout of ABI 1.x");
_Static_assert(IRU_PLUGIN_ABI_MINOR == 1u, "this file pins the layout up to ABI 1.1");
_Static_assert(sizeof(void *) == 8, "layout pinned for LP64 targets");

/* 1.0, unchanged. */
IRU_ASSERT_1_0_PREFIX();
_Static_assert(sizeof(iru_plugin_entry) == IRU_1_0_SIZEOF_ENTRY,
               "the entry never grows before negotiate");
_Static_assert(sizeof(iru_record) == IRU_1_0_SIZEOF_RECORD, "record unchanged in 1.1");
_Static_assert(sizeof(iru_progress) == IRU_1_0_SIZEOF_PROGRESS, "progress unchanged in 1.1");

/* 1.1: appended right after the 1.0 ends, nothing else. */
IRU_ASSERT_OFFSET(iru_host, get_extension, IRU_1_0_SIZEOF_HOST);
_Static_assert(sizeof(iru_host) == IRU_1_0_SIZEOF_HOST + 8, "1.1 host size");
IRU_ASSERT_OFFSET(iru_source_plugin, get_extension, IRU_1_0_SIZEOF_SOURCE_PLUGIN);
_Static_assert(sizeof(iru_source_plugin) == IRU_1_0_SIZEOF_SOURCE_PLUGIN + 8,
               "1.1 plugin table size");
IRU_ASSERT_OFFSET(iru_plugin_descriptor, summary_record_type, IRU_1_0_SIZEOF_DESCRIPTOR);
_Static_assert(sizeof(iru_plugin_descriptor) == IRU_1_0_SIZEOF_DESCRIPTOR + 8,
               "1.1 descriptor size");
_Static_assert(IRU_STATUS_REJECTED == 11, "status code added in 1.1");

/* Extension tables. */
IRU_ASSERT_OFFSET(iru_check_ext, struct_size, 0);
IRU_ASSERT_OFFSET(iru_check_ext, run_check, 8);
_Static_assert(sizeof(iru_check_ext) == 16, "iru.check/1 table size");
IRU_ASSERT_OFFSET(iru_carry_forward_ext, emit_scoped, 8);
IRU_ASSERT_OFFSET(iru_carry_forward_ext, carry_forward, 16);
IRU_ASSERT_OFFSET(iru_carry_forward_ext, last_snapshot, 24);
_Static_assert(sizeof(iru_carry_forward_ext) == 32, "iru.carry_forward/1 table size");
IRU_ASSERT_OFFSET(iru_snapshot_info, run_id, 8);
IRU_ASSERT_OFFSET(iru_snapshot_info, finished_at, 16);
IRU_ASSERT_OFFSET(iru_snapshot_info, records, 24);
IRU_ASSERT_OFFSET(iru_snapshot_info, status, 32);
_Static_assert(sizeof(iru_snapshot_info) == 40, "iru.carry_forward/1 snapshot info size");
_Static_assert(IRU_SCOPE_MAX_BYTES == 128u, "iru.carry_forward/1 scope limit");

/* A reader of a struct from a newer or older peer uses IRU_STRUCT_HAS: a 1.0 host table does not
 * have get_extension, a 1.1 one does. */
int iru_abi_check_struct_has(const iru_host *host) {
    return IRU_STRUCT_HAS(host, iru_host, get_extension) ? 1 : 0;
}

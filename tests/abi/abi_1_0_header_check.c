/* Compiled as C11 against the kept copy of the 1.0 header (tests/plugins/abi_1_0): the copy is the
 * 1.0 layout this project pinned, so the test plugin built against it is a real 1.0 plugin. */
#include <iru/source_plugin.h>

#include "abi_layout_1_0.h"

_Static_assert(IRU_PLUGIN_ABI_MAJOR == 1u && IRU_PLUGIN_ABI_MINOR == 0u, "the 1.0 header copy");
_Static_assert(sizeof(void *) == 8, "layout pinned for LP64 targets");

IRU_ASSERT_1_0_PREFIX();
_Static_assert(sizeof(iru_host) == IRU_1_0_SIZEOF_HOST, "1.0 host size");
_Static_assert(sizeof(iru_source_plugin) == IRU_1_0_SIZEOF_SOURCE_PLUGIN, "1.0 plugin table size");
_Static_assert(sizeof(iru_plugin_descriptor) == IRU_1_0_SIZEOF_DESCRIPTOR, "1.0 descriptor size");
_Static_assert(sizeof(iru_plugin_entry) == IRU_1_0_SIZEOF_ENTRY, "1.0 entry size");
_Static_assert(sizeof(iru_record) == IRU_1_0_SIZEOF_RECORD, "1.0 record size");
_Static_assert(sizeof(iru_progress) == IRU_1_0_SIZEOF_PROGRESS, "1.0 progress size");
